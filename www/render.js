// Report → DOM. Everything here builds nodes with createElement and textContent: input
// data is never parsed as HTML and never becomes an attribute that the browser acts on.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
export const AREAS = ['iam', 'network', 'encryption', 'patching'];
const AREA_LABELS = { iam: 'IAM', network: 'Network', encryption: 'Encryption', patching: 'Patching', input: 'Input' };

export const areaLabel = (a) => AREA_LABELS[a] ?? a;
export const sevLabel = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// Characters that change how text displays without being seen: C0 and C1 controls (terminal
// escapes), bidirectional overrides and isolates (Trojan-source text: `invoice\u202egpj.json`
// shows as `invoicenosj.jpg`), zero-width characters and the byte-order mark. The engine's
// text and Markdown writers escape the same set.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]/g;

/** Text as it may be shown: every invisible or control character as a visible `⟨U+202E⟩`. */
export const visible = (text) =>
  String(text).replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);

/** el('p', {className: 'x'}, 'text', child…): props are DOM properties, children text or nodes.
 * Text children are shown, never obeyed: see `visible`. */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) Object.assign(node, props);
  for (const c of children) if (c != null && c !== false) node.append(typeof c === 'string' ? visible(c) : c);
  return node;
}

export const badge = (severity) => el('span', { className: `badge sev-${severity}` }, sevLabel(severity));

/**
 * Splits text into spans as CommonMark reads inline code: a run of N backticks opens a code
 * span that only a run of exactly N backticks closes; one leading and one trailing space are
 * stripped when both are there (so `` `a` `` holds `a`), and an unclosed run is literal text.
 * With `rich`, `*emphasis*`, `**strong**` and `[text](https://…)` are read outside code too
 * (rule texts; never messages, whose values may hold asterisks). Linear in the text: each
 * backtick run is looked up once in an index of the runs after it.
 * Returns [{type: 'text' | 'code' | 'em' | 'strong' | 'link', text, href?}].
 */
export function spans(input, { rich = false } = {}) {
  const text = String(input);
  const runs = []; // [start, length] of every backtick run
  for (let i = text.indexOf('`'); i !== -1; i = text.indexOf('`', i)) {
    let j = i;
    while (text[j] === '`') j++;
    runs.push([i, j - i]);
    i = j;
  }
  // For each run, the index of the next run of the same length (-1 when none).
  const next = new Array(runs.length).fill(-1);
  const last = new Map();
  for (let r = runs.length - 1; r >= 0; r--) {
    const n = runs[r][1];
    next[r] = last.get(n) ?? -1;
    last.set(n, r);
  }
  const out = [];
  const plain = (s) => {
    if (!s) return;
    if (rich) out.push(...richSpans(s));
    else if (out.length && out[out.length - 1].type === 'text') out[out.length - 1].text += s;
    else out.push({ type: 'text', text: s });
  };
  let at = 0; // text before `at` is emitted
  for (let r = 0; r < runs.length; r++) {
    const [start, n] = runs[r];
    if (start < at) continue;
    const close = next[r];
    if (close === -1) continue; // literal backticks, emitted with the text around them
    plain(text.slice(at, start));
    let code = text.slice(start + n, runs[close][0]).replace(/\r\n|\r|\n/g, ' ');
    if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
    out.push({ type: 'code', text: code });
    at = runs[close][0] + n;
    r = close;
  }
  plain(text.slice(at));
  return out;
}

// **strong**, *emphasis* and [text](https://…) in text outside code spans.
function richSpans(text) {
  const out = [];
  const re = /\*\*(\S(?:[^*]*?\S)?)\*\*|\*(\S(?:[^*]*?\S)?)\*|\[([^\]]+)\]\((https:\/\/[^\s)]+|#[\w-]+)\)/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > at) out.push({ type: 'text', text: text.slice(at, m.index) });
    if (m[1] !== undefined) out.push({ type: 'strong', text: m[1] });
    else if (m[2] !== undefined) out.push({ type: 'em', text: m[2] });
    else out.push({ type: 'link', text: m[3], href: m[4] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ type: 'text', text: text.slice(at) });
  return out;
}

