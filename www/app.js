// The page's wiring: inputs, the analyser worker, filters, the source view, exports, the simulator.
// No security logic lives here: every decision comes from the engine's report.
import { el, badge, inline, summary, finding, source, lineStarts, SEVERITIES, areaLabel } from './render.js';
import { contextRow, question, simulation, verdict } from './simulate.js';
import { snapshotView, notReviewed } from './snapshot.js';
import { setupCompare } from './compare.js';

const $ = (id) => document.getElementById(id);
const PAGE = 200; // findings rendered at once
const BIG = 400_000; // characters: larger inputs are analysed but not put in the editor (a textarea slows down)
const MAX_FILE = 512 * 1024 * 1024;
const SAMPLES = ['identity-policy.json', 'get-role.json', 'network-snapshot.json'];
const FORMATS = {
  json: ['application/json', 'json'],
  sarif: ['application/sarif+json', 'sarif'],
  markdown: ['text/markdown', 'md'],
  csv: ['text/csv', 'csv'],
};

const state = {
  inputs: [], // {id, name, text, file?, sample?, note?}
  selected: null,
  rules: new Map(),
  methods: new Map(),
  kinds: new Map(),
  analysis: null, // {report, ranges, inputRanges, pathRanges, inventory, texts: Map(name → analysed text), ms}
  error: null,
  matches: [], // indices of the findings that pass the filters
  shown: 0,
  view: 'edit',
  highlight: null, // {name, range}
  snapshot: [], // [{name, text}] as last analysed; the simulator asks about the same
  question: null, // the simulator's question once one has been asked (never stored)
  sim: null, // {question, result, text, ranges} or {question, error}
};
let nextInputId = 1;
const samples = new Map();

// ---- the worker ----

let worker;
let callId = 0;
const calls = new Map();
let ready;
let onReady;

function startWorker() {
  ready = new Promise((resolve) => (onReady = resolve));
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data.type === 'ready') {
      state.rules = new Map(data.rules.map((r) => [r.id, r]));
      state.methods = new Map(data.methods.map((m) => [m.id, m]));
      state.kinds = new Map(data.kinds.map((k) => [k.id, k]));
      $('version').textContent = `Posture ${data.version}`;
      onReady();
      return;
    }
    const call = calls.get(data.id);
    if (!call) {
      if (data.type === 'failed') fail(data.message);
      return;
    }
    if (data.type === 'progress') return call.progress?.(data.state);
    calls.delete(data.id);
    if (data.type === 'failed') {
      call.reject(new Error(data.message));
      restartWorker();
    } else call.resolve(data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail('The analyser could not be loaded. Serving a checkout? Build it first with scripts/build-wasm.sh.');
  };
}

// After a panic the wasm instance is not to be trusted: start a fresh one.
function restartWorker() {
  worker.terminate();
  for (const call of calls.values()) call.reject(new Error('the analyser was restarted'));
  calls.clear();
  startWorker();
}

async function request(message, progress) {
  await ready;
  return new Promise((resolve, reject) => {
    const id = ++callId;
    calls.set(id, { resolve, reject, progress });
    worker.postMessage({ ...message, id });
  });
}

function fail(message) {
  showAlert(message);
  setStatus('');
}

// ---- analysis: debounced, one request in flight, all inputs as one snapshot ----

let timer = null;
let running = null;
let again = false;

// #report's data-busy is true while an analysis is due or running; data-generation counts results.
function setBusy(busy) {
  $('report').dataset.busy = String(busy);
  if (busy) $('report').setAttribute('aria-busy', 'true');
  else $('report').removeAttribute('aria-busy');
}

function schedule(delay = 250) {
  setBusy(true);
  clearTimeout(timer);
  timer = setTimeout(analyse, delay);
}

function analyse() {
  clearTimeout(timer);
  timer = null;
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await analyseOnce();
    } while (again);
    running = null;
  })();
  return running;
}

/** Resolves once the inputs as they are now have been analysed. */
async function settled() {
  if (timer) analyse();
  while (running) await running;
}

