// The page's wiring: inputs, the analyser worker, filters, the source view, exports, the simulator.
// No security logic lives here: every decision comes from the engine's report.
import { el, badge, inline, summary, finding, attackPath, sourceView, lineStarts, SEVERITIES, areaLabel } from './render.js';
import { contextRow, question, simulation, verdict } from './simulate.js';
import { snapshotView, notReviewed } from './snapshot.js';
import { roleGraphView } from './rolegraph.js';
import { setupCompare } from './compare.js';

const $ = (id) => document.getElementById(id);
const PAGE = 200; // findings rendered at once
const BIG = 400_000; // characters: larger inputs are analysed but not put in the editor (a textarea slows down)
const PASTE_BIG = 1_000_000; // characters: a larger paste never enters the editor, it goes to the analyser as a file would
const MANY = 12; // inputs: more are listed compactly, by kind, with a filter
const MAX_FILE = 512 * 1024 * 1024;
const SAMPLES = ['identity-policy.json', 'get-role.json', 'network-snapshot.json', 'encryption-snapshot.json', 'patching-snapshot.json', 'attack-path-snapshot.json'];
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
  graph: null, // the role graph view of the analysis ({element, selectPrincipal}), when it has one
  graphAt: null, // principal entry (input, line, column) → index in inventory.principals, built on first use
  error: null,
  matches: [], // indices of the findings that pass the filters
  shown: 0,
  view: 'edit',
  highlight: null, // {name, range}
  snapshot: [], // [{name, text}] as last analysed; the simulator asks about the same
  question: null, // the simulator's question once one has been asked (never stored)
  sim: null, // {question, result, text, ranges} or {question, error}
  stopped: false, // the user stopped the last analysis: nothing reruns until an input changes
  back: null, // the button whose location the source view shows, for "Back to the finding"
  openKinds: new Set(), // the kinds whose group of inputs is open in a long input list
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

// After a panic the wasm instance is not to be trusted: start a fresh one. "Stop" does the same.
function restartWorker(reason = 'the analyser was restarted') {
  worker.terminate();
  for (const call of calls.values()) call.reject(Object.assign(new Error(reason), { stopped: reason === 'stopped', superseded: reason === 'superseded' }));
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
let since = 0; // when the analysis in flight started
const SUPERSEDE = 1000; // ms: an analysis running longer is abandoned when the inputs change

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
    // A long analysis of inputs that have changed since is of no use: a fresh analyser starts over.
    if (since && performance.now() - since > SUPERSEDE) restartWorker('superseded');
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
  state.stopped = false;
  const snapshot = state.inputs.filter(filled);
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
    if (s === 'analysing') {
      slow = setTimeout(() => {
        setStatus(`Analysing ${mb(size)}…`, true);
        $('stop').hidden = false;
      }, size > 1e6 ? 0 : 150);
    }
  };
  since = performance.now();
  try {
    const res = await request({ type: 'analyze', inputs: state.snapshot, options }, progress);
    state.error = res.error === undefined ? null : `Settings: ${res.error}`;
    if (state.error) $('settings').open = true;
    state.analysis = res.error === undefined ? { ...res, report: JSON.parse(res.report), texts: new Map(snapshot.map((i) => [i.name, i.text])) } : null;
  } catch (e) {
    if (e.superseded) {
      since = 0;
      clearTimeout(slow);
      return; // the loop in analyse() runs the inputs as they are now
    }
    state.analysis = null;
    state.stopped = Boolean(e.stopped);
    state.error = e.stopped ? null : `The analyser stopped on this input (${e.message}). That is a bug in Posture; it has been restarted.`;
  }
  since = 0;
  clearTimeout(slow);
  $('stop').hidden = true;
  renderInputs();
  renderReport();
  const report = $('report');
  report.dataset.generation = String(Number(report.dataset.generation ?? 0) + 1);
  setBusy(Boolean(timer) || again);
  // The simulator answers over what was just analysed, so its ranges fit the source view.
  if (state.question) await simulateOnce();
}

