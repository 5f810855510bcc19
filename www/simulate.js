// The "Can … do … on …?" panel: the question form and the engine's answer → DOM.
// The decision and every reason come from the engine (the same as `posture simulate`);
// strings reach the DOM through textContent only.
import { el, inline, copyButton } from './render.js';

const DECISIONS = {
  allow: ['✓', 'Allow'],
  'explicit-deny': ['✗', 'Explicit deny'],
  'implicit-deny': ['✗', 'Implicit deny'],
};
const OPEN_UP_TO = 10; // statements that do not apply are listed open up to this many

let rows = 0;

/** A context row: key = value, and a button that removes it. */
export function contextRow(key = '', value = '') {
  const n = ++rows;
  const field = (cls, label, props) => [
    el('label', { className: 'visually-hidden', htmlFor: `sim-${cls}-${n}` }, label),
    el('input', { id: `sim-${cls}-${n}`, className: `sim-${cls}`, autocomplete: 'off', spellcheck: false, ...props }),
  ];
  const remove = el('button', { type: 'button', className: 'remove', title: 'Remove this context key', ariaLabel: 'Remove this context key' }, '×');
  const row = el('li', { className: 'sim-row' },
    ...field('key', 'Context key', { value: key, placeholder: 'e.g. aws:SourceIp' }),
    el('span', { ariaHidden: 'true' }, '='),
    ...field('value', 'Value', { value, placeholder: 'e.g. 203.0.113.7' }),
    remove);
  remove.addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    (next?.querySelector('input') ?? document.getElementById('sim-add')).focus();
  });
  return row;
}

/** The form as the engine's question: `{principal?, action, resource, context: ["key=value", …]}`. */
export function question(form) {
  const value = (id) => form.querySelector(`#${id}`).value;
  const context = [...form.querySelectorAll('.sim-row')]
    .map((row) => [row.querySelector('.sim-key').value.trim(), row.querySelector('.sim-value').value])
    .filter(([k, v]) => k || v.trim())
    .map(([k, v]) => `${k}=${v}`);
  const q = { action: value('sim-action'), resource: value('sim-resource'), context };
  if (value('sim-principal').trim()) q.principal = value('sim-principal');
  return q;
}

/** The decision and summary in words, for a screen reader's status message. */
export const verdict = (sim) => `${DECISIONS[sim.decision]?.[1] ?? sim.decision}: ${sim.summary.replaceAll('`', '')}`;

/**
 * The answer: decision, summary, assumptions, notes, the request context, then every
 * statement (deciding ones first) with its reasons. `onLocate(i)` shows statement i's source.
 */
export function simulation(sim, text, onLocate, { restOpen } = {}) {
  const r = sim.request;
  const [icon, label] = DECISIONS[sim.decision] ?? ['?', sim.decision];
  const out = [
    el('h3', { className: 'sim-question' }, 'Can ', r.principal ? el('code', null, r.principal) : 'the policies’ holder', ' do ',
      el('code', null, r.action), ' on ', el('code', null, r.resource), '?'),
    el('div', { className: `decision ${sim.decision}` },
      el('span', { className: 'decision-label' }, el('span', { ariaHidden: 'true' }, `${icon} `), label),
      el('p', null, inline(sim.summary))),
  ];
  const list = (title, items, cls) => items.length && out.push(el('div', { className: cls },
    el('h4', null, title), el('ul', null, ...items.map((t) => el('li', null, ...t)))));
  // Assumptions are what the decision takes for granted that the inputs do not say.
  list('Assumptions', sim.assumptions.map((a) => [inline(a)]), 'sim-assumptions');
  const context = Object.entries(r.context);
  if (context.length) {
    out.push(el('div', { className: 'sim-request' }, el('h4', null, 'Request context'),
      el('dl', { className: 'meta' }, ...context.map(([k, v]) =>
        el('div', null, el('dt', null, el('code', null, k)), el('dd', null, ...v.flatMap((x, j) => [j ? ', ' : '', el('code', null, x)])))))));
  }
  list('Notes', sim.notes.map((n) => [inline(n)]), 'sim-notes');

  const order = sim.statements.map((s, i) => i);
  const rank = (s) => (s.decisive ? 0 : s.applies ? 1 : 2);
  order.sort((a, b) => rank(sim.statements[a]) - rank(sim.statements[b]) || a - b);
  const shown = order.filter((i) => rank(sim.statements[i]) < 2);
  const rest = order.filter((i) => rank(sim.statements[i]) === 2);
  const item = (i) => statement(sim.statements[i], () => onLocate(i));
  out.push(el('h4', null, `Statements (${sim.statements.length})`));
  if (shown.length) out.push(el('ol', { className: 'sim-statements' }, ...shown.map(item)));
  if (rest.length) {
    const ol = el('ol', { className: 'sim-statements' });
    const more = el('details', { className: 'sim-rest', open: restOpen ?? rest.length <= OPEN_UP_TO },
      el('summary', null, `${rest.length} statement${rest.length === 1 ? '' : 's'} that do${rest.length === 1 ? 'es' : ''} not apply`), ol);
    // A large snapshot has thousands of statements: build them only when asked for.
    const fill = () => more.open && !ol.childElementCount && ol.append(...rest.map(item));
    more.addEventListener('toggle', fill);
    fill();
    out.push(more);
  } else if (!sim.statements.length) out.push(el('p', { className: 'empty' }, 'No statements in the inputs.'));
  out.push(el('div', { className: 'actions sim-copy' }, copyButton(text, 'Copy as text')));
  return out;
}

function statement(s, onLocate) {
  const status = s.decisive ? 'Decides' : s.applies ? 'Applies' : 'Does not apply';
  const locate = el('button', { type: 'button', className: 'loc', title: `JSON pointer: ${s.location.pointer || '/'}` },
    `${s.input}:${s.location.line}:${s.location.column}`);
  locate.addEventListener('click', (e) => {
    document.querySelector('.sim-statement.active')?.classList.remove('active');
    e.currentTarget.closest('.sim-statement').classList.add('active');
    onLocate();
  });
  const effect = /^(Allow|Deny)$/.test(s.effect) ? s.effect.toLowerCase() : 'other';
  return el('li', { className: `sim-statement ${effect}${s.decisive ? ' decisive' : s.applies ? '' : ' inapplicable'}` },
    el('div', { className: 'f-head' },
      el('span', { className: `effect ${effect}` }, s.effect || 'no effect'),
      el('h5', null, inline(s.statement)),
      el('span', { className: 'status' }, status)),
    el('dl', { className: 'meta' },
      el('div', null, el('dt', null, 'Policy'), el('dd', null, el('code', null, s.policy), ` (${s.kind})`)),
      el('div', null, el('dt', null, 'Location'), el('dd', null, locate))),
    el('ul', { className: 'reasons' }, ...s.reasons.map((reason) => el('li', { className: reason.matched ? 'yes' : 'no' },
      el('span', { className: 'tick', ariaHidden: 'true' }, reason.matched ? '✓' : '✗'),
      el('span', null, el('span', { className: 'visually-hidden' }, reason.matched ? 'matched: ' : 'not matched: '), inline(reason.text))))));
}
