// What the end-to-end tests share: a static server for the checkout, headless Chromium
// (/usr/bin/chromium) on it, and the record of every request and page error.
// Not a test file itself (node --test runs *.test.mjs).
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves the checkout and opens its page. Returns {page, origin, requests, dialogs,
 * problems, close}: every URL requested, every dialog shown, every page error or console error.
 */
export async function openPage() {
  for (const file of ['pkg/posture.js', 'pkg/posture_bg.wasm']) {
    assert.ok(existsSync(path.join(root, file)), `${file} is missing: build the wasm first with scripts/build-wasm.sh`);
  }
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const file = path.join(root, decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    try {
      if (!file.startsWith(root + path.sep)) throw new Error('outside the root');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      // window.gc(), so that a test measuring long tasks first collects its own setup's garbage.
      '--js-flags=--expose-gc'],
  });
  const requests = [];
  const dialogs = [];
  const problems = [];
  const context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`${origin}/`);
  const close = async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  };
  return { page, origin, requests, dialogs, problems, close };
}

/** The requested URLs that left the origin. */
export const foreign = (requests, origin) => requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`));

/** Runs `action`, then waits until the page has analysed what it changed. */
export async function analysed(page, action) {
  const before = await page.locator('#report').getAttribute('data-generation');
  await action();
  await page.waitForFunction((g) => {
    const r = document.getElementById('report');
    return r.dataset.busy === 'false' && r.dataset.generation !== g;
  }, before);
}

/** Replaces the selected input's text by pasting `text`, as a user would, and waits for the analysis. */
export async function pasteReplacing(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  const editor = page.locator('#editor');
  await analysed(page, async () => {
    await editor.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+V');
  });
}