/** Cancels a running analysis: a fresh analyser replaces the busy one; the inputs stay. */
function stop() {
  if (!running) return; // it ended meanwhile: nothing to stop, and the analyser keeps its report
  clearTimeout(timer);
  timer = null;
  again = false;
  restartWorker('stopped');
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
    if (e.superseded) return simBusy(-1); // asked again once the new analysis ends
    res = { error: e.stopped ? 'stopped before an answer: select Check to ask again' : `the analyser stopped on this question (${e.message}); that is a bug in Posture, and it has been restarted` };
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
  box.replaceChildren(...(result ? simulation(result, text, (i) => showLocation(result.statements[i].input, ranges[i], document.activeElement), { restOpen }) : []));
}

// ---- inputs ----

const current = () => state.inputs.find((i) => i.id === state.selected);
/** An input worth analysing: a file, or a paste that is not only white space. */
const filled = (i) => i.file || /\S/.test(i.text);

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
  state.inputs = state.inputs.filter((i) => (filled(i) || i.sample) && (fields.sample || !i.sample));
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
  $('big').hidden = !big;
  $('big').replaceChildren(...(big ? bigSummary(input) : []));
  $('editor-label').textContent = `JSON text of ${input.name}`;
  renderInputs();
  renderView();
}

/** What the editor shows instead of an input too large for it: a read-only summary. */
function bigSummary(input) {
  input.lines ??= countLines(input.text);
  const open = el('button', { type: 'button', id: 'big-open' }, 'Open in the source view');
  open.addEventListener('click', () => {
    setView('source');
    $('source').focus();
  });
  return [
    el('p', null, el('strong', null, input.name), `: ${mb(input.text.length)}, ${input.lines.toLocaleString()} line${input.lines === 1 ? '' : 's'}, read-only.`),
    el('p', { className: 'note' }, 'Too large to edit on this page: it is analysed as it is, away from the page so that the page stays responsive. The source view shows it page by page; to change it, edit it elsewhere and open or paste it again.'),
    open,
  ];
}