async function analyseOnce() {
  const snapshot = state.inputs.filter((i) => i.file || i.text.trim());
  state.snapshot = snapshot.map(({ name, text }) => ({ name, text }));
  const options = {};
  const config = $('config').value;
  if (config.trim()) options.config = config;
  if ($('min-sev').value) options.minSeverity = $('min-sev').value;
  // "Now" for age-based checks when the inputs do not say when they were taken.
  options.now = new Date().toISOString();
  const size = snapshot.reduce((n, i) => n + i.text.length, 0);
  setBusy(true);
  let slow;
  const progress = (s) => {
    if (s === 'analysing') slow = setTimeout(() => setStatus(`Analysing ${mb(size)}…`, true), size > 1e6 ? 0 : 150);
  };
  try {
    const res = await request({ type: 'analyze', inputs: state.snapshot, options }, progress);
    state.error = res.error === undefined ? null : `Settings: ${res.error}`;
    if (state.error) $('settings').open = true;
    state.analysis = res.error === undefined ? { ...res, report: JSON.parse(res.report), texts: new Map(snapshot.map((i) => [i.name, i.text])) } : null;
  } catch (e) {
    state.analysis = null;
    state.error = `The analyser stopped on this input (${e.message}). That is a bug in Posture; it has been restarted.`;
  }
  clearTimeout(slow);
  renderInputs();
  renderReport();
  const report = $('report');
  report.dataset.generation = String(Number(report.dataset.generation ?? 0) + 1);
  setBusy(Boolean(timer) || again);
  // The simulator answers over what was just analysed, so its ranges fit the source view.
  if (state.question) await simulateOnce();
}

// ---- the simulator: "can … do … on …?" over the analysed inputs ----

let simulating = 0;

// #simulate's data-busy is true while an answer is due; data-generation counts answers.
function simBusy(delta) {
  simulating += delta;
  $('simulate').dataset.busy = String(simulating > 0);
}

async function ask(q) {
  state.question = q;
  simBusy(1);
  await settled();
  if (state.sim?.question !== q) await simulateOnce();
  simBusy(-1);
}

async function simulateOnce() {
  const q = state.question;
  simBusy(1);
  let res;
  try {
    res = await request({ type: 'simulate', inputs: state.snapshot, question: q });
  } catch (e) {
    res = { error: `the analyser stopped on this question (${e.message}); that is a bug in Posture, and it has been restarted` };
  }
  state.sim = res.error === undefined ? { question: q, result: JSON.parse(res.result), text: res.text, ranges: res.ranges } : { question: q, error: res.error };
  renderSimulation();
  const panel = $('simulate');
  panel.dataset.generation = String(Number(panel.dataset.generation) + 1);
  simBusy(-1);
}

function renderSimulation() {
  const { error, result, text, ranges } = state.sim ?? {};
  $('sim-error').hidden = !error;
  $('sim-error').replaceChildren(...(error ? [inline(error)] : []));
  const status = result ? verdict(result) : '';
  if ($('sim-status').textContent !== status) $('sim-status').textContent = status;
  const box = $('sim-result');
  const restOpen = box.querySelector('.sim-rest')?.open; // the user's choice survives a rerun
  box.replaceChildren(...(result ? simulation(result, text, (i) => showLocation(result.statements[i].input, ranges[i]), { restOpen }) : []));
}

// ---- inputs ----

const current = () => state.inputs.find((i) => i.id === state.selected);

function uniqueName(name) {
  const taken = new Set(state.inputs.map((i) => i.name));
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) if (!taken.has(`${stem} (${n})${ext}`)) return `${stem} (${n})${ext}`;
}

function addInput(fields) {
  // An empty paste gives way to what is added; and a sample (left as it came) gives way to the
  // user's own input, so that it never mixes into their report.
  state.inputs = state.inputs.filter((i) => (i.file || i.sample || i.text.trim()) && (fields.sample || !i.sample));
  const input = { id: nextInputId++, text: '', ...fields };
  input.name = uniqueName(input.name);
  state.inputs.push(input);
  return input;
}

function select(id) {
  state.selected = id;
  const input = current();
  const big = input.text.length > BIG;
  const editor = $('editor');
  const text = big ? '' : input.text;
  if (editor.value !== text) editor.value = text;
  editor.hidden = big;
  $('editor-label').textContent = `JSON text of ${input.name}`;
  $('show-edit').disabled = big;
  if (big) state.view = 'source';
  renderInputs();
  renderView();
}

