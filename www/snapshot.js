// The snapshot view: what the inputs held, and which checks did not run for want of an input,
// with the commands that collect it. Nodes only, built with textContent.
import { el, codeBlock, copyButton } from './render.js';

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * Account, region, time, resources by type, and the principals (`inventory` from analyze()).
 * `actions`: `{locate(input, range), findings(text)}` for the principals' links.
 */
export function snapshotView(inventory, actions = {}) {
  const { account, region, captured, resources = [], policies = 0 } = inventory ?? {};
  const meta = el('dl', { className: 'snap-meta' });
  for (const [term, value] of [['Account', account], ['Region', region], ['Captured', captured]]) {
    meta.append(el('div', null, el('dt', null, term), el('dd', null, value ? el('code', null, value) : el('span', { className: 'muted' }, 'not given'))));
  }
  const counts = el('ul', { className: 'snap-counts', ariaLabel: 'Resources by type' });
  for (const [label, n] of [...resources, ['policy documents', policies]]) {
    const item = el('li', null, label, ' ', el('span', { className: 'snap-n' }, n.toLocaleString()));
    item.dataset.type = label;
    counts.append(item);
  }
  return [el('h3', { id: 'snapshot-h' }, 'Snapshot'), meta, counts, principalsView(inventory?.principals, actions)].filter(Boolean);
}

/** Rows shown at once: a 20 MB account has thousands of principals; the filter narrows them. */
const SHOWN = 300;
const FLAGS = [['admin-access', 'admin'], ['privilege-escalation', 'escalation'], ['missing-permissions-boundary', 'no boundary'],
  ['boundary-not-enforced', 'boundary not pinned'], ['ineffective-permissions-boundary', 'weak boundary']];

/**
 * Every user, group and role (`inventory.principals`): what it is, what it can do (the
 * principal-level rules that flag it), its boundary. Sortable by column, filtered by text;
 * a row's name shows its entry in the source, its flags filter the findings to it.
 */
function principalsView(principals, { locate, findings } = {}) {
  if (!principals?.length) return null;
  const columns = [
    ['Name', (p) => p.name], ['Kind', (p) => p.kind],
    ['Can', (p) => FLAGS.filter(([id]) => p.rules.includes(id)).length * 100 + (p.credentials?.length ?? 0) + (p.data?.length ?? 0)],
    ['Boundary', (p) => p.boundary ?? ''], ['Policies', (p) => p.policies],
  ];
  let sort = { col: 2, desc: true };
  const filter = el('input', { type: 'search', className: 'pr-filter', placeholder: 'Filter by name, kind, rule or boundary', ariaLabel: 'Filter principals' });
  const body = el('tbody');
  const more = el('p', { className: 'muted' });
  const head = el('tr');
  const render = () => {
    const q = filter.value.trim().toLowerCase();
    const key = columns[sort.col][1];
    const rows = principals.filter((p) => !q || [p.name, p.kind, p.boundary ?? '', ...p.rules, ...(p.data ?? []), ...(p.credentials ?? [])].some((v) => v.toLowerCase().includes(q)));
    rows.sort((a, b) => { const x = key(a); const y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (sort.desc ? -1 : 1) || (a.name < b.name ? -1 : 1); });
    body.replaceChildren(...rows.slice(0, SHOWN).map((p) => {
      const name = locate ? el('button', { type: 'button', className: 'linklike', title: `Show ${p.arn} in its input` }, el('code', null, p.name)) : el('code', null, p.name);
      if (locate) name.addEventListener('click', () => locate(p.input, p.range));
      const flags = el('td', null, ...FLAGS.filter(([id]) => p.rules.includes(id)).map(([id, label]) => {
        const b = el('button', { type: 'button', className: `pr-flag pr-${id}`, title: `Show the ${id} findings of ${p.name}` }, label);
        if (findings) b.addEventListener('click', () => findings(p.name));
        return b;
      }), ...[['data', 'reads data', p.data], ['credentials', 'mints credentials', p.credentials]]
        .filter(([, , actions]) => actions?.length)
        .map(([kind, label, actions]) => el('span', { className: `pr-can pr-${kind}`, title: `On every resource: ${actions.join(', ')}` }, `${label} (${actions.length})`)));
      return el('tr', null, el('td', null, name), el('td', null, p.kind), flags,
        el('td', null, p.boundary ? el('code', null, p.boundary.split('/').pop()) : el('span', { className: 'muted' }, 'none')),
        el('td', null, String(p.policies)));
    }));
    more.textContent = rows.length > SHOWN ? `${plural(rows.length - SHOWN, 'more principal')}: narrow the filter to see them` : '';
  };
  columns.forEach(([label], i) => {
    const button = el('button', { type: 'button', className: 'linklike' }, label);
    button.addEventListener('click', () => { sort = { col: i, desc: sort.col === i ? !sort.desc : i >= 2 }; render(); });
    head.append(el('th', { scope: 'col' }, button));
  });
  filter.addEventListener('input', render);
  render();
  const flagged = principals.filter((p) => p.rules.length).length;
  return el('details', { className: 'principals', id: 'principals', open: principals.length <= SHOWN },
    el('summary', null, el('h3', null, `Principals: ${plural(principals.length, 'user, group or role', 'users, groups and roles')}, ${flagged.toLocaleString()} flagged`)),
    filter, el('table', { className: 'pr-table' }, el('thead', null, head), body), more);
}

/**
 * The checks skipped for want of an input, grouped by the inputs they need. `kinds` maps a
 * kind id to `{label}` (its AWS CLI command); `rules` maps a rule id to its metadata.
 */
export function notReviewed(skipped, kinds, rules, { open = true } = {}) {
  if (!skipped?.length) return null;
  const groups = new Map();
  for (const { rule, needs } of skipped) {
    const key = needs.join(' ');
    if (!groups.has(key)) groups.set(key, { needs, rules: [] });
    groups.get(key).rules.push(rule);
  }
  const list = el('ul', { className: 'nr-groups' });
  const every = new Set();
  for (const { needs, rules: ids } of groups.values()) {
    // A need may name alternatives (`a|b`): the first one's command, the others as a comment.
    const label = (id) => kinds.get(id)?.label ?? id;
    const commands = needs.map((need) => {
      const [first, ...others] = need.split('|');
      return others.length ? `${label(first)}  # or: ${others.map(label).join(', or ')}` : label(first);
    });
    for (const c of commands) every.add(c);
    const checks = el('ul', { className: 'nr-rules' }, ...ids.map((id) => {
      const title = rules.get(id)?.title;
      return el('li', null, el('a', { href: `rules.html#${id}` }, el('code', null, id)), title ? ` ${title}` : '');
    }));
    const group = el('li', { className: 'nr-group' },
      el('p', null, `${plural(ids.length, 'check')} need${ids.length === 1 ? 's' : ''} the output of:`),
      codeBlock(commands.join('\n'), 'sh', true),
      checks);
    group.dataset.needs = needs.join(' ');
    list.append(group);
  }
  return el('details', { className: 'not-reviewed', id: 'not-reviewed', open },
    el('summary', null, el('h3', null, `Not reviewed: ${plural(skipped.length, 'check')}`)),
    el('p', { className: 'note' }, 'These checks did not run because the inputs they need were not given, so nothing is known about what they look for. Add the output of these commands to review it.'),
    groups.size > 1 && el('p', { className: 'nr-all' }, copyButton([...every].join('\n'), `Copy all ${every.size} commands`)),
    list);
}
