// Screenshots of the built site for the README: docs/screenshots/page-1400x1000.png and
// page-390x844.png, the page as it opens with the network sample added, light mode.
// Usage: scripts/build-site.sh && node scripts/screenshots.mjs   (needs /usr/bin/chromium)
import http from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(root, 'docs/screenshots');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('[screenshots] dist/ is missing: run scripts/build-site.sh first');
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const server = http.createServer(async (req, res) => {
  const file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://localhost').pathname).replace(/^\/$/, '/index.html'));
  try {
    if (!file.startsWith(dist + path.sep)) throw new Error('outside dist/');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  for (const [width, height, scale] of [[1400, 1000, 1], [390, 844, 2]]) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForSelector('.finding');
    const generation = await page.locator('#report').getAttribute('data-generation');
    await page.click('[data-sample="network-snapshot.json"]');
    await page.waitForFunction((g) => {
      const r = document.getElementById('report');
      return r.dataset.busy === 'false' && r.dataset.generation !== g;
    }, generation);
    await page.evaluate(() => scrollTo(0, 0));
    const file = path.join(out, `page-${width}x${height}.png`);
    await page.screenshot({ path: file });
    console.log(`[screenshots] ${path.relative(root, file)}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
