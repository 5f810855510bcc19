// The rules reference, built at run time from the engine's rules() so it never drifts: the
// same Markdown rendering as the page, each rule's inputs, a search by id, title, text,
// resource type or port, and the privilege-escalation methods the rule texts point to.
import init, * as posture from '../pkg/posture.js';
import { el, badge, markdown, areaLabel } from './render.js';

const $ = (id) => document.getElementById(id);
// Repository documents the rule texts name, and where this page shows the same.
const DOCS = { 'docs/privilege-escalation.md': '#privilege-escalation-methods' };

/** Turns `docs/…` code spans into links to what this page shows of them. */
function linkDocs(node) {
  for (const code of node.querySelectorAll('code')) {
    const href = DOCS[code.textContent];
    if (href && !code.closest('a, pre')) code.replaceWith(el('a', { href }, code.cloneNode(true)));
  }
  return node;
}

/** What a rule reads: the kinds of input it needs (with their commands), or what it applies to. */
function inputsOf(rule, needs, kinds) {
  const kindsNeeded = needs[rule.id];
  if (kindsNeeded?.length) {
    const list = el('ul', { className: 'rule-needs' }, ...kindsNeeded.map((id) => el('li', null, el('code', null, kinds.get(id)?.label ?? id))));
    return [el('p', null, `Runs when the inputs hold ${kindsNeeded.length === 1 ? 'this output' : 'all of these outputs'} (in a bundle or as files):`), list];
  }
  if (rule.area === 'input') return [el('p', null, 'Every input, as it is read.')];
  return [el('p', null, 'Every IAM policy document in the inputs: a policy on its own, or inside ', el('code', null, 'aws iam get-role'),
    ', ', el('code', null, 'get-account-authorization-details'), ', a bucket, key, queue, topic or other resource policy output, or a bundle.')];
}

function ruleSection(rule, needs, kinds) {
  const sev = rule.severity === 'error' ? el('span', { className: 'badge sev-error' }, 'Input error') : badge(rule.severity);
  const head = el('div', { className: 'rule-head' }, sev, el('span', null, areaLabel(rule.area)),
    ...rule.controls.map((c) => el('span', { className: 'control' }, c)));
  const section = el('section', { className: 'rule', id: rule.id },
    head,
    el('h2', null, el('code', null, rule.id), ' ', rule.title),
    el('h3', null, 'What it checks'), linkDocs(el('div', { className: 'md' }, markdown(rule.what))),
    el('h3', null, 'Inputs'), el('div', { className: 'md' }, ...inputsOf(rule, needs, kinds)),
    el('h3', null, 'Why it matters'), linkDocs(el('div', { className: 'md' }, markdown(rule.why))),
    el('h3', null, 'How to fix'), linkDocs(el('div', { className: 'md' }, markdown(rule.fix, { copy: true }))));
  const inputs = (needs[rule.id] ?? []).flatMap((id) => [id, kinds.get(id)?.label ?? '']);
  section.dataset.search = [rule.id, rule.title, rule.area, rule.what, rule.why, rule.fix, ...rule.controls, ...inputs].join(' ').toLowerCase();
  section.dataset.area = rule.area;
  return section;
}

/** The privilege-escalation methods (methods()), which the privilege-escalation rule names. */
function methodsSection(methods) {
  const rows = methods.map((m) => el('div', { className: 'method', id: m.id },
    el('dt', null, el('code', null, m.id), ' ', ...m.actions.flatMap((a, i) => [...(i ? [' + '] : []), el('code', null, a)]),
      m.needs_target ? el('span', { className: 'muted' }, ' (needs an existing target)') : ''),
    el('dd', null, m.attack)));
  return el('section', { className: 'methods', id: 'privilege-escalation-methods' },
    el('h2', null, 'Privilege-escalation methods'),
    el('p', null, `The ${methods.length} methods the `, el('a', { href: '#privilege-escalation' }, el('code', null, 'privilege-escalation')),
      ' rule looks for: the actions each needs and how the attack works.'),
    el('dl', null, ...rows));
}

async function main() {
  try {
    await init();
  } catch {
    $('status').textContent = 'The analyser could not be loaded. Serving a checkout? Build it first with scripts/build-wasm.sh.';
    return;
  }
  const rules = JSON.parse(posture.rules());
  // needs() is newer than the rest of the API: without it the inputs say what the rule reads in general.
  const needs = typeof posture.needs === 'function' ? JSON.parse(posture.needs()) : {};
  const kinds = new Map(posture.kinds().map((k) => [k.id, k]));
  const methods = JSON.parse(posture.methods());
  const sections = rules.map((r) => ruleSection(r, needs, kinds));
  const toc = rules.map((r) => el('li', null, el('a', { href: `#${r.id}` }, el('code', null, r.id)), ` ${r.title}`));
  const extra = methodsSection(methods);
  $('rules').replaceChildren(...sections, extra);
  $('toc').replaceChildren(...toc);
  $('version').textContent = `Posture ${posture.version()}`;
  for (const area of [...new Set(rules.map((r) => r.area))]) $('f-area').append(el('option', { value: area }, areaLabel(area)));
  const filter = () => {
    const area = $('f-area').value;
    // Every word must match: "security group 22" finds the rules about port 22 on security groups.
    const words = $('f-text').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let n = 0;
    sections.forEach((s, i) => {
      const show = (!area || s.dataset.area === area) && words.every((w) => s.dataset.search.includes(w));
      s.hidden = !show;
      toc[i].hidden = !show;
      n += show;
    });
    extra.hidden = Boolean(area || words.length);
    $('status').textContent = `${n} of ${rules.length} rules`;
  };
  $('f-area').addEventListener('change', filter);
  $('f-text').addEventListener('input', filter);
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  filter();
  // The anchors did not exist when the page loaded.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

main();
