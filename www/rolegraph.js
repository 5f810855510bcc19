// The role graph (issue 13): who may assume which role, around one selected principal —
// callers on the left, the principal, the roles it may assume (two steps) on the right — and
// the shortest chain from it to an admin-capable role, highlighted. Drawn from
// `inventory.role_graph` (the engine's edges of `role-chain-to-admin`), with SVG and HTML
// nodes made by createElementNS/createElement and textContent only. However large the
// account, only the neighbourhood is drawn: at most COLUMN nodes per column and CHAIN steps
// of the chain, the rest counted as "+N more".
import { el, visible } from './render.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLUMN = 12; // nodes drawn per column
const CHAIN = 10; // chain nodes drawn past the second step before "N more steps"
const MATCHES = 12; // search results listed
const W = 176; // node width
const H = 40; // node height
const GAP_X = 64;
const GAP_Y = 14;
const PAD = 8;

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, String(v));
  for (const c of children) if (c != null && c !== false) node.append(typeof c === 'string' ? visible(c) : c);
  return node;
}

/** At most `n` characters (whole code points, never half a surrogate pair), else cut with "…". */
function cut(text, n) {
  const chars = Array.from(visible(text));
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`;
}

const plain = (text) => String(text ?? '').replaceAll('`', '');

const KIND = { user: 'user', role: 'role', account: 'account', anyone: 'anyone' };

/** What a node is, in words: "role deploy", "any role trusting account 111122223333". */
function describe(n) {
  if (n.kind === 'account') return `any role trusting account ${n.name}'s root`;
  if (n.kind === 'anyone') return 'any role trusting anyone (*)';
  return `${n.kind} ${n.name}`;
}

/** The conditions of an edge, in words ('' when none). */
function edgeConditions(e) {
  const parts = [];
  if (e.caller) parts.push(`${plain(e.caller)} (the caller's policy)`);
  if (e.trust) parts.push(`${plain(e.trust)} in the trust policy`);
  return parts.length ? `only under conditions ${parts.join(' and ')}` : '';
}

/**
 * The role graph view. `graph`: `inventory.role_graph` ({nodes, edges}); `principals`:
 * `inventory.principals` (a node's `principal` indexes it); `actions.locate(input, range)`
 * shows a principal's entry. Returns `{element, selectPrincipal(index, {focus, scroll})}`, or
 * null when the snapshot has no edge.
 */
export function roleGraphView(graph, principals = [], { locate } = {}) {
  const nodes = graph?.nodes ?? [];
  const edges = graph?.edges ?? [];
  if (!nodes.length) return null;
  // Adjacency, built once: linear in the edges.
  const out = nodes.map(() => []);
  const into = nodes.map(() => []);
  edges.forEach((e, i) => {
    out[e.from]?.push(i);
    into[e.to]?.push(i);
  });
  const byPrincipal = new Map();
  nodes.forEach((n, i) => n.principal != null && byPrincipal.set(n.principal, i));

  const search = el('input', { type: 'search', className: 'rg-search', placeholder: 'Find a user or role by name or ARN', autocomplete: 'off' });
  search.setAttribute('aria-label', 'Find a principal to centre the role graph on');
  const matches = el('ul', { className: 'rg-matches', ariaLabel: 'Matching principals' });
  const caption = el('p', { className: 'rg-caption', id: 'rg-caption' });
  caption.setAttribute('aria-live', 'polite');
  const chainLine = el('p', { className: 'rg-chain-line' });
  const canvas = el('div', { className: 'rg-canvas' });
  const describeId = 'rg-desc';
  const help = el('p', { className: 'note', id: describeId },
    'Callers that may assume the selected principal are on the left, the roles it may assume on the right (up to two steps). ',
    'Admin-capable principals are drawn with a double border and marked "admin". Dashed arrows hold only under conditions (see each arrow\'s description). ',
    'A caller allowed sts:AssumeRole on * reaches the roles trusting its account root through one account node. Select a node to centre on it; from the keyboard, Tab reaches the selected node, the arrow keys move between nodes and Enter centres on one.');

  let current = -1;
  let layout = []; // the drawn columns: {list: [node, …]}, left to right
  let chainFrom = -1;

  const matchesFor = (q) => {
    const found = [];
    const query = q.trim().toLowerCase();
    if (!query) return found;
    for (let i = 0; i < nodes.length && found.length < MATCHES; i++) {
      const n = nodes[i];
      if (n.name.toLowerCase().includes(query) || n.arn.toLowerCase().includes(query)) found.push(i);
    }
    return found;
  };
  const showMatches = () => {
    const found = matchesFor(search.value);
    matches.replaceChildren(...found.map((i) => {
      const b = el('button', { type: 'button', className: 'linklike' }, describe(nodes[i]));
      b.addEventListener('click', () => { select(i, { focus: true }); });
      return el('li', null, b);
    }));
  };
  search.addEventListener('input', showMatches);
  search.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const [first] = matchesFor(search.value);
    if (first != null) select(first, { focus: true });
  });

  /** The chain from `start` along `next` edges: [node, …] and the edges between them. */
  const chainOf = (start) => {
    const path = [start];
    const via = [];
    const seen = new Set(path);
    for (let at = start; nodes[at]?.next != null;) {
      const e = nodes[at].next;
      const to = edges[e]?.to;
      if (to == null || seen.has(to)) break;
      via.push(e);
      path.push(to);
      seen.add(to);
      at = to;
    }
    return { path, via };
  };

  function select(i, { focus = false, scroll = false } = {}) {
    if (nodes[i] == null) return;
    current = i;
    chainFrom = nodes[i].next != null ? i : -1;
    draw();
    if (scroll) element.scrollIntoView({ block: 'nearest' });
    if (focus) canvas.querySelector('.rg-node.rg-centre')?.focus();
  }

  function draw() {
    const centre = current;
    const { path, via } = chainFrom === centre ? chainOf(centre) : { path: [centre], via: [] };
    const onChain = new Set(path);
    const chainEdges = new Set(via);
    const columns = [];
    layout = columns;
    const placed = new Map(); // node → [column, row]
    const column = (list, more, label) => {
      const c = columns.length;
      columns.push({ list: [], more, label });
      for (const n of list) {
        placed.set(n, [c, columns[c].list.length]);
        columns[c].list.push(n);
      }
      return columns[c];
    };
    // Callers (left).
    // (A caller on the chain stays on the chain, to the right, so that every step points right.)
    const callers = [];
    const seenCallers = new Set([centre]);
    for (const e of into[centre]) {
      const from = edges[e].from;
      if (!seenCallers.has(from)) { seenCallers.add(from); callers.push(from); }
    }
    const shownCallers = callers.filter((c) => !onChain.has(c)).slice(0, COLUMN);
    column(shownCallers, callers.length - shownCallers.length + (nodes[centre].more_in ?? 0), 'May assume it');
    column([centre], 0, 'Selected');
    // One and two steps out (right); the chain's own nodes first.
    const pick = (from, first, exclude) => {
      const found = [];
      const seen = new Set(exclude);
      if (first != null) { found.push(first); seen.add(first); }
      // (`first`, the chain's node, is pinned even when excluded elsewhere.)
      let total = found.length;
      let moreOut = 0;
      for (const f of from) {
        moreOut += nodes[f].more_out ?? 0;
        for (const e of out[f]) {
          const to = edges[e].to;
          if (seen.has(to)) continue;
          seen.add(to);
          total++;
          if (found.length < COLUMN) found.push(to);
        }
      }
      return { found, more: total - found.length + moreOut };
    };
    const later = path.slice(3);
    const one = pick([centre], path[1], [centre, ...shownCallers, ...later, ...path.slice(2, 3)]);
    column(one.found, one.more, 'It may assume');
    if (one.found.length) {
      const two = pick(one.found, path[2], [centre, ...shownCallers, ...one.found, ...later]);
      if (two.found.length || two.more) column(two.found, two.more, 'Then');
    }
    // The rest of the chain, one node per column.
    const rest = later;
    const shownRest = rest.length > CHAIN ? [...rest.slice(0, CHAIN - 1)] : rest;
    for (const n of shownRest) column([n], 0, '');
    const skipped = rest.length - shownRest.length - 1;
    let gapColumn = -1;
    if (skipped > 0) {
      gapColumn = columns.length;
      columns.push({ list: [], more: 0, label: '', gap: skipped });
      column([path.at(-1)], 0, '');
    }

    // Layout: columns left to right, each centred on the tallest.
    const rows = Math.max(...columns.map((c) => c.list.length + (c.more > 0 ? 1 : 0) + (c.gap ? 1 : 0)), 1);
    const height = PAD * 2 + 18 + rows * (H + GAP_Y);
    const width = PAD * 2 + columns.length * (W + GAP_X) - GAP_X;
    const x = (c) => PAD + c * (W + GAP_X);
    const y = (c, r) => {
      const col = columns[c];
      const count = col.list.length + (col.more > 0 ? 1 : 0) + (col.gap ? 1 : 0);
      return PAD + 18 + ((rows - count) * (H + GAP_Y)) / 2 + r * (H + GAP_Y);
    };
    const markerId = 'rg-arrow';
    const chainMarkerId = 'rg-arrow-chain';
    const defs = svg('defs', null,
      svg('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
        svg('path', { d: 'M0 0L10 5L0 10z', class: 'rg-head' })),
      svg('marker', { id: chainMarkerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
        svg('path', { d: 'M0 0L10 5L0 10z', class: 'rg-head rg-head-chain' })));
    const root = svg('svg', { class: 'rg-svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group' });
    root.setAttribute('aria-label', `Role graph around ${describe(nodes[centre])}`);
    root.setAttribute('aria-describedby', describeId);
    root.append(defs);
    columns.forEach((c, i) => {
      if (c.label) root.append(svg('text', { class: 'rg-col', x: x(i), y: PAD + 10 }, c.label));
    });

    // Edges between drawn nodes: into the centre, out of it, from one step to two, the chain.
    const drawn = new Set();
    const edgeLayer = svg('g', { class: 'rg-edges' });
    const addEdge = (i) => {
      if (drawn.has(i)) return;
      const e = edges[i];
      const a = placed.get(e.from);
      const b = placed.get(e.to);
      if (!a || !b || a[0] >= b[0]) return;
      drawn.add(i);
      const [x1, y1] = [x(a[0]) + W, y(a[0], a[1]) + H / 2];
      const [x2, y2] = [x(b[0]), y(b[0], b[1]) + H / 2];
      const mid = (x1 + x2) / 2;
      const chain = chainEdges.has(i);
      const cond = edgeConditions(e);
      const classes = ['rg-edge', chain && 'rg-on-chain', cond && 'rg-conditional', e.star && 'rg-star'].filter(Boolean).join(' ');
      const what = `${describe(nodes[e.from])} ${e.star ? 'may assume any role (sts:AssumeRole on *), reaching' : nodes[e.from].kind === 'account' || nodes[e.from].kind === 'anyone' ? 'includes' : 'may assume'} ${describe(nodes[e.to])}${cond ? `, ${cond}` : ''}${chain ? ' (on the chain)' : ''}`;
      const line = svg('path', { class: classes, d: `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2 - 2} ${y2}`, 'marker-end': `url(#${chain ? chainMarkerId : markerId})` },
        svg('title', null, what));
      line.dataset.edge = String(i);
      edgeLayer.append(line);
    };
    for (const e of into[centre]) addEdge(e);
    for (const e of out[centre]) addEdge(e);
    for (const n of columns[2]?.list ?? []) for (const e of out[n]) addEdge(e);
    for (const e of via) addEdge(e);
    // The steps left out of a long chain: dotted through the "… N more steps" box.
    if (gapColumn > 0) {
      const [a, b] = [placed.get(shownRest.at(-1)), placed.get(path.at(-1))];
      const gy = y(gapColumn, 0) + H / 2;
      if (a && b) {
        for (const [x1, y1, x2, y2] of [[x(a[0]) + W, y(a[0], a[1]) + H / 2, x(gapColumn), gy], [x(gapColumn) + W, gy, x(b[0]) - 2, y(b[0], b[1]) + H / 2]]) {
          edgeLayer.append(svg('path', { class: 'rg-edge rg-gap', d: `M${x1} ${y1}L${x2} ${y2}`, 'aria-hidden': 'true' }));
        }
      }
    }
    root.append(edgeLayer);

    // Nodes.
    const nodeLayer = svg('g', { class: 'rg-nodes' });
    columns.forEach((c, ci) => {
      c.list.forEach((n, r) => nodeLayer.append(nodeBox(n, [ci, r], [x(ci), y(ci, r)], n === centre, onChain.has(n) ? path.indexOf(n) : -1)));
      let r = c.list.length;
      if (c.more > 0) {
        nodeLayer.append(svg('g', { class: 'rg-more', transform: `translate(${x(ci)} ${y(ci, r)})` },
          svg('rect', { width: W, height: H, rx: 6 }),
          svg('text', { x: W / 2, y: H / 2 + 4, 'text-anchor': 'middle' }, `+${c.more.toLocaleString()} more`)));
        r++;
      }
      if (c.gap) {
        nodeLayer.append(svg('g', { class: 'rg-more', transform: `translate(${x(ci)} ${y(ci, r)})` },
          svg('rect', { width: W, height: H, rx: 6 }),
          svg('text', { x: W / 2, y: H / 2 + 4, 'text-anchor': 'middle' }, `… ${c.gap.toLocaleString()} more steps`)));
      }
    });
    root.append(nodeLayer);
    canvas.replaceChildren(root);

    const n = nodes[centre];
    caption.textContent = visible(`Centred on ${describe(n)}${n.admin ? ` (admin-capable: ${plain(n.admin)})` : ''}: ${(callers.length + (n.more_in ?? 0)).toLocaleString()} may assume it, it may assume ${(out[centre].length + (n.more_out ?? 0)).toLocaleString()}.`);
    if (path.length > 1) {
      const steps = path.length - 1;
      chainLine.replaceChildren(el('strong', null, `Shortest chain to an admin-capable role (${steps} ${steps === 1 ? 'arrow' : 'arrows'}): `),
        path.map((p) => describe(nodes[p])).join(' → '));
    } else {
      chainLine.replaceChildren(n.admin ? 'It is admin-capable itself.' : 'No chain from it to an admin-capable role.');
    }
    element.dataset.centre = String(centre);
  }

  /** Moves the focus from the node at column `c`, row `r` by an arrow key's direction. */
  function focusFrom(c, r, [dc, dr]) {
    let col = c;
    let row = r + dr;
    if (dc) {
      col = c + dc;
      while (layout[col] && !layout[col].list.length) col += dc;
      row = Math.min(r, (layout[col]?.list.length ?? 1) - 1);
    }
    const target = layout[col]?.list[row];
    if (target != null) canvas.querySelector(`.rg-node[data-node="${target}"]`)?.focus();
  }

  function nodeBox(i, [col, row], [left, top], isCentre, step) {
    const n = nodes[i];
    const admin = Boolean(n.admin);
    const classes = ['rg-node', `rg-${KIND[n.kind] ?? 'role'}`, admin && 'rg-admin', isCentre && 'rg-centre', step >= 0 && 'rg-on-chain'].filter(Boolean).join(' ');
    // One Tab stop (the selected node); the arrow keys reach the others.
    const g = svg('g', { class: classes, transform: `translate(${left} ${top})`, tabindex: isCentre ? 0 : -1, role: 'button' });
    const tag = n.kind === 'account' ? 'account root' : n.kind === 'anyone' ? 'trusts *' : n.kind;
    const kindLine = `${tag}${admin ? ' · admin' : ''}${step > 0 ? ` · step ${step}` : ''}`;
    const shown = cut(n.kind === 'anyone' ? 'any role' : n.name, 22);
    // The accessible name starts with the drawn text (kind line, name), then says the rest.
    const what = n.kind === 'account' || n.kind === 'anyone' ? ` — ${describe(n)}` : shown === visible(n.name) ? '' : ` — ${describe(n)}`;
    const label = `${kindLine} ${shown}${what}${admin ? `, admin-capable: ${plain(n.admin)}` : ''}${isCentre ? ', selected' : '. Press Enter to centre on it'}`;

    g.dataset.node = String(i);
    if (step >= 0) g.dataset.step = String(step);
    const shape = n.kind === 'user'
      ? svg('rect', { class: 'rg-shape', width: W, height: H, rx: H / 2 })
      : n.kind === 'account' || n.kind === 'anyone'
        ? svg('rect', { class: 'rg-shape', width: W, height: H, rx: 2, 'stroke-dasharray': '5 3' })
        : svg('rect', { class: 'rg-shape', width: W, height: H, rx: 6 });
    // The accessible name (and the tooltip): the drawn text, then the rest.
    g.append(svg('title', null, label), shape);
    if (admin) g.append(svg('rect', { class: 'rg-admin-ring', x: 3, y: 3, width: W - 6, height: H - 6, rx: n.kind === 'user' ? (H - 6) / 2 : 4 }));
    g.append(svg('text', { class: 'rg-kind', x: 12, y: 15 }, kindLine), svg('text', { class: 'rg-name', x: 12, y: 31 }, shown));
    const go = () => {
      if (isCentre && locate && n.principal != null) {
        const p = principals[n.principal];
        if (p) locate(p.input, p.range);
        return;
      }
      if (!isCentre) select(i, { focus: true });
    };
    g.addEventListener('click', go);
    g.addEventListener('keydown', (ev) => {
      const move = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] }[ev.key];
      if (move) { ev.preventDefault(); focusFrom(col, row, move); }
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); go(); }
    });
    return g;
  }

  const element = el('section', { className: 'role-graph', id: 'role-graph' },
    el('h4', { className: 'rg-h', id: 'role-graph-h' }, `Role graph: ${nodes.filter((n) => n.principal != null).length.toLocaleString()} users and roles that may assume a role or be assumed`),
    help, search, matches, caption, chainLine, canvas);
  element.setAttribute('aria-labelledby', 'role-graph-h');

  // First shown: the first principal with a chain, else the admin-capable role most assumed.
  let start = nodes.findIndex((n) => n.next != null);
  if (start < 0) start = nodes.reduce((best, n, i) => (n.admin && (best < 0 || into[i].length > into[best].length) ? i : best), -1);
  select(start < 0 ? 0 : start);

  return {
    element,
    /** Whether the principal at `index` of `inventory.principals` is in the graph. */
    has: (index) => byPrincipal.has(index),
    /** Centres on the principal at `index` of `inventory.principals`; false when it has no edge. */
    selectPrincipal(index, options) {
      const i = byPrincipal.get(index);
      if (i == null) return false;
      select(i, options);
      return true;
    },
  };
}
