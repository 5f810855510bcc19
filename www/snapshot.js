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
  return [el('h3', { id: 'snapshot-h' }, 'Snapshot'), meta, counts];
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
    // `command` (newer engines) is the full command line; `label` names the output.
    const commands = needs.map((id) => kinds.get(id)?.command ?? kinds.get(id)?.label ?? id);
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