function countLines(text) {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// A paste larger than PASTE_BIG never enters the editor (a textarea holding megabytes blocks
// the page for seconds): it becomes an input as an opened file does.
function onPaste(e) {
  const text = e.clipboardData?.getData('text/plain') ?? '';
  if (text.length <= PASTE_BIG) return;
  e.preventDefault();
  const input = current();
  const editor = $('editor');
  const whole = editor.selectionStart === 0 && editor.selectionEnd === editor.value.length;
  let target;
  if (input && !input.file && (whole || !filled(input))) {
    target = input;
    target.text = text;
    delete target.sample;
    delete target.lines;
  } else target = addInput({ name: 'pasted', text });
  select(target.id);
  analyse();
}

function clearAll() {
  state.inputs = [];
  state.highlight = null;
  state.back = null;
  $('input-filter').value = '';
  newPaste();
}

function remove(id) {
  const at = state.inputs.findIndex((i) => i.id === id);
  if (at < 0) return;
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

const CHUNK = 1 << 20; // bytes decoded per task: a big file is read without blocking the page

async function readFile(file) {
  if (file.size > MAX_FILE) throw new Error(`${mb(file.size)} is more than a browser tab can hold as text`);
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  // PowerShell's `>` writes UTF-16 with a byte-order mark.
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return { text: await decodeChunks(file, encoding, true) };
  } catch {
    return { text: await decodeChunks(file, encoding, false), note: `is not valid ${encoding.toUpperCase()}: unreadable bytes were replaced by �` };
  }
}

/** Decodes `file` a chunk at a time, yielding to the page between chunks. */
async function decodeChunks(file, encoding, fatal) {
  const decoder = new TextDecoder(encoding, { fatal });
  const parts = [];
  for (let at = 0; at < file.size; at += CHUNK) {
    const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
    parts.push(decoder.decode(bytes, { stream: at + CHUNK < file.size }));
    if (file.size > CHUNK) await new Promise((resolve) => setTimeout(resolve));
  }
  if (!file.size) parts.push(decoder.decode());
  return parts.join('');
}

function kindLabel(id) {
  return state.kinds.get(id)?.label ?? id;
}

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * How many checks read an input record: `reviewed_by` from the report; without it (an older
 * engine), 0 for a kind the engine says it does not review, else null ("reviewed", count unknown).
 */
function reviewedBy(record) {
  if (record.reviewed_by !== undefined) return record.reviewed_by;
  return state.kinds.get(record.kind)?.reviewed === false ? 0 : null;
}

const reviewText = (n) => (n === 0 ? 'not reviewed' : n == null ? 'reviewed' : `reviewed by ${plural(n, 'check')}`);

// The report's records by input name: its own record and its bundle's outputs (`name#…`).
// Built once per report (linear in the records' names), so a long list stays linear.
let recordIndex = { records: null, byInput: new Map() };

function indexRecords(records) {
  if (recordIndex.records === records) return recordIndex.byInput;
  const names = new Set(state.inputs.map((i) => i.name));
  const byInput = new Map();
  const entry = (name) => byInput.get(name) ?? byInput.set(name, { own: -1, parts: [] }).get(name);
  records.forEach((r, j) => {
    if (names.has(r.name)) {
      const e = entry(r.name);
      if (e.own < 0) e.own = j;
      return;
    }
    // The longest input name before a '#' owns the record.
    for (let at = r.name.lastIndexOf('#'); at > 0; at = r.name.lastIndexOf('#', at - 1)) {
      const owner = r.name.slice(0, at);
      if (names.has(owner)) {
        entry(owner).parts.push(j);
        break;
      }
    }
  });
  recordIndex = { records, byInput };
  return byInput;
}

/** The report's records of one input: its own and its bundle's outputs (`name#…`). */
function recordsOf(input, records) {
  return indexRecords(records).get(input.name) ?? { own: -1, parts: [] };
}

/** One row of the input list: select, remove, its kind and review status, its errors and notes. */
function inputRow(input, records) {
  const { own, parts } = recordsOf(input, records);
  const errors = [own, ...parts].filter((j) => j >= 0 && records[j].error);
  const analysed = state.analysis?.texts.has(input.name);
  let kind;
  if (!filled(input)) kind = el('span', { className: 'kind muted' }, 'empty: paste JSON here');
  else if (own >= 0 && records[own].kind) {
    const record = records[own];
    if (parts.length) {
      const outputs = parts.filter((j) => !records[j].error);
      const unreviewed = outputs.filter((j) => reviewedBy(records[j]) === 0).length;
      kind = el('span', { className: unreviewed ? 'kind unreviewed' : 'kind' }, kindLabel(record.kind),
        ` · ${plural(parts.length, 'output')}`, unreviewed ? ` · ${unreviewed} not reviewed` : '');
    } else {
      const n = reviewedBy(record);
      kind = el('span', { className: n === 0 ? 'kind unreviewed' : 'kind' }, `${kindLabel(record.kind)} · ${reviewText(n)}`);
    }
  } else if (errors.length) kind = el('span', { className: 'kind err' }, state.rules.get(records[errors[0]].error.rule)?.title ?? 'not analysed');
  else kind = el('span', { className: 'kind muted' }, analysed ? '' : '…');
  const pick = el('button', { type: 'button', className: 'input-select' }, el('span', { className: 'input-name' }, input.name), kind);
  if (input.id === state.selected) pick.setAttribute('aria-current', 'true');
  pick.addEventListener('click', () => select(input.id));
  const drop = el('button', { type: 'button', className: 'remove', title: `Remove ${input.name}`, ariaLabel: `Remove ${input.name}` }, '×');
  drop.addEventListener('click', () => remove(input.id));
  const row = el('li', { className: `input-row${input.id === state.selected ? ' selected' : ''}${errors.length ? ' has-error' : ''}` },
    el('div', { className: 'input-line' }, pick, drop));
  row.dataset.id = String(input.id);
  for (const j of errors) {
    const { error, name } = records[j];
    const go = el('button', { type: 'button', className: 'loc', title: `Show ${name}:${error.line}:${error.column} in the source view` },
      `line ${error.line}, column ${error.column}`);
    go.addEventListener('click', () => showLocation(input.name, state.analysis.inputRanges[j], go));
    const [head, rest] = fold(error.message);
    row.append(el('div', { className: 'input-error' }, el('span', { className: 'badge sev-error' }, 'Error'), ' ',
      name === input.name ? '' : `${name.slice(input.name.length + 1)} `, go, ': ', inline(head),
      rest && el('details', null, el('summary', null, rest.startsWith('supported') ? 'supported kinds' : 'more'), el('p', null, inline(rest)))));
  }
  // A known AWS output that no check reads: said quietly (a note, not an error), with the
  // output that holds the same data when there is one.
  for (const j of [own, ...parts]) {
    if (j < 0 || records[j].error) continue;
    const { name, notes = [] } = records[j];
    for (const note of notes.filter((n) => n.rule === 'input-unrecognized')) {
      row.append(el('p', { className: 'input-note' }, name === input.name ? '' : `${name.slice(input.name.length + 1)}: `, inline(note.message)));
    }
  }
  if (input.note) row.append(el('p', { className: 'input-error' }, `${input.name} ${input.note}`));
  return row;
}

/** The group an input is listed under when there are many: its kind, or its trouble. */
function groupOf(input, records) {
  if (!filled(input)) return 'Empty';
  const { own, parts } = recordsOf(input, records);
  if ([own, ...parts].some((j) => j >= 0 && records[j].error)) return 'Input errors';
  if (own >= 0 && records[own].kind) return kindLabel(records[own].kind);
  return 'Not analysed yet';
}

function renderInputs() {
  const records = state.analysis?.report.inputs ?? [];
  const list = $('input-list');
  const many = state.inputs.length > MANY;
  $('input-tools').hidden = !many;
  if (!many) {
    list.replaceChildren(...state.inputs.map((input) => inputRow(input, records)));
    return;
  }
  $('input-count').textContent = `${plural(state.inputs.length, 'input')}, by kind`;
  const filter = $('input-filter').value.trim().toLowerCase();
  if (filter) {
    // A filtered list is flat: what matches, at most 50 rows.
    const hits = state.inputs.filter((i) => i.name.toLowerCase().includes(filter) || groupOf(i, records).toLowerCase().includes(filter));
    const rows = hits.slice(0, 50).map((input) => inputRow(input, records));
    if (hits.length > 50) rows.push(el('li', { className: 'muted input-more' }, `… and ${hits.length - 50} more: refine the filter`));
    if (!hits.length) rows.push(el('li', { className: 'muted input-more' }, 'No input matches the filter.'));
    list.replaceChildren(...rows);
    return;
  }
  // The selected input first, then every input folded by kind: a group opens only when the
  // user opens it, so the keyboard path past the list stays a few stops long.
  const groups = new Map();
  for (const input of state.inputs) {
    const key = groupOf(input, records);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(input);
  }
  const selected = current();
  const head = selected ? [inputRow(selected, records)] : [];
  list.replaceChildren(...head, ...[...groups].map(([key, inputs]) => {
    const open = state.openKinds.has(key);
    const details = el('details', { className: 'input-group', open },
      el('summary', { className: key === 'Input errors' ? 'err' : '' }, `${key} (${inputs.length.toLocaleString()})`),
      el('ul', { className: 'input-list' }, ...inputs.map((input) => {
        const row = inputRow(input, records);
        // The selected input is listed first, above the groups: here it is only marked.
        if (input.id === state.selected) {
          row.classList.replace('selected', 'also');
          row.querySelector('.input-select').removeAttribute('aria-current');
        }
        return row;
      })));
    details.addEventListener('toggle', () => {
      if (details.open) state.openKinds.add(key);
      else state.openKinds.delete(key);
    });
    return el('li', null, details);
  }));
}

/** Splits a long message after its first sentence (outside `code`), for a "more" toggle. */
function fold(message) {
  // The list of supported kinds is long: behind a "supported kinds" toggle.
  const at = message.indexOf('; supported: ');
  if (at > 0) return [message.slice(0, at), message.slice(at + 2)];
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
  state.view = view;
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
let viewer = null;

function renderSource() {
  const input = current();
  if (!input) return;
  const analysed = state.analysis?.texts.get(input.name);
  const text = analysed ?? input.text;
  const range = state.highlight?.name === input.name && analysed != null ? state.highlight.range : null;
  if (starts.text !== text) starts = { text, lines: lineStarts(text) };
  const pre = $('source');
  viewer ??= sourceView(pre);
  const hit = viewer.show(text, starts.lines, range);
  const caption = $('source-caption');
  caption.textContent = `${input.name}, read-only${analysed != null && analysed !== input.text ? ' (as last analysed)' : ''}, ${plural(starts.lines.length, 'line')}`;
  if (text.length > BIG) caption.append(` (${mb(text.length)}: too large to edit here)`);
  if (hit) {
    caption.append(`: line ${hit} highlighted`);
    const mark = pre.querySelector('mark');
    pre.scrollLeft = mark && mark.offsetLeft + 40 > pre.clientWidth ? mark.offsetLeft - pre.clientWidth / 3 : 0;
  } else pre.scrollLeft = 0;
  $('back').hidden = !(state.back?.isConnected && hit);
}

/**
 * Shows `range` of input `name` in the source view. `from` is the control that asked (a
 * finding's location): focus stays on it when the source view is in sight, so the next Tab
 * goes on through the finding; otherwise (a phone) the view is scrolled to and its "Back to
 * the finding" control takes the focus.
 */
function showLocation(name, range, from) {
  const input = state.inputs.find((i) => i.name === name);
  if (!input || !range) return;
  state.highlight = { name, range };
  state.back = from ?? null;
  state.view = 'source';
  select(input.id);
  const box = $('source').getBoundingClientRect();
  const inSight = box.top >= 0 && box.top < innerHeight - 60 && box.height > 0;
  if (inSight && from) from.focus({ preventScroll: true });
  else {
    $('source-wrap').scrollIntoView({ block: 'start' });
    ($('back').hidden ? $('source') : $('back')).focus({ preventScroll: true });
  }
}

function backToFinding() {
  const from = state.back;
  if (!from?.isConnected) return;
  from.scrollIntoView({ block: 'center' });
  from.focus({ preventScroll: true });
}

// "Edit" puts the caret on the highlighted text when it is unchanged since the analysis.
function editAtHighlight() {
  setView('edit');
  const input = current();
  if (input.text.length > BIG) return $('big-open')?.focus();
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
  const cover = coverageOf(report);
  if (cover.unreviewed.length) counts.push(`· ${plural(cover.unreviewed.length, 'input')} not reviewed`);
  if (skipped.length) counts.push(`· ${skipped.length} check${skipped.length === 1 ? '' : 's'} not run`);
  if (a) counts.push(`· ${a.ms < 10 ? a.ms.toFixed(1) : Math.round(a.ms)} ms`);
  setStatus(a ? counts.join(' ') : state.stopped ? 'Analysis stopped. The inputs are kept: change one, or select Analyse, to run it again.' : '');
  $('rerun').hidden = !state.stopped;
  // "Stop" is gone once it has worked: the focus goes to "Analyse" rather than to nowhere.
  if (state.stopped && [$('stop'), document.body, null].includes(document.activeElement)) $('rerun').focus();
  $('coverage').replaceChildren(...(a && report.inputs.length ? coverageView(cover, skipped, total) : []));
  $('summary').replaceChildren(...(a ? summary({ ...report, skipped }, state.rules) : []));
  renderSnapshot(a && report.inputs.length ? a : null, skipped);
  for (const s of SEVERITIES) $(`count-${s}`).textContent = String(report.summary[s] ?? 0);
  const tally = (key) => report.findings.reduce((m, f) => m.set(f[key], (m.get(f[key]) ?? 0) + 1), new Map());
  fillSelect($('f-area'), tally('area'), (id) => areaLabel(id));
  fillSelect($('f-rule'), tally('rule'), (id) => id);
  renderAttackPaths();
  renderFindings();
}

// The rules whose findings join areas into a chain an attacker would follow (RULES.md's
// "attack paths"; `instance-imdsv1-enabled` is about one instance and stays with the others).
const ATTACK_RULES = new Set(['exposed-instance-privileged-role', 'exposed-instance-unpatched', 'privileged-user-weak-credentials', 'role-chain-to-admin']);

/** The attack paths, above every other finding when there are any: each a chain of hops. */
function renderAttackPaths() {
  const { report, ranges, pathRanges } = state.analysis ?? {};
  const list = $('attack-list');
  list.replaceChildren();
  const chains = (report?.findings ?? []).map((f, i) => [f, i]).filter(([f]) => ATTACK_RULES.has(f.rule) && f.path?.length);
  $('attack-paths').hidden = !chains.length;
  list.append(...chains.map(([f, i]) => {
    const item = attackPath(f, state.rules.get(f.rule), () => {
      activate(item);
      inGraph(f);
      showLocation(f.input, ranges[i], item.querySelector('button.loc'));
    }, (j) => {
      activate(item);
      inGraph(f);
      showLocation(f.path[j].input, pathRanges[i][j], item.querySelector(`.hop[data-hop="${j}"]`));
    });
    graphLink(f, item);
    return item;
  }));
}

/**
 * A role chain's first principal (its path's first hop is the principal's entry) in the role
 * graph, centred with its chain highlighted; false when there is no graph or no such node.
 */
function inGraph(f, options) {
  if (f.rule !== 'role-chain-to-admin' || !state.graph || !f.path?.length) return false;
  const principals = state.analysis?.inventory?.principals ?? [];
  const key = (input, { line, column }) => `${input}\n${line}:${column}`;
  state.graphAt ??= new Map(principals.map((p, i) => [key(p.input, p.location), i]));
  const at = state.graphAt.get(key(f.path[0].input, f.path[0].location));
  return at != null && state.graph.selectPrincipal(at, options);
}

/** "Show in role graph" on a role chain's finding. */
function graphLink(f, item) {
  if (f.rule !== 'role-chain-to-admin' || !state.graph) return;
  const button = el('button', { type: 'button', className: 'linklike rg-link' }, 'Show in role graph');
  button.addEventListener('click', () => {
    activate(item);
    inGraph(f, { focus: true, scroll: true });
  });
  item.append(el('p', { className: 'rg-link-line' }, button));
}

/**
 * What the analysis covered: the inputs some check read, those none did (a kind recognised
 * but not reviewed), those that could not be read. Bundles count by their outputs.
 */
function coverageOf(report) {
  const bundles = new Set(report.inputs.filter((r) => r.kind === 'bundle').map((r) => r.name));
  const ownerOf = (name) => {
    const at = name.indexOf('#');
    return at > 0 && bundles.has(name.slice(0, at)) ? name.slice(0, at) : null;
  };
  const reviewed = new Map(); // input name → {name, reviewed_by?, outputs}: a bundle once, with its outputs counted
  const unreviewed = [];
  const broken = [];
  for (const r of report.inputs) {
    if (r.error) broken.push(r);
    else if (r.kind === 'bundle') continue;
    else if (reviewedBy(r) === 0) unreviewed.push({ ...r, name: ownerOf(r.name) ? `${ownerOf(r.name)}: ${kindLabel(r.kind)}` : r.name });
    else {
      const owner = ownerOf(r.name);
      if (!owner) reviewed.set(r.name, r);
      else reviewed.set(owner, { name: owner, outputs: (reviewed.get(owner)?.outputs ?? 0) + 1 });
    }
  }
  // What could not be judged in what was read (a bucket with no output about it, a work budget
  // spent, an output that does not name its resource): as in the report's `fully_reviewed`.
  // An unreviewed input's own note is counted with it, above.
  const notes = report.inputs.filter((r) => !r.error && reviewedBy(r) !== 0).flatMap((r) => r.notes ?? []);
  return { reviewed: [...reviewed.values()], unreviewed, broken, notes };
}

const NAMED = 6; // inputs named in a coverage line; the rest are counted

function named(records, detail) {
  const items = records.slice(0, NAMED).map((r) => {
    const d = detail(r);
    return [el('code', null, r.name), d ? ` (${d})` : ''];
  });
  const out = [];
  items.forEach((parts, i) => out.push(...(i ? [', '] : []), ...parts));
  if (records.length > NAMED) out.push(` and ${(records.length - NAMED).toLocaleString()} more`);
  return out;
}

/** The coverage lines above the findings: as prominent as the findings' count. */
function coverageView({ reviewed, unreviewed, broken, notes }, skipped, total) {
  const all = !unreviewed.length && !broken.length && !skipped.length && !notes.length;
  const head = total
    ? `${plural(total, 'finding')} in what was reviewed.`
    : all ? 'No findings in these inputs: every input was reviewed and every check ran.' : 'No findings in what was reviewed. Not everything was:';
  const lines = [el('p', { className: `cov-head${total || all ? '' : ' partial'}`, id: 'coverage-h' }, head)];
  const list = el('ul', { className: 'cov-lines' });
  if (reviewed.length) {
    list.append(el('li', { className: 'cov-ok' }, el('strong', null, `Reviewed: ${plural(reviewed.length, 'input')}`), ': ',
      ...named(reviewed, (r) => (r.outputs ? `${plural(r.outputs, 'output')}` : r.reviewed_by ? `by ${plural(r.reviewed_by, 'check')}` : ''))));
  }
  if (unreviewed.length) {
    list.append(el('li', { className: 'cov-no' }, el('strong', null, `Not reviewed: ${plural(unreviewed.length, 'input')}`),
      ', no check reads ', unreviewed.length === 1 ? 'its kind' : 'their kinds', ' yet: ', ...named(unreviewed, (r) => {
        const instead = state.kinds.get(r.kind)?.instead;
        return instead ? `${kindLabel(r.kind)}; the same data is reviewed in ${instead}` : kindLabel(r.kind);
      })));
  }
  if (broken.length) {
    list.append(el('li', { className: 'cov-err' }, el('strong', null, `Not read: ${plural(broken.length, 'input')}`), ' (see the input errors): ',
      ...named(broken, () => '')));
  }
  if (skipped.length) {
    const kinds = [...new Set(skipped.flatMap((s) => s.needs))];
    // A few missing outputs are named here; more are listed under "Not run" below.
    const few = kinds.length <= 3 ? kinds.map((k) => el('code', null, kindLabel(k))) : [];
    list.append(el('li', { className: 'cov-no' }, el('strong', null, `Not run: ${plural(skipped.length, 'check')}`),
      ` for want of ${plural(kinds.length, 'kind')} of input`,
      ...(few.length ? [' (', ...few.flatMap((c, i) => [...(i ? [', '] : []), c]), ')'] : []),
      `; "Not run" below names the command${kinds.length === 1 ? '' : 's'} that collect${kinds.length === 1 ? 's' : ''} ${kinds.length === 1 ? 'it' : 'them'}.`));
  }
  if (notes.length) {
    list.append(el('li', { className: 'cov-no' }, el('strong', null, `Partly reviewed: ${plural(notes.length, 'note')}`),
      ` say${notes.length === 1 ? 's' : ''} what could not be judged (under the summary, or with ${notes.length === 1 ? 'its' : 'their'} input).`));
  }
  if (list.childElementCount) lines.push(list);
  return lines;
}

// The snapshot view and the checks not run; the user's open/closed choice survives a rerun.
let notRunOpen = null;

function renderSnapshot(a, skipped) {
  $('snapshot').hidden = !a;
  const open = notRunOpen ?? !a?.report.findings.length;
  const actions = {
    locate: showLocation,
    findings: (text) => { $('f-text').value = text; renderFindings(); $('f-text').scrollIntoView({ block: 'nearest' }); },
  };
  state.graph = a ? roleGraphView(a.inventory?.role_graph, a.inventory?.principals, actions) : null;
  state.graphAt = null;
  const graph = state.graph && { has: (i) => state.graph.has(i), select: (i) => state.graph.selectPrincipal(i, { focus: true, scroll: true }) };
  $('snap-held').replaceChildren(...(a ? snapshotView(a.inventory, { ...actions, roleGraph: state.graph?.element, graph }) : []));
  // Policies alone make no snapshot worth a block of "not given".
  const inv = a?.inventory;
  $('snap-held').hidden = !inv || (!inv.resources?.length && !inv.account && !inv.region && !inv.captured);
  // The simulator offers the snapshot's users and roles (groups make no requests).
  const callers = (inv?.principals ?? []).filter((p) => p.kind !== 'group').slice(0, 1000);
  $('sim-principals').replaceChildren(...callers.map((p) => el('option', { value: p.name, label: `${p.kind} ${p.arn}` })));
  const details = a && notReviewed(skipped, state.kinds, state.rules, { open });
  // The user's choice (a click on the summary, by mouse or keyboard), not the page's default.
  details?.querySelector('summary').addEventListener('click', () => (notRunOpen = !details.open));
  $('snap-skipped').replaceChildren(...[details].filter(Boolean));
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
    const { unreviewed, broken, notes } = coverageOf(state.analysis.report);
    // "No findings" is never an all-clear while an input was not reviewed or a check did not run.
    const rest = [
      broken.length && `${plural(broken.length, 'input')} could not be read`,
      unreviewed.length && `${plural(unreviewed.length, 'input')} ${unreviewed.length === 1 ? 'was' : 'were'} not reviewed`,
      skipped.length && `${plural(skipped.length, 'check')} did not run for want of an input`,
      notes.length && `${plural(notes.length, 'note')} say${notes.length === 1 ? 's' : ''} what could not be judged`,
    ].filter(Boolean);
    $('findings').append(el('li', { className: 'empty' }, !inputs.length
      ? 'Nothing to analyse yet: paste JSON, open files or load a sample.'
      : rest.length ? `No findings in what was reviewed: ${rest.join('; ')} (see above).` : 'No findings in these inputs.'));
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
      inGraph(f);
      showLocation(f.input, ranges[i], item.querySelector('button.loc'));
    }, (j) => {
      activate(item);
      inGraph(f);
      showLocation(f.path[j].input, pathRanges[i][j], item.querySelector(`.hop[data-hop="${j}"]`));
    });
    graphLink(f, item);
    return item;
  }));
  state.shown += next.length;
  const rest = state.matches.length - state.shown;
  $('more').hidden = rest <= 0;
  $('more').textContent = `Show ${Math.min(PAGE, rest).toLocaleString()} more (${rest.toLocaleString()} not shown)`;
}

