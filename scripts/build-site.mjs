// Assembles the static site from the checkout and pkg/ (run by scripts/build-site.sh):
//   dist/              the page, the rules reference, www/ and pkg/, as in the checkout: every path
//                      is relative, so it works under any subpath of any static host
//   dist/posture.html  the page as ONE file that opens from disk (file://) with no server: scripts,
//                      style, samples and the wasm inside, the CSP by hashes, no network at all
//   dist/SHA256SUMS    the digest of every file, for checking a download (`sha256sum -c`)
// Plain Node, no bundler. The few ES modules are joined by `bundle` below, which understands
// exactly the import and export forms the page and wasm-bindgen use and stops on any other.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const read = (file) => readFileSync(path.join(root, file), 'utf8');
const fail = (message) => {
  console.error(`[build-site] ${message}`);
  process.exit(1);
};

// ---- dist/: the hosted site, a copy ----

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'pkg'), { recursive: true });
for (const file of ['index.html', 'rules.html']) cpSync(path.join(root, file), path.join(dist, file));
cpSync(path.join(root, 'www'), path.join(dist, 'www'), { recursive: true });
for (const file of ['posture.js', 'posture_bg.wasm']) {
  cpSync(path.join(root, 'pkg', file), path.join(dist, 'pkg', file));
}

// ---- posture.html: one file ----

// Each module keeps its own scope: a function whose return value is its exports. Modules are
// evaluated once, dependencies first, like ES modules; an export is the binding's value at the
// end of its module's evaluation (no module here reassigns an exported binding later).
// `import.meta.url` becomes a `posture:` URL naming the file, so that the page's relative URLs
// (`new URL('./worker.js', import.meta.url)`) resolve as before; `fetch` and `Worker` in the bundle
// answer those URLs from the files held in the bundle and refuse every other URL.
const IMPORT = /^import\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+([\w$]+))?\s*from\s*'([^']+)';?[^\S\n]*$/gm;
const EXPORT_DECL = /^export\s+((?:async\s+)?function\*?|const|let|var|class)\s+([\w$]+)/gm;
const EXPORT_LIST = /^export\s*\{([^}]*)\};?[^\S\n]*$/gm;

