// The snapshot view: what the inputs held, and which checks did not run for want of an input,
// with the commands that collect it. Nodes only, built with textContent.
import { el, codeBlock, copyButton } from './render.js';

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Account, region, time and resources by type (`inventory` from analyze()). */
export function snapshotView(inventory) {
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
  return [el('h3', { id: 'snapshot-h' }, 'Snapshot'), meta, counts, keysView(inventory?.keys)].filter(Boolean);
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