function remove(id) {
  const at = state.inputs.findIndex((i) => i.id === id);
  state.inputs.splice(at, 1);
  if (!state.inputs.length) addInput({ name: 'pasted' });
  if (state.selected === id) select(state.inputs[Math.min(at, state.inputs.length - 1)].id);
  else renderInputs();
  analyse();
}

function newPaste() {
  select(addInput({ name: 'pasted' }).id);
  setView('edit');
  $('editor').focus();
  analyse();
}

function loadSample(file) {
  if (!samples.has(file)) return showAlert(`The sample ${file} could not be loaded.`);
  let input = state.inputs.find((i) => i.sample === file);
  if (input) input.text = samples.get(file);
  else input = addInput({ name: file, sample: file, text: samples.get(file) });
  select(input.id);
  setView('edit');
  analyse();
}

async function addFiles(list) {
  const files = [...list];
  if (!files.length) return;
  setStatus(`Reading ${files.length === 1 ? files[0].name : `${files.length} files`}…`, true);
  let first = null;
  for (const file of files) {
    const input = addInput({ name: file.name || 'file', file: true });
    try {
      Object.assign(input, await readFile(file));
    } catch (e) {
      input.note = `could not be read: ${e.message}`;
    }
    first ??= input.id;
  }
  select(first);
  analyse();
}

async function readFile(file) {
  if (file.size > MAX_FILE) throw new Error(`${mb(file.size)} is more than a browser tab can hold as text`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  // PowerShell's `>` writes UTF-16 with a byte-order mark.
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return { text: new TextDecoder(encoding).decode(bytes), note: `is not valid ${encoding.toUpperCase()}: unreadable bytes were replaced by �` };
  }
}

function kindLabel(id) {
  const kind = state.kinds.get(id);
  if (!kind) return id;
  return kind.reviewed ? kind.label : `${kind.label} (recognised; no checks yet)`;
}

function renderInputs() {
  const records = state.analysis?.report.inputs ?? [];
  const list = $('input-list');
  list.replaceChildren(...state.inputs.map((input) => {
    const own = records.findIndex((r) => r.name === input.name);
    const parts = records.map((r, j) => [r, j]).filter(([r]) => r.name.startsWith(`${input.name}#`));
    const errors = [own, ...parts.map(([, j]) => j)].filter((j) => j >= 0 && records[j].error);
    const analysed = state.analysis?.texts.has(input.name);
    let kind;
    if (!input.file && !input.text.trim()) kind = el('span', { className: 'kind muted' }, 'empty: paste JSON here');
    else if (own >= 0 && records[own].kind) {
      kind = el('span', { className: 'kind' }, kindLabel(records[own].kind));
      if (parts.length) kind.append(` · ${parts.length} output${parts.length > 1 ? 's' : ''}`);
    } else if (errors.length) kind = el('span', { className: 'kind err' }, state.rules.get(records[errors[0]].error.rule)?.title ?? 'not analysed');
    else kind = el('span', { className: 'kind muted' }, analysed ? '' : '…');
    const pick = el('button', { type: 'button', className: 'input-select' }, el('span', { className: 'input-name' }, input.name), kind);
    if (input.id === state.selected) pick.setAttribute('aria-current', 'true');
    pick.addEventListener('click', () => select(input.id));
    const drop = el('button', { type: 'button', className: 'remove', title: `Remove ${input.name}`, ariaLabel: `Remove ${input.name}` }, '×');
    drop.addEventListener('click', () => remove(input.id));
    const row = el('li', { className: `input-row${input.id === state.selected ? ' selected' : ''}${errors.length ? ' has-error' : ''}` },
      el('div', { className: 'input-line' }, pick, drop));
    for (const j of errors) {
      const { error, name } = records[j];
      const go = el('button', { type: 'button', className: 'loc', title: `Show ${name}:${error.line}:${error.column} in the source view` },
        `line ${error.line}, column ${error.column}`);
      go.addEventListener('click', () => showLocation(input.name, state.analysis.inputRanges[j]));
      const [head, rest] = fold(error.message);
      row.append(el('div', { className: 'input-error' }, el('span', { className: 'badge sev-error' }, 'Error'), ' ',
        name === input.name ? '' : `${name.slice(input.name.length + 1)} `, go, ': ', inline(head),
        rest && el('details', null, el('summary', null, 'more'), el('p', null, inline(rest)))));
    }
    if (input.note) row.append(el('p', { className: 'input-error' }, `${input.name} ${input.note}`));
    return row;
  }));
}