/** Text with CommonMark code spans as <code> (see `spans`); `rich` also reads emphasis and links. */
export function inline(text, { rich = false } = {}) {
  const frag = document.createDocumentFragment();
  for (const s of spans(text, { rich })) {
    if (s.type === 'code') frag.append(el('code', null, s.text));
    else if (s.type === 'em') frag.append(el('em', null, s.text));
    else if (s.type === 'strong') frag.append(el('strong', null, s.text));
    else if (s.type === 'link') frag.append(el('a', { href: s.href, rel: 'noreferrer' }, s.text));
    else frag.append(visible(s.text));
  }
  return frag;
}

/** The Markdown of rule texts: paragraphs, "- " lists, `code`, and ``` fenced blocks ```. */
export function markdown(md, { copy = false } = {}) {
  const frag = document.createDocumentFragment();
  const lines = String(md).split('\n');
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) frag.append(el('p', null, inline(para.join(' '), { rich: true })));
    para = [];
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*```\s*([\w-]*)/);
    if (fence) {
      flush();
      const body = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i])) body.push(lines[i]);
      frag.append(codeBlock(body.join('\n'), fence[1], copy));
    } else if (/^\s*[-*] /.test(line)) {
      if (para.length) flush();
      if (!list) frag.append((list = el('ul')));
      list.append(el('li', null, inline(line.replace(/^\s*[-*] /, ''), { rich: true })));
    } else if (!line.trim()) {
      flush();
    } else if (list && /^\s+\S/.test(line)) {
      list.lastChild.append(' ', inline(line.trim(), { rich: true }));
    } else {
      list = null;
      para.push(line.trim());
    }
  }
  flush();
  return frag;
}

/** A code block, with a Copy button when `copy`. */
export function codeBlock(text, lang, copy) {
  const code = el('code', null, text);
  if (lang) code.dataset.lang = lang;
  const wrap = el('div', { className: 'codeblock' }, el('pre', null, code));
  if (copy) wrap.append(copyButton(text));
  return wrap;
}

export function copyButton(text, label = 'Copy') {
  const button = el('button', { type: 'button', className: 'copy', textContent: label });
  button.addEventListener('click', async () => {
    let ok = true;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      ok = legacyCopy(text);
    }
    button.textContent = ok ? 'Copied' : 'Copy failed: select the text';
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}

function legacyCopy(text) {
  const area = el('textarea', { value: text, readOnly: true, className: 'offscreen' });
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A small bar chart: rows of [label node, count, css class, note?]; a note stands in for an empty bar. */
function chart(title, rows) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const list = el('ul', { className: 'bars' });
  for (const [label, count, cls, note] of rows) {
    const bar = el('span', { className: `bar ${cls}` });
    bar.style.setProperty('--w', `${(count / max) * 100}%`);
    list.append(el('li', { className: count ? '' : 'zero' },
      el('span', { className: 'bar-label' }, label),
      !count && note ? el('span', { className: 'bar-note' }, note) : el('span', { className: 'bar-track', ariaHidden: 'true' }, bar),
      el('span', { className: 'bar-count' }, String(count))));
  }
  return el('div', { className: 'chart' }, el('h3', null, title), list);
}

/** The charts by severity and by area; `rules` (id → metadata) tells the area of a check not run. */
export function summary(report, rules) {
  const byArea = {};
  for (const f of report.findings) byArea[f.area] = (byArea[f.area] ?? 0) + 1;
  const unrun = {};
  for (const { rule } of report.skipped ?? []) {
    const area = rules?.get(rule)?.area;
    if (area) unrun[area] = (unrun[area] ?? 0) + 1;
  }
  const areas = [...new Set([...AREAS, ...Object.keys(byArea)])];
  const note = (a) => unrun[a] && `${unrun[a]} check${unrun[a] === 1 ? '' : 's'} not run`;
  return [
    chart('By severity', SEVERITIES.map((s) => [badge(s), report.summary[s] ?? 0, `sev-${s}`])),
    chart('By area', areas.map((a) => [areaLabel(a), byArea[a] ?? 0, 'area', note(a)])),
    ...inputNotes(report.inputs),
  ];
}

/** What checks judged cautiously or left unjudged (a work budget, a size cap), per input. */
function inputNotes(inputs) {
  // A recognised output's "not reviewed" note is shown with the input and in the coverage lines.
  const notes = inputs.flatMap((i) => (i.notes ?? []).filter((n) => n.rule !== 'input-unrecognized').map((n) => ({ input: i.name, ...n })));
  if (!notes.length) return [];
  return [el('ul', { className: 'input-notes' }, ...notes.map((n) => el('li', null,
    `Note (${n.rule}) on ${n.input}:${n.location.line}:${n.location.column}: `, inline(n.message))))];
}

/**
 * One finding. `rule` is the rule's metadata from rules() (may be undefined); `methods`
 * maps privilege-escalation method ids to their descriptions (methods()); `onLocate` is
 * called when its location link is used, `onHop(j)` when hop `j` of its path is.
 */
export function finding(f, rule, methods, onLocate, onHop) {
  const loc = `${f.input}:${f.location.line}:${f.location.column}`;
  const locate = el('button', { type: 'button', className: 'loc', title: `JSON pointer: ${f.location.pointer || '/'}` }, loc);
  locate.addEventListener('click', onLocate);
  const ruleRef = /^[a-z0-9-]+$/.test(rule?.id ?? '')
    ? el('a', { href: `rules.html#${rule.id}` }, el('code', null, f.rule))
    : el('code', null, f.rule);
  const meta = el('dl', { className: 'meta' });
  const row = (term, ...value) => meta.append(el('div', null, el('dt', null, term), el('dd', null, ...value)));
  if (f.resource) row('Resource', el('code', null, f.resource));
  row('Location', locate);
  row('Rule', ruleRef);
  if (f.controls?.length) row('Controls', ...f.controls.map((c) => el('span', { className: 'control' }, c)));
  const item = el('li', { className: `finding sev-${f.severity}` },
    el('div', { className: 'f-head' }, badge(f.severity), el('h3', null, f.title)),
    el('p', { className: 'f-msg' }, inline(f.message)),
    meta);
  item.dataset.rule = f.rule;
  if (f.path?.length) item.append(pathDiagram(f, onHop));
  const attacks = methodsNamed(f, methods);
  if (attacks.length) {
    item.append(el('details', { className: 'attacks' },
      el('summary', null, attacks.length === 1 ? 'How the attack works' : `How the ${attacks.length} attacks work`),
      el('dl', null, ...attacks.flatMap((m) => [
        el('dt', null, el('code', null, m.id), ` ${m.actions.join(' + ')}`),
        el('dd', null, m.attack),
      ]))));
  }
  if (rule) {
    item.append(
      el('details', { className: 'why' }, el('summary', null, 'Why it matters'), el('div', { className: 'md' }, markdown(rule.why))),
      el('details', { className: 'fix' }, el('summary', null, 'How to fix'), el('div', { className: 'md' }, markdown(rule.fix, { copy: true }))),
    );
  }
  return item;
}

