// End-to-end tests of the page on the encryption sample: every encryption finding the engine
// reports is shown, and the snapshot view lists each KMS key with what it protects.
// node --test tests/e2e/ (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from './harness.mjs';

const SAMPLE = 'encryption-snapshot.json';
const sampleText = readFileSync(path.join(harness.root, 'www/samples', SAMPLE), 'utf8');

let page;
let problems;
let close;
// What the engine itself says about the sample, to compare the page with.
let expected;

before(async () => {
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(harness.root, 'pkg/posture_bg.wasm')) });
  const out = posture.analyze([{ name: SAMPLE, text: sampleText }], {});
  expected = { ...out, report: JSON.parse(out.report) };
  ({ page, problems, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
});

after(() => close?.());

test('the encryption sample shows every encryption finding the engine reports', async () => {
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
  assert.equal(await page.locator('.input-row.selected .input-name').textContent(), SAMPLE);
  const rules = new Set(expected.report.findings.filter((f) => f.area === 'encryption').map((f) => f.rule));
  for (const rule of rules) {
    const count = expected.report.findings.filter((f) => f.rule === rule).length;
    assert.equal(await page.locator(`.finding[data-rule="${rule}"]`).count(), count, rule);
  }
  assert.deepEqual(problems, []);
});

test('the snapshot view lists each KMS key with what it protects', async () => {
  const keys = expected.inventory.keys ?? [];
  const shown = page.locator('#snapshot .snap-keys > li');
  assert.equal(await shown.count(), keys.length);
  for (const { id, state, protects } of keys) {
    const item = page.locator(`#snapshot .snap-keys > li[data-key="${id}"]`);
    assert.ok((await item.locator('.snap-key-head').textContent()).includes(state ?? id), id);
    const listed = await item.locator('.snap-protects li').allTextContents();
    assert.deepEqual(listed, protects.map(([kind, resource]) => `${kind} ${resource}`), id);
  }
});

test('the key list is built from text, not markup', async () => {
  const html = await page.evaluate(async () => {
    const { keysView } = await import('./www/snapshot.js');
    const view = keysView([{ id: '<img src=x onerror=alert(1)>', aliases: ['alias/<b>x</b>'], state: 'PendingDeletion', manager: 'CUSTOMER', protects: [['volume', '<i>vol</i>']] }]);
    return { img: view.querySelectorAll('img, b, i').length, text: view.textContent };
  });
  assert.equal(html.img, 0);
  assert.ok(html.text.includes('<img src=x onerror=alert(1)>'));
  assert.ok(html.text.includes('volume <i>vol</i>'));
  assert.equal(await page.evaluate(async () => (await import('./www/snapshot.js')).keysView([])), null);
});

test('buckets and keys the snapshot names but did not review are said as loudly as findings', async () => {
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
  const notes = expected.report.inputs.flatMap((i) => i.notes ?? []).filter((n) => n.message.startsWith('not reviewed by'));
  assert.ok(notes.length >= 2, 'the sample lists a bucket and a key that no output covers');
  // The coverage lines say it beside the findings' count, and the summary names each one.
  const all = expected.report.inputs.filter((i) => !i.error && i.reviewed_by !== 0).flatMap((i) => i.notes ?? []);
  assert.match(await page.locator('#coverage').textContent(), new RegExp(`Partly reviewed: ${all.length} notes`));
  const shown = await page.locator('#summary .input-notes li').allTextContents();
  for (const n of notes) assert.ok(shown.some((s) => s.includes(n.rule) && s.includes('not reviewed by')), n.rule);
});