/** Splits a long message after its first sentence (outside `code`), for a "more" toggle. */
function fold(message) {
  if (message.length < 240) return [message, ''];
  let ticks = 0;
  for (let i = 0; i < message.length - 1; i++) {
    if (message[i] === '`') ticks++;
    else if (ticks % 2 === 0 && message[i] === '.' && message[i + 1] === ' ') return [message.slice(0, i + 1), message.slice(i + 2)];
  }
  return [message, ''];
}

// ---- editor and source view ----

function setView(view) {
  state.view = current()?.text.length > BIG ? 'source' : view;
  renderView();
}

function renderView() {
  const source = state.view === 'source';
  $('show-edit').setAttribute('aria-pressed', String(!source));
  $('show-source').setAttribute('aria-pressed', String(source));
  $('editor-wrap').hidden = source;
  $('source-wrap').hidden = !source;
  if (source) renderSource();
}

let starts = { text: null, lines: null };

function renderSource() {
  const input = current();
  if (!input) return;
  const analysed = state.analysis?.texts.get(input.name);
  const text = analysed ?? input.text;
  const range = state.highlight?.name === input.name && analysed != null ? state.highlight.range : null;
  if (starts.text !== text) starts = { text, lines: lineStarts(text) };
  const pre = $('source');
  const hit = source(pre, text, starts.lines, range);
  const caption = $('source-caption');
  caption.textContent = `${input.name}, read-only${analysed != null && analysed !== input.text ? ' (as last analysed)' : ''}`;
  if (text.length > BIG) caption.append(` (${mb(text.length)}: too large to edit here)`);
  if (hit) {
    caption.append(`: line ${hit.dataset.n} highlighted`);
    pre.scrollTop = hit.offsetTop - pre.clientHeight / 3;
    const mark = hit.querySelector('mark');
    pre.scrollLeft = mark && mark.offsetLeft + 40 > pre.clientWidth ? mark.offsetLeft - pre.clientWidth / 3 : 0;
  } else pre.scrollTop = 0;
}

function showLocation(name, range) {
  const input = state.inputs.find((i) => i.name === name);
  if (!input || !range) return;
  state.highlight = { name, range };
  state.view = 'source';
  select(input.id);
  const pre = $('source');
  pre.focus({ preventScroll: true });
  const box = $('inputs').getBoundingClientRect();
  if (box.top < 0 || box.top > innerHeight) $('inputs').scrollIntoView({ block: 'start' });
}

// "Edit" puts the caret on the highlighted text when it is unchanged since the analysis.
function editAtHighlight() {
  setView('edit');
  const input = current();
  const editor = $('editor');
  editor.focus();
  const h = state.highlight;
  if (!h || h.name !== input.name || state.analysis?.texts.get(h.name) !== input.text) return;
  editor.setSelectionRange(h.range[0], h.range[1]);
  const line = input.text.slice(0, h.range[0]).split('\n').length;
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
  editor.scrollTop = Math.max(0, (line - 1) * lineHeight - editor.clientHeight / 3);
}

// ---- report ----

function renderReport() {
  const a = state.analysis;
  showAlert(state.error);
  for (const b of document.querySelectorAll('[data-export]')) b.disabled = !a;
  const report = a?.report ?? { inputs: [], findings: [], summary: {} };
  const total = report.findings.length;
  const broken = report.inputs.filter((i) => i.error).length;
  const given = a?.texts.size ?? 0;
  const counts = [`${total.toLocaleString()} finding${total === 1 ? '' : 's'}`, `in ${given} input${given === 1 ? '' : 's'}`];
  if (broken) counts.push(`· ${broken} input error${broken === 1 ? '' : 's'}`);
  if (report.suppressed?.length) counts.push(`· ${report.suppressed.length} ignored by the settings`);
  const skipped = report.inputs.length ? report.skipped ?? [] : [];
  if (skipped.length) counts.push(`· ${skipped.length} check${skipped.length === 1 ? '' : 's'} not reviewed`);
  if (a) counts.push(`· ${a.ms < 10 ? a.ms.toFixed(1) : Math.round(a.ms)} ms`);
  setStatus(a ? counts.join(' ') : '');
  $('summary').replaceChildren(...(a ? summary({ ...report, skipped }, state.rules) : []));
  renderSnapshot(a && report.inputs.length ? a : null, skipped);
  for (const s of SEVERITIES) $(`count-${s}`).textContent = String(report.summary[s] ?? 0);
  const tally = (key) => report.findings.reduce((m, f) => m.set(f[key], (m.get(f[key]) ?? 0) + 1), new Map());
  fillSelect($('f-area'), tally('area'), (id) => areaLabel(id));
  fillSelect($('f-rule'), tally('rule'), (id) => id);
  renderFindings();
}

