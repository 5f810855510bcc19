// The "Compare" mode: two panes (old, new); the engine's diff (the same as `posture diff`)
// lists the access the new policy grants that the old one did not, each with its witness
// request, a link to the granting statement and a button that asks the simulator about the
// witness on both sides. DOM building only; strings reach the DOM through textContent.
import { el, inline } from './render.js';
import { contextRow, verdict } from './simulate.js';

const $ = (id) => document.getElementById(id);

/** Builds the panel (hidden) before the simulator, and its toggle in the header. */
export function setupCompare(request) {
  const pane = (side, label, placeholder) => el('div', { className: 'field compare-pane' },
    el('label', { htmlFor: `compare-${side}` }, label),
    el('textarea', { id: `compare-${side}`, rows: 12, spellcheck: false, autocomplete: 'off', wrap: 'off', placeholder }));
  const panel = el('section', { className: 'panel compare', id: 'compare', hidden: true },
    el('div', { className: 'panel-head' }, el('h2', { id: 'compare-h' }, 'Compare: does the new policy grant anything the old one did not?')),
    el('p', { className: 'note' }, 'Paste the policy before and after a change (a policy document, or any input that holds one), or two get-account-authorization-details files, compared principal by principal. Each new access comes with a witness request that the simulator confirms. Nothing you paste here is stored.'),
    el('div', { className: 'compare-panes' },
      pane('old', 'Old policy', '{"Version": "2012-10-17", "Statement": [...]} (before)'),
      pane('new', 'New policy', '{"Version": "2012-10-17", "Statement": [...]} (after)')),
    el('div', { className: 'actions' }, el('button', { type: 'button', className: 'primary', id: 'compare-run' }, 'Compare')),
    el('p', { className: 'visually-hidden', id: 'compare-status', role: 'status' }),
    el('div', { className: 'compare-result', id: 'compare-result' }));
  panel.setAttribute('aria-labelledby', 'compare-h');
  panel.dataset.busy = 'false';
  panel.dataset.generation = '0';
  const simulator = $('simulate');
  if (simulator) simulator.before(panel);
  else document.querySelector('main')?.append(panel);

  const toggle = el('button', { type: 'button', id: 'compare-toggle', className: 'link-btn' }, 'Compare two policies');
  toggle.setAttribute('aria-controls', 'compare');
  toggle.setAttribute('aria-expanded', 'false');
  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) $('compare-old').focus();
  });
  // The header's nav holds the toggle; the one-file page (dist/posture.html) has no nav of its own.
  const header = document.querySelector('header.top');
  let nav = header?.querySelector('nav');
  if (header && !nav) {
    nav = el('nav', { ariaLabel: 'Modes' });
    header.append(nav);
  }
  if (nav) nav.append(toggle);
  else panel.before(toggle);

  $('compare-run').addEventListener('click', () => run(request, panel));
}

async function run(request, panel) {
  const sides = {
    old: { name: 'old policy', text: $('compare-old').value },
    new: { name: 'new policy', text: $('compare-new').value },
  };
  panel.dataset.busy = 'true';
  let res;
  try {
    res = await request({ type: 'diff', old: sides.old, new: sides.new });
  } catch (e) {
    res = { error: `the analyser stopped on this comparison (${e.message}); that is a bug in Posture` };
  }
  const box = $('compare-result');
  if (res.error !== undefined) {
    box.replaceChildren(el('p', { className: 'alert', role: 'alert' }, inline(res.error)));
  } else {
    const diff = JSON.parse(res.result);
    box.replaceChildren(...render(diff, res, sides, request));
    $('compare-status').textContent = headline(diff, res.unusable).replaceAll('`', '');
  }
  panel.dataset.generation = String(Number(panel.dataset.generation) + 1);
  panel.dataset.busy = 'false';
}

function headline(diff, unusable) {
  if (unusable) return `Cannot compare: ${unusable}`;
  // Two authorization-details files: said of users and roles rather than of a policy.
  if (diff.principals) {
    if (diff.added.length) return `New access: a user or role of the new file can do what it could not in the old one (${diff.added.length} change${diff.added.length === 1 ? '' : 's'})`;
    if (diff.undecided.length) return 'Undecided: the comparison cannot tell whether a user or role of the new file gained access';
    return 'No new access: no user or role of the new file can do anything it could not in the old one';
  }
  if (diff.added.length) return `New access: the new policy grants access the old one did not (${diff.added.length} region${diff.added.length === 1 ? '' : 's'})`;
  if (diff.undecided.length) return 'Undecided: the comparison cannot tell whether the new policy grants new access';
  return 'No new access: the new policy grants nothing the old one did not';
}