function activate(item) {
  for (const n of document.querySelectorAll('.finding.active, .attack-path.active')) n.classList.remove('active');
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
    delete input.lines;
    // An edited sample is the user's own input now.
    delete input.sample;
    schedule();
  });
  $('editor').addEventListener('paste', onPaste);
  $('new-paste').addEventListener('click', newPaste);
  $('clear-all').addEventListener('click', clearAll);
  $('input-filter').addEventListener('input', renderInputs);
  $('stop').addEventListener('click', stop);
  $('rerun').addEventListener('click', () => analyse());
  $('back').addEventListener('click', backToFinding);
  $('open-files').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (e) => {
    addFiles(e.target.files);
    e.target.value = '';
  });
  // The samples are one toolbar: a single Tab stop, the arrow keys (and Home, End) move between
  // them, so that the keyboard path to the findings stays short (WAI-ARIA toolbar pattern).
  const sampleButtons = [...document.querySelectorAll('[data-sample]')];
  sampleButtons.forEach((b, i) => {
    b.tabIndex = i === 0 ? 0 : -1;
    b.addEventListener('click', () => loadSample(b.dataset.sample));
  });
  document.querySelector('.samples')?.addEventListener('keydown', (e) => {
    const i = sampleButtons.indexOf(document.activeElement);
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (i < 0 || (step === undefined && e.key !== 'Home' && e.key !== 'End')) return;
    e.preventDefault();
    const n = sampleButtons.length;
    const j = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : (i + step + n) % n;
    sampleButtons[i].tabIndex = -1;
    sampleButtons[j].tabIndex = 0;
    sampleButtons[j].focus();
  });
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