// The snapshot view and the checks not reviewed; the user's open/closed choice survives a rerun.
function renderSnapshot(a, skipped) {
  $('snapshot').hidden = !a;
  const open = $('not-reviewed')?.open ?? true;
  $('snap-held').replaceChildren(...(a ? snapshotView(a.inventory) : []));
  $('snap-skipped').replaceChildren(...[a && notReviewed(skipped, state.kinds, state.rules, { open })].filter(Boolean));
}

function fillSelect(select, counts, label) {
  const keep = select.value;
  select.replaceChildren(select.options[0]);
  for (const [id, n] of [...counts].sort((x, y) => (x[0] < y[0] ? -1 : 1))) select.append(el('option', { value: id }, `${label(id)} (${n})`));
  select.value = counts.has(keep) ? keep : '';
}

function renderFindings() {
  const findings = state.analysis?.report.findings ?? [];
  const sevs = new Set(SEVERITIES.filter((s) => $(`f-sev-${s}`).checked));
  const area = $('f-area').value;
  const rule = $('f-rule').value;
  const text = $('f-text').value.trim().toLowerCase();
  state.matches = [];
  findings.forEach((f, i) => {
    if (!sevs.has(f.severity) || (area && f.area !== area) || (rule && f.rule !== rule)) return;
    if (text && ![f.title, f.message, f.resource, f.input, f.rule].some((s) => s.toLowerCase().includes(text))) return;
    state.matches.push(i);
  });
  state.shown = 0;
  $('findings').replaceChildren();
  const n = state.matches.length;
  $('shown').textContent = !state.analysis ? '' : n === findings.length ? '' : `${n.toLocaleString()} of ${findings.length.toLocaleString()} findings match the filters.`;
  if (state.analysis && !findings.length) {
    const { inputs, skipped = [] } = state.analysis.report;
    const broken = inputs.filter((i) => i.error).length;
    // "No findings" is never an all-clear while checks did not run.
    const unreviewed = skipped.length ? ` ${skipped.length} check${skipped.length === 1 ? ' was' : 's were'} not reviewed for want of an input: see "Not reviewed" above.` : '';
    $('findings').append(el('li', { className: 'empty' }, !inputs.length
      ? 'Nothing to analyse yet: paste JSON, open files or load a sample.'
      : broken ? `No findings in what could be read; ${broken} input error${broken === 1 ? '' : 's'} above.${unreviewed}`
        : skipped.length ? `No findings in what was reviewed.${unreviewed}` : 'No findings in these inputs.'));
  }
  showMore();
}

function showMore() {
  const { report, ranges, pathRanges } = state.analysis ?? {};
  const next = state.matches.slice(state.shown, state.shown + PAGE);
  $('findings').append(...next.map((i) => {
    const f = report.findings[i];
    const item = finding(f, state.rules.get(f.rule), state.methods, () => {
      activate(item);
      showLocation(f.input, ranges[i]);
    }, (j) => {
      activate(item);
      showLocation(f.path[j].input, pathRanges[i][j]);
    });
    return item;
  }));
  state.shown += next.length;
  const rest = state.matches.length - state.shown;
  $('more').hidden = rest <= 0;
  $('more').textContent = `Show ${Math.min(PAGE, rest).toLocaleString()} more (${rest.toLocaleString()} not shown)`;
}

function activate(item) {
  document.querySelector('.finding.active')?.classList.remove('active');
  item.classList.add('active');
}