function render(diff, res, sides, request) {
  const kind = res.unusable ? 'unusable' : diff.added.length ? 'added' : diff.undecided.length ? 'undecided' : 'none';
  const out = [el('p', { className: `compare-verdict ${kind}` }, inline(headline(diff, res.unusable)))];
  const section = (title, cls, items) => {
    if (!items.length) return;
    out.push(el('h3', null, `${title} (${items.length})`), el('ol', { className: `compare-list ${cls}` }, ...items));
  };
  section('Access added', 'added', diff.added.map((c, i) => change(c, 'new', res.added[i], sides, request)));
  section('Access removed', 'removed', diff.removed.map((c, i) => change(c, 'old', res.removed[i], sides, request)));
  section('Undecided', 'undecided', diff.undecided.map((u, i) => el('li', { className: 'compare-change' },
    u.principal ? el('p', { className: 'compare-principal' }, el('code', null, u.principal)) : null,
    el('p', null, inline(u.message)), locateButton(u, 'new', res.undecided[i]))));
  for (const n of diff.notes) out.push(el('p', { className: 'note' }, inline(n)));
  return out;
}

/** A button that selects the statement in its pane. */
function locateButton(c, side, range) {
  const b = el('button', { type: 'button', className: 'loc', title: `JSON pointer: ${c.location.pointer || '/'}` },
    `${side} policy, ${c.statement.replaceAll('`', '')}, line ${c.location.line}`);
  b.addEventListener('click', () => {
    const area = $(`compare-${side}`);
    area.focus();
    if (range) {
      area.setSelectionRange(range[0], range[1]);
      // Bring the line into view: the selection alone does not scroll every browser.
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 16;
      area.scrollTop = Math.max(0, (c.location.line - 3) * lineHeight);
    }
  });
  return b;
}

function change(c, side, range, sides, request) {
  const w = c.witness;
  const row = (label, ...value) => el('div', null, el('dt', null, label), el('dd', null, ...value));
  const context = w.context.length
    ? w.context.flatMap(([k, v], j) => [j ? ', ' : '', el('code', null, `${k}=${v}`)])
    : ['none'];
  const answer = el('div', { className: 'compare-sim' });
  const simulate = el('button', { type: 'button', className: 'compare-simulate' }, 'Simulate this witness');
  simulate.addEventListener('click', () => simulateWitness(w, side, sides, request, answer));
  const more = c.action_count > 1 ? ` (${c.action_count} actions in this region: ${c.actions.slice(0, 8).join(', ')}${c.action_count > 8 ? ', …' : ''})` : '';
  // Two authorization-details files: the user or role whose access changed.
  return el('li', { className: 'compare-change' },
    c.principal ? el('p', { className: 'compare-principal' }, el('code', null, c.principal)) : null,
    el('p', null, inline(c.message)),
    el('dl', { className: 'meta compare-witness' },
      row('Principal', w.principal ? el('code', null, w.principal) : 'the policy’s holder'),
      row('Action', el('code', null, w.action)),
      row('Resource', el('code', null, w.resource)),
      row('Context', ...context)),
    more ? el('p', { className: 'muted' }, more) : null,
    el('div', { className: 'actions' }, locateButton(c, side, range), simulate),
    answer);
}

/** Asks the simulator about the witness on both sides, and fills the simulator's form with it. */
async function simulateWitness(w, side, sides, request, box) {
  const question = { action: w.action, resource: w.resource, context: w.context.map(([k, v]) => `${k}=${v}`) };
  if (w.principal) question.principal = w.principal;
  const order = side === 'new' ? ['new', 'old'] : ['old', 'new'];
  const lines = [];
  for (const s of order) {
    const res = await request({ type: 'simulate', inputs: [sides[s]], question });
    const text = res.error !== undefined ? res.error : verdict(JSON.parse(res.result));
    lines.push(el('li', { className: `compare-answer ${s}` }, el('strong', null, `${s === 'new' ? 'New' : 'Old'} policy: `), text));
  }
  box.replaceChildren(el('ul', null, ...lines));
  fillSimulator(question);
}

function fillSimulator(q) {
  $('sim-principal').value = q.principal ?? '';
  $('sim-action').value = q.action;
  $('sim-resource').value = q.resource;
  $('sim-context').replaceChildren(...q.context.map((pair) => {
    const at = pair.indexOf('=');
    return contextRow(pair.slice(0, at), pair.slice(at + 1));
  }));
}