function bundle(entry) {
  const order = [];
  const ids = new Map(); // file → the name of its exports, once its dependencies are placed
  const visit = (file) => {
    if (ids.has(file)) {
      if (!ids.get(file)) fail(`${file}: an import cycle (modules are evaluated dependencies first)`);
      return;
    }
    ids.set(file, null);
    const code = read(file);
    for (const [, , , , spec] of code.matchAll(IMPORT)) visit(path.posix.join(path.posix.dirname(file), spec));
    ids.set(file, `__module${order.length}`);
    order.push(file);
  };
  visit(entry);
  return order.map((file) => {
    const names = [];
    let code = read(file)
      .replace(IMPORT, (_, def, named, ns, spec) => {
        const id = ids.get(path.posix.join(path.posix.dirname(file), spec));
        const parts = [];
        if (def) parts.push(`const ${def} = ${id}.default;`);
        if (ns) parts.push(`const ${ns} = ${id};`);
        if (named) {
          const fields = named.split(',').map((s) => s.trim()).filter(Boolean)
            .map((s) => s.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
          parts.push(`const { ${fields.join(', ')} } = ${id};`);
        }
        return parts.join(' ');
      })
      .replace(EXPORT_DECL, (_, kind, name) => {
        names.push(`${name}: ${name}`);
        return `${kind} ${name}`;
      })
      .replace(EXPORT_LIST, (_, list) => {
        for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
          const [local, as = local] = item.split(/\s+as\s+/);
          names.push(`${as}: ${local}`);
        }
        return '';
      })
      .replaceAll('import.meta', `({ url: 'posture:/${file}' })`);
    const left = code.match(/^\s*(import|export)\b.*$/m) ?? code.match(/\bimport\s*\(/);
    if (left) fail(`${file}: a module form the assembler does not handle: ${left[0].trim()}`);
    return `const ${ids.get(file)} = (() => { // ${file}\n${code}\nreturn { ${names.join(', ')} };\n})();\n`;
  }).join('\n');
}

// The held files, and `fetch` and `Worker` that read them. `files` maps a `posture:` URL to
// [content type, text or base64]; the wasm is base64 in the worker's bundle only.
function runtime(files) {
  return `const __files = ${JSON.stringify(files).replaceAll('<', '\\u003c')};
const __decode = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const __held = (url) => {
  const file = __files[String(url)];
  if (!file) throw new TypeError(\`posture.html holds no \${url} and fetches nothing\`);
  return file;
};
const fetch = async (url) => {
  const [type, body, base64] = __held(url);
  return new Response(base64 ? __decode(body) : body, { headers: { 'content-type': type } });
};
let __workerUrl;
const Worker = class extends globalThis.Worker {
  // A classic worker ({type: 'module'} is dropped): the bundle has no imports left.
  constructor(url) {
    const [type, body] = __held(url);
    __workerUrl ??= URL.createObjectURL(new Blob([body], { type }));
    super(__workerUrl);
  }
};
`;
}

const JS = 'text/javascript';
const wasm = readFileSync(path.join(root, 'pkg/posture_bg.wasm')).toString('base64');
// A block, so that the bundle's `fetch` and `Worker` shadow the globals in a classic script too.
const block = (code) => `'use strict';\n{\n${code}}\n`;
const workerCode = block(runtime({ 'posture:/pkg/posture_bg.wasm': ['application/wasm', wasm, true] }) + bundle('www/worker.js'));
const samples = Object.fromEntries(readdirSync(path.join(root, 'www/samples')).sort()
  .map((name) => [`posture:/www/samples/${name}`, ['application/json', read(`www/samples/${name}`)]]));
// The one file has no second page: a link to the rules reference would leave it, and the inputs
// with it. Such a link stays put; the footer says where the reference is.
const stay = `document.addEventListener('click', (e) => {
  if (e.target.closest?.('a[href]')?.getAttribute('href').startsWith('rules.html')) e.preventDefault();
}, true);
`;
const pageCode = block(runtime({ ...samples, 'posture:/www/worker.js': [JS, workerCode] }) + stay + bundle('www/app.js'));

// Text inside <script> must neither close it nor open an HTML comment. The held files are JSON
// whose every `<` is written \u003c (valid only inside its strings, where JSON has them all);
// the code itself is checked.
if (/<\/script|<!--/i.test(pageCode.replace(/^const __files = .*$/gm, ''))) fail('the page script contains "</script" or "<!--"');
const script = pageCode;
const style = `\n${read('www/style.css')}`; // as it stands between <style> and </style>
if (/<\/style|url\(|@import/i.test(style)) fail('www/style.css: "</style", url() or @import cannot be held in one file');
const sha256 = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

// The policy of the one file: its own script and style by hash; WebAssembly compiled by the
// script ('wasm-unsafe-eval'); the analyser's worker from a blob: URL, because a file:// page
// cannot start a worker from a file. Only the page's own (hashed) script can create a blob URL,
// and the worker inherits this policy. No connect-src: nothing is fetched, not even from disk.
const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(style)}`,
  'img-src data:',
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let html = read('index.html');
const replace = (pattern, by, what) => {
  if (!pattern.test(html)) fail(`index.html: ${what} not found`);
  html = html.replace(pattern, by);
};
replace(/(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)/, `$1${csp}$2`, 'the CSP');
replace(/<link rel="stylesheet" href="www\/style.css">/, () => `<style>${style}</style>`, 'the stylesheet link');
replace(/<script type="module" src="www\/app.js"><\/script>/, () => `<script type="module">${script}</script>`, 'the script');
// The rules reference is a second page; the one file has no second page to link to.
html = html.replace(/(\s·\s)?<a href="rules.html">[^<]*<\/a>/g, '');
html = html.replace(/<nav\b[^>]*>\s*<\/nav>\s*/g, '');
replace(/<\/footer>/, ' · The rules reference is not in this file: each finding explains its rule, and <code>posture rules</code> lists them all.</footer>', 'the footer');
if (/\b(src|href)="(?!data:|#)/.test(html)) fail(`posture.html would still load ${html.match(/\b(src|href)="(?!data:|#)[^"]*"/)[0]}`);
writeFileSync(path.join(dist, 'posture.html'), html);

// ---- digests and sizes ----

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else files.push(path.relative(dist, full));
  }
};
walk(dist);
const sums = files.map((file) => {
  const bytes = readFileSync(path.join(dist, file));
  return { file, size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, sum: createHash('sha256').update(bytes).digest('hex') };
});
writeFileSync(path.join(dist, 'SHA256SUMS'), sums.map((s) => `${s.sum}  ${s.file}\n`).join(''));
const site = sums.filter((s) => s.file !== 'posture.html');
const total = (list, key) => list.reduce((n, s) => n + s[key], 0);
const one = sums.find((s) => s.file === 'posture.html');
console.error(`[build-site] dist/: ${site.length} files, ${total(site, 'size')} bytes (${total(site, 'gzip')} gzip, file by file)`);
console.error(`[build-site] dist/posture.html: ${one.size} bytes (${one.gzip} gzip)`);
console.error(`[build-site] sha256 ${one.sum}  posture.html`);
