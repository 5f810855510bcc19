// Time to findings in the page (headless Chromium) for one big input, opened with the file
// picker as a user would: from the moment the file is chosen until the status line reports the
// findings. Also samples how long the page's main thread is blocked meanwhile (long tasks).
// Usage: node scripts/bench-page.mjs FILE      (serves the repository root on 127.0.0.1)
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const file = resolve(process.argv[2] ?? '.bench/account/account.json');
const root = new URL('..', import.meta.url).pathname;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  try {
    const body = readFileSync(path.endsWith('/') ? join(path, 'index.html') : path);
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
await page.waitForFunction(() => /finding/.test(document.getElementById('status')?.textContent ?? ''));
await page.evaluate(() => {
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: false });
});
const before = await page.textContent('#status');
const start = Date.now();
await page.setInputFiles('#file-input', file);
await page.waitForFunction((old) => {
  const s = document.getElementById('status')?.textContent ?? '';
  return s !== old && /\d+ findings? in/.test(s) && !/Analysing/i.test(s);
}, before, { timeout: 600_000, polling: 200 });
const ms = Date.now() - start;
const status = await page.textContent('#status');
const longest = await page.evaluate(() => window.__longest);
console.log(`page_input_mb\t${(statSync(file).size / 1e6).toFixed(0)}`);
console.log(`page_time_to_findings_ms\t${ms}`);
console.log(`page_longest_main_thread_task_ms\t${longest.toFixed(0)}`);
console.log(`page_status\t${status}`);
await browser.close();
server.close();
