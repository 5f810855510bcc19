// Findings first (issue 9): on a wide screen the first finding is in view once the analysis
// ends, beside the inputs and above the simulator; on a phone the findings come before the
// inputs. node --test tests/e2e/layout.test.mjs (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as harness from './harness.mjs';

let page;
let close;

before(async () => {
  ({ page, close } = await harness.openPage());
});

after(() => close?.());

const top = (selector) => page.locator(selector).first().evaluate((n) => n.getBoundingClientRect().top + scrollY);

test('at 1400×1000 the first finding is in view without scrolling, above the simulator', async () => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.reload();
  await page.waitForSelector('.finding');
  const head = await page.locator('.finding .f-head').first().boundingBox();
  assert.ok(head.y >= 0 && head.y + head.height <= 1000, `the first finding's title is at ${Math.round(head.y)} px`);
  assert.ok(await top('.finding') < await top('#simulate'), 'the findings come before the simulator');
  assert.equal(await page.evaluate(() => scrollY), 0);
});

test('at 390×844 the findings come first', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.waitForSelector('.finding');
  const finding = await top('.finding');
  assert.ok(finding < await top('#inputs'), 'the findings come before the inputs');
  assert.ok(finding < await top('#simulate'), 'and before the simulator');
  assert.ok(finding < 1200, `the first finding starts ${Math.round(finding)} px down`);
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: innerWidth }));
  assert.ok(scroll <= client, 'nothing is wider than the screen');
});

test('context-key placeholders look like placeholders', async () => {
  const key = page.locator('#sim-context input').first();
  assert.equal(await key.inputValue(), '');
  assert.match(await key.getAttribute('placeholder'), /^e\.g\. /);
  assert.equal(await key.evaluate((n) => getComputedStyle(n, '::placeholder').fontStyle), 'italic');
});
