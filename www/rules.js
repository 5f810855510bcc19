// The rules reference, built at run time from the engine's rules() so it never drifts.
import init, { rules as engineRules, version } from '../pkg/posture.js';
import { el, badge, markdown, areaLabel } from './render.js';

const $ = (id) => document.getElementById(id);

function ruleSection(rule) {
  const sev = rule.severity === 'error' ? el('span', { className: 'badge sev-error' }, 'Input error') : badge(rule.severity);
  const head = el('div', { className: 'rule-head' }, sev, el('span', null, areaLabel(rule.area)),
    ...rule.controls.map((c) => el('span', { className: 'control' }, c)));
  const section = el('section', { className: 'rule', id: rule.id },
    head,
    el('h2', null, el('code', null, rule.id), ' ', rule.title),
    el('h3', null, 'What it checks'), el('div', { className: 'md' }, markdown(rule.what)),
    el('h3', null, 'Why it matters'), el('div', { className: 'md' }, markdown(rule.why)),
    el('h3', null, 'How to fix'), el('div', { className: 'md' }, markdown(rule.fix, { copy: true })));
  section.dataset.search = [rule.id, rule.title, rule.what, rule.why, rule.fix, ...rule.controls].join(' ').toLowerCase();
  section.dataset.area = rule.area;
  return section;
}

async function main() {
  try {
    await init();
  } catch {
    $('status').textContent = 'The analyser could not be loaded. Serving a checkout? Build it first with scripts/build-wasm.sh.';
    return;
  }
  const rules = JSON.parse(engineRules());
  const sections = rules.map(ruleSection);
  const toc = rules.map((r) => el('li', null, el('a', { href: `#${r.id}` }, el('code', null, r.id)), ` ${r.title}`));
  $('rules').replaceChildren(...sections);
  $('toc').replaceChildren(...toc);
  $('version').textContent = `Posture ${version()}`;
  for (const area of [...new Set(rules.map((r) => r.area))]) $('f-area').append(el('option', { value: area }, areaLabel(area)));
  const filter = () => {
    const area = $('f-area').value;
    const text = $('f-text').value.trim().toLowerCase();
    let n = 0;
    sections.forEach((s, i) => {
      const show = (!area || s.dataset.area === area) && (!text || s.dataset.search.includes(text));
      s.hidden = !show;
      toc[i].hidden = !show;
      n += show;
    });
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
