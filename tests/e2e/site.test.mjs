// The built site end to end: dist/ served under a subpath, and dist/posture.html opened from disk
// with the network off. Builds dist/ first (node scripts/build-site.mjs; needs pkg/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { root, analysed } from './harness.mjs';

const dist = path.join(root, 'dist');
const SUBPATH = '/reviews/posture v1/';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

let browser;
let server;
let origin;

before(async () => {
  assert.ok(existsSync(path.join(root, 'pkg/posture_bg.wasm')), 'pkg/ is missing: build the wasm first with scripts/build-wasm.sh');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-site.mjs')], { stdio: 'inherit' });
  // A static host that serves dist/ under SUBPATH only, as GitHub Pages serves a project.
  server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    try {
      if (!pathname.startsWith(SUBPATH)) throw new Error('outside the subpath');
      const file = path.join(dist, pathname.slice(SUBPATH.length) || 'index.html');
      if (!file.startsWith(dist + path.sep)) throw new Error('outside dist/');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** A fresh page that records every request, failed response, page error and console error. */
async function open(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`console ${m.type()}: ${m.text()}`));
  return { context, page, requests, problems };
}

const firstAnalysis = (page) => page.waitForFunction(() => {
  const r = document.getElementById('report');
  return r.dataset.busy === 'false' && r.dataset.generation !== '0';
});
const rules = (page) => page.locator('.finding').evaluateAll((fs) => fs.map((f) => f.dataset.rule));

test('dist/ served under a subpath shows findings and asks nothing of another origin or path', async () => {
  const { context, page, requests, problems } = await open();
  const base = `${origin}${encodeURI(SUBPATH)}`;
  await page.goto(base);
  await firstAnalysis(page);
  assert.ok((await rules(page)).includes('admin-access'), 'the sample policy is analysed');
  await analysed(page, () => page.click('[data-sample="network-snapshot.json"]'));
  assert.ok(await page.locator('.finding button.loc', { hasText: 'network-snapshot.json:' }).count() > 0,
    'the network sample, fetched from the subpath, is analysed');

  // Once loaded, the open page needs no network: the wasm is in its worker, the samples in memory.
  await context.setOffline(true);
  await analysed(page, async () => {
    await page.click('#new-paste');
    await page.fill('#editor', POLICY);
  });
  assert.ok(await page.locator('.finding[data-rule="admin-access"]').filter({ hasText: 'All' }).count() >= 1,
    'a policy pasted offline is analysed');
  await context.setOffline(false);

  await page.click('nav a[href="rules.html"]');
  await page.waitForFunction(() => document.querySelectorAll('#rules > *').length > 10);
  assert.equal(page.url(), `${base}rules.html`);

  assert.deepEqual(requests.filter((url) => !url.startsWith(base) && !url.startsWith(`blob:${origin}/`)), [],
    'every request stays under the subpath');
  assert.ok(requests.includes(`${base}pkg/posture_bg.wasm`), 'the wasm is loaded from the subpath');
  assert.deepEqual(problems, []);
  await context.close();
});

test('dist/posture.html opened from disk, offline, analyses a sample and a pasted policy', async () => {
  const file = pathToFileURL(path.join(dist, 'posture.html')).href;
  const { context, page, requests, problems } = await open({ offline: true });
  await page.goto(file);
  await firstAnalysis(page);
  assert.ok((await rules(page)).includes('admin-access'), 'the held sample policy is analysed');

  await analysed(page, async () => {
    await page.click('#new-paste');
    await page.fill('#editor', POLICY);
  });
  assert.ok(await page.locator('.finding[data-rule="admin-access"]').filter({ hasText: 'All' }).count() >= 1,
    'the pasted policy is analysed');

  // The file holds no rules reference: its links keep the page, and the inputs, where they are.
  await page.locator('.finding[data-rule="admin-access"] a[href^="rules.html"]').first().click();
  assert.equal(page.url(), file);
  assert.equal(await page.locator('#editor').inputValue(), POLICY);

  // The report is built by the worker too; a download is a blob: URL, not a request.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="json"]')]);
  const report = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.ok(report.findings.some((f) => f.rule === 'admin-access'));

  assert.deepEqual(requests.filter((url) => url !== file && !url.startsWith('blob:')), [], 'nothing but the file is requested');
  assert.deepEqual(problems, [], 'no error, and no CSP violation (Chromium reports one as a console error)');
  await context.close();
});

test('posture.html holds everything and allows no inline code but its own', () => {
  const html = readFileSync(path.join(dist, 'posture.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/]+=*' 'wasm-unsafe-eval';/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/]+=*';/);
  assert.doesNotMatch(csp, /unsafe-inline|connect-src|'self'|https?:/);
  assert.deepEqual(html.match(/<script\b[^>]*>/g), ['<script type="module">']);
  assert.doesNotMatch(html, /\b(src|href)="(?!data:|#)/, 'no external file is referred to');
  const sums = readFileSync(path.join(dist, 'SHA256SUMS'), 'utf8');
  assert.match(sums, /^[0-9a-f]{64} {2}posture\.html$/m);
});