// What a hop is, told by the AWS id its label starts with (AWS's own id prefixes).
const HOP_KINDS = [
  ['igw-', 'Internet gateway'], ['rtb-', 'Route table'], ['acl-', 'Network ACL'], ['sg-', 'Security group'],
  ['eni-', 'Network interface'], ['i-', 'Instance'],
];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const arrow = () => svg('svg', { class: 'hop-arrow', viewBox: '0 0 24 12', width: '24', height: '12', 'aria-hidden': 'true', focusable: 'false' },
  svg('path', { d: 'M1 6h20M15 1.5 21 6l-6 4.5', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.6' }));

/**
 * A composite finding's path, left to right from the internet: each hop a button that
 * calls `onHop(j)` to show where it is.
 */
export function pathDiagram(f, onHop, caption = 'Exposure path (select a step to see it in the source)') {
  const hops = el('ol', { className: 'hops' });
  // A path that starts at an internet gateway starts, for the reader, at the internet.
  const internet = f.path[0]?.label.startsWith('`igw-') ?? false;
  hops.setAttribute('aria-label', internet ? `Path from the internet to ${f.resource || 'the resource'}` : `Path of ${f.resource || 'the finding'}`);
  if (internet) hops.append(el('li', { className: 'hop-node internet' }, el('span', { className: 'hop-kind' }, 'Internet')));
  f.path.forEach((hop, j) => {
    const kind = hopKind(hop.label);
    const { line, column } = hop.location;
    const button = el('button', { type: 'button', className: 'hop', title: `${hop.input}:${line}:${column}` },
      el('span', { className: 'hop-kind' }, kind),
      el('span', { className: 'hop-label' }, inline(hop.label)),
      el('span', { className: 'hop-loc' }, `line ${line}`));
    button.dataset.hop = String(j);
    button.addEventListener('click', () => {
      for (const b of hops.querySelectorAll('.hop[aria-current]')) b.removeAttribute('aria-current');
      button.setAttribute('aria-current', 'step');
      onHop?.(j);
    });
    hops.append(el('li', { className: 'hop-node' }, j > 0 || internet ? arrow() : '', button));
  });
  return el('figure', { className: 'exposure' }, el('figcaption', null, caption), hops);
}

/** What a hop is: by the AWS id its label starts with, else by the principal or policy it names. */
function hopKind(label) {
  const id = label.match(/^`([^`]+)`/)?.[1] ?? '';
  const byId = HOP_KINDS.find(([prefix]) => id.startsWith(prefix))?.[1];
  if (byId) return byId;
  if (/^arn:aws[\w-]*:iam::\d*:instance-profile\//.test(id)) return 'Instance profile';
  if (label.startsWith('role `')) return 'Role';
  if (label.startsWith('user `')) return 'User';
  if (label.startsWith('group `')) return 'Group';
  if (/ statement `|\(attached\)|\(inline\)/.test(label)) return 'Policy';
  if (/^(console password|access key)/.test(label)) return 'Credential';
  return 'Step';
}

/**
 * One attack path at the top of the findings: severity, rule, what it joins (the message),
 * and the chain of hops, each linking to its location; `onLocate` shows where the finding
 * itself is.
 */
export function attackPath(f, rule, onLocate, onHop) {
  const loc = `${f.input}:${f.location.line}:${f.location.column}`;
  const locate = el('button', { type: 'button', className: 'loc', title: `JSON pointer: ${f.location.pointer || '/'}` }, loc);
  locate.addEventListener('click', onLocate);
  const ruleRef = /^[a-z0-9-]+$/.test(rule?.id ?? '')
    ? el('a', { href: `rules.html#${rule.id}` }, el('code', null, f.rule))
    : el('code', null, f.rule);
  const item = el('li', { className: `attack-path sev-${f.severity}` },
    el('div', { className: 'f-head' }, badge(f.severity), el('h3', null, f.title)),
    pathDiagram(f, onHop, 'Attack path (select a step to see it in its input)'),
    el('p', { className: 'f-msg' }, inline(f.message)),
    el('p', { className: 'muted' }, f.resource ? el('code', null, f.resource) : '', ' · ', locate, ' · ', ruleRef));
  item.dataset.rule = f.rule;
  return item;
}

/** The escalation methods a privilege-escalation finding names (as `id` in backticks). */
function methodsNamed(f, methods) {
  if (f.rule !== 'privilege-escalation' || !methods) return [];
  const ids = [...f.message.matchAll(/`([a-z0-9-]+-\d{3}|x-[a-z0-9-]+)`/g)].map((m) => m[1]);
  return [...new Set(ids)].map((id) => methods.get(id)).filter(Boolean);
}

/** Index of the line holding UTF-16 offset `at`, given sorted line start offsets. */
function lineOf(starts, at) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export const LINE_PX = 20; // the height of one source line (style.css: .source .line)
const MAX_PX = 8_000_000; // taller boxes than this are not laid out reliably: the scroll is then scaled
const SEGMENT = 2000; // characters per row: a longer line (minified JSON) continues on the next rows
const OVERSCAN = 30; // rows rendered above and below the visible ones

/**
 * A virtualised, read-only view of a text in `pre`: only the rows in view (and a few around
 * them) are in the DOM, so a 20 MB input scrolls as lightly as a small one, page by page.
 * A row is a line, or a SEGMENT of a longer one (marked as a continuation), so that even a
 * one-line minified file can be read to its end. Each row has its line number; `range`
 * ([start, end] UTF-16 offsets) is wrapped in <mark>. Text is shown through `visible`, so
 * control and bidirectional characters appear escaped.
 * Returns {show(text, starts, range) → first highlighted line number or 0, paint()}.
 */
export function sourceView(pre) {
  const box = el('div', { className: 'lines' });
  const space = el('div', { className: 'lines-space' }, box);
  pre.replaceChildren(space);
  let text = '';
  let rowStart = [0]; // UTF-16 offset where each row starts
  let rowLine = [0]; // the line of each row
  let lineEnd = [0]; // the end of each line, without its line break
  let range = null;
  let indexed = null; // the line starts the rows were built from
  let frame = 0;
  const total = () => rowStart.length;
  const height = () => Math.min(total() * LINE_PX, MAX_PX);
  const rows = () => Math.ceil(Math.max(pre.clientHeight, 600) / LINE_PX);
  // The first row in view at a scroll offset, and back: proportional, so that a scaled box
  // still reaches the last row.
  const maxTop = () => Math.max(1, height() - pre.clientHeight);
  const maxFirst = () => Math.max(0, total() - Math.floor(pre.clientHeight / LINE_PX));
  const firstAt = (top) => (height() < MAX_PX ? Math.floor(top / LINE_PX) : Math.floor((top / maxTop()) * maxFirst()));
  const topOf = (row) => (height() < MAX_PX ? row * LINE_PX : (row / Math.max(1, maxFirst())) * maxTop());

  function index(starts) {
    rowStart = [];
    rowLine = [];
    lineEnd = [];
    for (let i = 0; i < starts.length; i++) {
      const ls = starts[i];
      let le = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
      if (le > ls && text.charCodeAt(le - 1) === 13) le--;
      lineEnd.push(le);
      for (let at = ls; ;) {
        rowStart.push(at);
        rowLine.push(i);
        if (le - at <= SEGMENT) break;
        at += SEGMENT;
        // Never between the two halves of a surrogate pair.
        if ((text.charCodeAt(at - 1) & 0xfc00) === 0xd800) at++;
      }
    }
  }

  function paint() {
    const top = pre.scrollTop;
    const first = Math.min(firstAt(top), Math.max(0, total() - 1));
    const from = Math.max(0, first - OVERSCAN);
    const to = Math.min(total() - 1, first + rows() + OVERSCAN);
    const y = height() < MAX_PX ? from * LINE_PX : Math.max(0, top - (first - from) * LINE_PX);
    box.style.setProperty('transform', `translateY(${y}px)`);
    const nodes = [];
    for (let r = from; r <= to; r++) nodes.push(row(r));
    box.replaceChildren(...nodes);
  }

  function row(r) {
    const [rs, re] = range ?? [0, 0];
    const i = rowLine[r];
    const vs = rowStart[r];
    const ve = r + 1 < total() && rowLine[r + 1] === i ? rowStart[r + 1] : lineEnd[i];
    const last = ve === lineEnd[i];
    const touches = range != null && (rs === re ? vs <= rs && (rs < ve || (last && rs === ve)) : rs < ve + (last ? 1 : 0) && re > vs);
    const cont = r > 0 && rowLine[r - 1] === i;
    const node = el('span', { className: `line${touches ? ' hl' : ''}${cont ? ' cont' : ''}` });
    node.dataset.n = String(i + 1);
    const ms = touches ? Math.max(rs, vs) : ve;
    const me = touches ? Math.min(re, ve) : ve;
    node.append(visible(text.slice(vs, ms)));
    if (touches && ms <= me) node.append(el('mark', { className: rs === re ? 'caret' : '' }, text.slice(ms, me)));
    node.append(visible(text.slice(me, ve)));
    return node;
  }

  pre.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      paint();
    });
  });

  return {
    show(newText, starts, newRange) {
      range = newRange;
      if (newText !== text || starts !== indexed) {
        text = newText;
        indexed = starts;
        index(starts);
      }
      space.style.setProperty('height', `${height()}px`);
      let hit = 0;
      if (range) {
        const r = lineOf(rowStart, range[0]);
        hit = rowLine[r] + 1;
        pre.scrollTop = Math.max(0, topOf(r) - pre.clientHeight / 3);
      } else pre.scrollTop = 0;
      paint();
      return hit;
    },
    paint,
  };
}
