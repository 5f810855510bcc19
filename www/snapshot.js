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
  return [el('h3', { id: 'snapshot-h' }, 'Snapshot'), meta, counts, principalsView(inventory?.principals, actions), actions.roleGraph, keysView(inventory?.keys), ...patchingView(inventory?.patching)].filter(Boolean);
}

/**
 * Each KMS key with what the snapshot holds encrypted under it (`inventory.keys`: `{id,
 * aliases, state, manager, protects: [[kind, id], …]}`), so that a reader sees what a pending
 * deletion or a public key policy puts at risk.
 */
export function keysView(keys) {
  if (!keys?.length) return null;
  const list = el('ul', { className: 'snap-keys' });
  for (const { id, aliases = [], state, manager, protects = [] } of keys) {
    const head = el('p', { className: 'snap-key-head' }, el('code', null, id));
    for (const alias of aliases) head.append(' ', el('code', { className: 'muted' }, alias));
    if (manager === 'AWS') head.append(' ', el('span', { className: 'muted' }, 'AWS managed'));
    if (state) head.append(' ', el('span', { className: `snap-key-state${state === 'Enabled' ? '' : ' warn'}` }, state));
    const item = el('li', null, head);
    item.dataset.key = id;
    if (protects.length) {
      const what = el('ul', { className: 'snap-protects', ariaLabel: `Encrypted under ${id}` });
      for (const [kind, resource] of protects) what.append(el('li', null, `${kind} `, el('code', null, resource)));
      item.append(el('p', { className: 'note' }, `Protects ${plural(protects.length, 'resource')}:`), what);
    } else {
      item.append(el('p', { className: 'note muted' }, 'Nothing in the snapshot is encrypted under it.'));
    }
    list.append(item);
  }
  return el('details', { className: 'snap-keys-box', open: keys.length <= 10 },
    el('summary', null, `KMS keys and what they protect (${keys.length.toLocaleString()})`),
    list);
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ROWS_SHOWN = 500;
const hhmm = (minute) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const count = (n) => (n == null ? el('span', { className: 'muted' }, '–') : el('span', { className: n > 0 ? 'patch-bad' : '' }, String(n)));

/** Per instance: managed or not, agent, the schedule that patches it, the last operation. */
function instanceTable(rows) {
  const head = el('tr', null, ...['Instance', 'Managed', 'Agent', 'Patched by', 'Last operation', 'Missing', 'Failed', 'Reboot', 'Critical']
    .map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody');
  for (const r of rows.slice(0, ROWS_SHOWN)) {
    const op = r.operation ? [r.operation, r.ended ? el('span', { className: 'muted' }, ` ${r.ended}`) : ''] : [el('span', { className: 'muted' }, 'none')];
    const managed = r.managed == null ? el('span', { className: 'muted' }, 'not given') : (r.managed ? 'yes' : el('span', { className: 'patch-bad' }, 'no'));
    const agent = r.agent ? el('span', { className: r.agent.startsWith('Online') && !r.agent.includes('not the latest') ? '' : 'patch-bad' }, r.agent) : el('span', { className: 'muted' }, '–');
    const schedule = r.schedule ? el('span', { className: r.schedule.startsWith('installed by') ? '' : 'patch-bad' }, r.schedule) : el('span', { className: 'muted' }, 'schedules not given');
    const row = el('tr', null, el('th', { scope: 'row' }, el('code', null, r.id)), el('td', null, managed), el('td', null, agent),
      el('td', null, schedule), el('td', null, ...op), el('td', null, count(r.missing)), el('td', null, count(r.failed)),
      el('td', null, count(r.pending_reboot)), el('td', null, count(r.critical)));
    row.dataset.instance = r.id;
    body.append(row);
  }
  const more = rows.length > ROWS_SHOWN && el('p', { className: 'note' }, `The first ${ROWS_SHOWN} of ${rows.length.toLocaleString()} instances.`);
  return [el('div', { className: 'patch-table-wrap' }, el('table', { className: 'patch-instances' }, el('thead', null, head), body)), more];
}

/**
 * The week of maintenance windows: each run from its start for its duration, in the window's
 * own zone (over the business hours, which apply in that zone) or in UTC. Runs that start in
 * or reach into business hours (as the engine found) are marked.
 */
function weekCalendar(patching) {
  const { windows, business_days: bdays = [], business_start: bstart = 480, business_end: bend = 1080 } = patching;
  const wrap = el('div', { className: 'week' });
  const name = `cal-zone-${Math.random().toString(36).slice(2)}`;
  const choice = (value, label, checked) => el('label', null, el('input', { type: 'radio', name, value, checked }), ` ${label}`);
  const zones = el('fieldset', { className: 'cal-zone' }, el('legend', null, 'Times in'),
    choice('local', "each window's time zone", true), choice('utc', 'UTC', false));
  const grid = el('div', { className: 'cal-grid' });
  const draw = (mode) => {
    const cols = DAYS.map((d) => el('div', { className: 'cal-day' }, el('div', { className: 'cal-day-h' }, d), el('div', { className: 'cal-body' })));
    const bodies = cols.map((c) => c.lastChild);
    if (mode === 'local') {
      for (const d of bdays) {
        const band = el('div', { className: 'cal-business', title: `Business hours ${hhmm(bstart)}–${hhmm(bend)}` });
        band.style.top = `${(bstart / 1440) * 100}%`;
        band.style.height = `${((bend - bstart) / 1440) * 100}%`;
        bodies[d]?.append(band);
      }
    }
    windows.forEach((w, i) => {
      for (const run of w.runs) {
        const [day, minute] = mode === 'local' ? run.local : run.utc;
        let left = Math.max(w.duration * 60, 15);
        let at = minute;
        let d = day;
        // A run past midnight goes on in the next day's column (Sunday wraps to Monday).
        for (let guard = 0; left > 0 && guard < 3; guard++) {
          const span = Math.min(left, 1440 - at);
          const zone = mode === 'local' ? w.zone : 'UTC';
          const label = `${w.name ?? w.id}: ${DAYS[day]} ${hhmm(minute)} for ${w.duration} h (${zone})${run.clash ? ', in business hours' : ''}${w.enabled ? '' : ', disabled'}`;
          const block = el('div', { className: `cal-run cal-c${i % 6}${run.clash ? ' cal-clash' : ''}${w.enabled ? '' : ' cal-off'}`, title: label, ariaLabel: label },
            guard === 0 ? (w.name ?? w.id) : '');
          // Windows side by side in lanes, so that overlapping runs stay visible.
          const lanes = Math.min(windows.length, 4);
          block.style.left = `${((i % lanes) / lanes) * 100}%`;
          block.style.width = `${100 / lanes}%`;
          block.style.top = `${(at / 1440) * 100}%`;
          block.style.height = `${(span / 1440) * 100}%`;
          bodies[d]?.append(block);
          left -= span;
          at = 0;
          d = (d + 1) % 7;
        }
      }
    });
    const hours = el('div', { className: 'cal-hours' }, el('div', { className: 'cal-day-h' }, ''),
      el('div', { className: 'cal-body' }, ...[0, 6, 12, 18].map((h) => {
        const tick = el('span', null, hhmm(h * 60));
        tick.style.top = `${(h / 24) * 100}%`;
        return tick;
      })));
    grid.replaceChildren(hours, ...cols);
  };
  zones.addEventListener('change', (e) => draw(e.target.value));
  draw('local');
  const legend = el('ul', { className: 'cal-legend' }, ...windows.map((w, i) => el('li', null,
    el('span', { className: `cal-swatch cal-c${i % 6}${w.enabled ? '' : ' cal-off'}` }), ' ', el('code', null, w.id), w.name ? ` ${w.name}` : '',
    ' ', el('code', null, w.schedule), ` ${w.zone}, ${w.duration} h (cutoff ${w.cutoff} h)`,
    w.enabled ? '' : ' — disabled',
    w.problem ? el('span', { className: 'patch-bad' }, ` — ${w.problem}`) : '',
    w.more ? ` — and ${w.more.toLocaleString()} more runs this week` : '')));
  wrap.append(zones, grid, legend);
  return wrap;
}

/** The patching part of the snapshot view, when the snapshot holds instances or windows. */
export function patchingView(patching) {
  if (!patching || (!patching.instances?.length && !patching.windows?.length)) return [];
  const out = [el('h4', { className: 'patch-h' }, 'Patching')];
  if (patching.instances.length) out.push(...instanceTable(patching.instances).filter(Boolean));
  if (patching.windows.length) out.push(el('h4', { className: 'patch-h' }, 'Maintenance windows, the week from now'), weekCalendar(patching));
  return [el('section', { className: 'patching', ariaLabel: 'Patching' }, ...out)];
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
function principalsView(principals, { locate, findings, graph } = {}) {
  if (!principals?.length) return null;
  const indexOf = new Map(principals.map((p, i) => [p, i]));
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
      const cell = el('td', null, name);
      // A user or role on some step of the role graph: a link to centre the graph on it.
      if (graph?.has(indexOf.get(p))) {
        const b = el('button', { type: 'button', className: 'linklike pr-graph', title: `Show ${p.name} in the role graph` }, 'graph');
        b.addEventListener('click', () => graph.select(indexOf.get(p)));
        cell.append(' ', b);
      }
      return el('tr', null, cell, el('td', null, p.kind), flags,
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
 * kind id to `{label, command?}` (its AWS CLI command); `rules` maps a rule id to its metadata.
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
    // `command` (newer engines) is the full command line; `label` names the output. A need may
    // name alternatives (`a|b`): the first one's command, the others as a comment.
    const label = (id) => kinds.get(id)?.command ?? kinds.get(id)?.label ?? id;
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
    el('summary', null, el('h3', null, `Not run: ${plural(skipped.length, 'check')}`)),
    el('p', { className: 'note' }, 'These checks did not run because the inputs they need were not given, so nothing is known about what they look for. Add the output of these commands to review it.'),
    groups.size > 1 && el('p', { className: 'nr-all' }, copyButton([...every].join('\n'), `Copy all ${every.size} commands`)),
    list);
}