// ---- exports ----

async function download(format) {
  await settled();
  if (!state.analysis) return;
  const [type, ext] = FORMATS[format];
  const { text } = await request({ type: 'export', format });
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: `posture-report.${ext}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- small things ----

function setStatus(text, busy = false) {
  const status = $('status');
  status.replaceChildren(...(busy ? [el('span', { className: 'spinner', ariaHidden: 'true' })] : []), text);
}

function showAlert(text) {
  $('alert').hidden = !text;
  $('alert').textContent = text ?? '';
}

const mb = (n) => (n < 1e6 ? `${Math.max(1, Math.round(n / 1e3))} KB` : `${(n / 1e6).toFixed(1)} MB`);

// Settings stay in this browser (pasted data never does); a browser that refuses storage only loses them.
function setting(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key) ?? '';
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    return '';
  }
}

// ---- start ----

function wire() {
  $('sev-boxes').append(...SEVERITIES.map((s) => {
    const box = el('input', { type: 'checkbox', id: `f-sev-${s}`, checked: true });
    box.addEventListener('change', renderFindings);
    return el('label', { className: 'sev-box', htmlFor: `f-sev-${s}` }, box, badge(s), el('span', { className: 'count', id: `count-${s}` }, '0'));
  }));
  $('f-area').addEventListener('change', renderFindings);
  $('f-rule').addEventListener('change', renderFindings);
  $('f-text').addEventListener('input', renderFindings);
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('more').addEventListener('click', showMore);

  $('sim-context').append(contextRow());
  $('sim-add').addEventListener('click', () => {
    const row = contextRow();
    $('sim-context').append(row);
    row.querySelector('input').focus();
  });
  $('sim-form').addEventListener('submit', (e) => {
    e.preventDefault();
    ask(question($('sim-form')));
  });

  $('editor').addEventListener('input', () => {
    const input = current();
    input.text = $('editor').value;
    // An edited sample is the user's own input now.
    delete input.sample;
    schedule();
  });
  $('new-paste').addEventListener('click', newPaste);
  $('open-files').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (e) => {
    addFiles(e.target.files);
    e.target.value = '';
  });
  for (const b of document.querySelectorAll('[data-sample]')) b.addEventListener('click', () => loadSample(b.dataset.sample));
  $('show-edit').addEventListener('click', editAtHighlight);
  $('show-source').addEventListener('click', () => setView('source'));
  for (const b of document.querySelectorAll('[data-export]')) b.addEventListener('click', () => download(b.dataset.export));

  // Files dropped anywhere on the page become inputs.
  let depth = 0;
  const onDrag = (e) => {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    e.preventDefault();
    depth += { dragenter: 1, dragleave: -1 }[e.type] ?? 0;
    if (e.type === 'drop') {
      depth = 0;
      addFiles(e.dataTransfer.files);
    }
    $('drop-overlay').hidden = depth <= 0;
  };
  for (const type of ['dragenter', 'dragover', 'dragleave', 'drop']) addEventListener(type, onDrag);

  const config = $('config');
  const minSev = $('min-sev');
  config.value = setting('posture.config');
  minSev.value = setting('posture.minSeverity');
  if (config.value) $('settings').open = true;
  config.addEventListener('input', () => {
    setting('posture.config', config.value);
    schedule();
  });
  minSev.addEventListener('change', () => {
    setting('posture.minSeverity', minSev.value);
    analyse();
  });
  $('config-reset').addEventListener('click', () => {
    config.value = '';
    minSev.value = '';
    setting('posture.config', '');
    setting('posture.minSeverity', '');
    analyse();
  });
}

async function main() {
  startWorker();
  wire();
  // The "Compare" mode (www/compare.js) asks the same worker.
  setupCompare(request);
  // Every sample is fetched now, so that the page keeps working offline once loaded.
  await Promise.all(SAMPLES.map(async (file) => {
    try {
      const response = await fetch(new URL(`samples/${file}`, import.meta.url));
      if (response.ok) samples.set(file, await response.text());
    } catch {
      /* the button then says the sample could not be loaded */
    }
  }));
  if (samples.has(SAMPLES[0])) loadSample(SAMPLES[0]);
  else newPaste();
}

main();
