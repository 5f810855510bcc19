// End-to-end tests of the page on the patching sample: the per-instance rows and the week
// calendar of maintenance windows in the snapshot view. node --test tests/e2e/ (needs pkg/ and
// /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from './harness.mjs';

const SAMPLE = 'patching-snapshot.json';
let page;
let problems;
let close;
let expected;

before(async () => {
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(harness.root, 'pkg/posture_bg.wasm')) });
  const text = readFileSync(path.join(harness.root, 'www/samples', SAMPLE), 'utf8');
  expected = posture.analyze([{ name: SAMPLE, text }], {}).inventory.patching;
  ({ page, problems, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
});

after(() => close?.());

test('each instance has a row: managed, agent, what patches it, its last operation', async () => {
  const rows = page.locator('.patch-instances tbody tr');
  assert.equal(await rows.count(), expected.instances.length);
  const bastion = page.locator('.patch-instances tr[data-instance="i-0a1b2c3d4e5f60104"] td').nth(0);
  assert.equal(await bastion.textContent(), 'no');
  const web = page.locator('.patch-instances tr[data-instance="i-0a1b2c3d4e5f60100"] td').nth(2);
  assert.match(await web.textContent(), /^installed by window mw-0a1b2c3d4e5f60101/);
});

test('the week calendar draws each run, marks the clash, and switches to UTC', async () => {
  const runs = expected.windows.reduce((n, w) => n + w.runs.length, 0);
  const firsts = page.locator('.cal-run:not(:empty)');
  assert.equal(await firsts.count(), runs, 'one labelled block per run');
  assert.equal(await page.locator('.cal-run.cal-clash:not(:empty)').count(), 5, 'the weekday-lunch window clashes each weekday');
  assert.equal(await page.locator('.cal-business').count(), 5, 'business hours on Monday to Friday');
  const berlin = page.locator('.cal-run[title^="weekly-berlin-night"]').first();
  assert.match(await berlin.getAttribute('title'), /Sun 02:00 for 3 h \(Europe\/Berlin\)/);
  await page.check('.cal-zone input[value="utc"]');
  assert.match(await page.locator('.cal-run[title^="weekly-berlin-night"]').first().getAttribute('title'), /Sun 01:00 for 3 h \(UTC\)/);
  assert.equal(await page.locator('.cal-business').count(), 0, 'business hours are in each window\'s zone, not drawn in UTC');
  assert.deepEqual(problems, []);
});
