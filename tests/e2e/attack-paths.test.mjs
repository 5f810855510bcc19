// End-to-end tests of the attack paths (issue 13) on their sample: the section above every
// other finding, each path drawn hop by hop from the internet (or the user) to what it hands
// out, each hop showing its own input. node --test tests/e2e/ (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import * as harness from './harness.mjs';

const SAMPLE = 'attack-path-snapshot.json';
const sampleText = readFileSync(path.join(harness.root, 'www/samples', SAMPLE), 'utf8');
const RULES = ['exposed-instance-privileged-role', 'exposed-instance-unpatched', 'privileged-user-weak-credentials'];

let page;
let problems;
let requests;
let origin;
let close;
let expected;

before(async () => {
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(harness.root, 'pkg/posture_bg.wasm')) });
  const out = posture.analyze([{ name: SAMPLE, text: sampleText }], {});
  expected = { ...out, report: JSON.parse(out.report) };
  ({ page, problems, requests, origin, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
});

after(() => close?.());

test('the engine finds each attack path of the sample', () => {
  for (const rule of RULES) {
    const f = expected.report.findings.find((x) => x.rule === rule);
    assert.ok(f?.path?.length >= 2, `${rule} is reported with its path`);
  }
});

test('the attack paths come first, before the filters and every other finding', async () => {
  const section = page.locator('#attack-paths');
  assert.ok(await section.isVisible());
  const before = await page.evaluate(() => {
    const s = document.getElementById('attack-paths');
    const follows = (id) => Boolean(s.compareDocumentPosition(document.getElementById(id)) & Node.DOCUMENT_POSITION_FOLLOWING);
    return follows('filters') && follows('findings');
  });
  assert.ok(before, 'the section precedes the filters and the list');
  const shown = await section.locator('.attack-path').evaluateAll((ns) => ns.map((n) => n.dataset.rule));
  assert.deepEqual([...new Set(shown)].sort(), [...RULES, 'role-chain-to-admin'].sort());
  // The sample's role chains (see role-graph.test.mjs): developer → deploy → break-glass, deploy
  // → break-glass, and ci (allowed on `*`) → break-glass, which trusts the account root.
  assert.equal(shown.filter((r) => r === 'role-chain-to-admin').length, 3);
});

test('the exposed instance with an administrator role is drawn end to end', async () => {
  const f = expected.report.findings.find((x) => x.rule === 'exposed-instance-privileged-role');
  const item = page.locator('#attack-paths .attack-path[data-rule="exposed-instance-privileged-role"]');
  assert.equal(await item.locator('.hop-node.internet').textContent(), 'Internet', 'it starts at the internet');
  const hops = item.locator('button.hop');
  assert.equal(await hops.count(), f.path.length);
  const kinds = await hops.locator('.hop-kind').allTextContents();
  for (const k of ['Internet gateway', 'Security group', 'Instance', 'Instance profile', 'Role', 'Policy']) {
    assert.ok(kinds.includes(k), `a ${k} hop: ${kinds}`);
  }
  assert.ok(kinds.indexOf('Internet gateway') < kinds.indexOf('Instance profile'));
  assert.ok(kinds.indexOf('Instance profile') < kinds.indexOf('Role'));
  for (let j = 0; j < f.path.length; j++) {
    assert.equal(await hops.nth(j).locator('.hop-label').textContent(), f.path[j].label.replaceAll('`', ''));
  }
  assert.match(await item.locator('.f-msg').textContent(), /IMDSv1 is allowed/);
});

test('each hop shows its own line in the source', async () => {
  const f = expected.report.findings.find((x) => x.rule === 'exposed-instance-privileged-role');
  const item = page.locator('#attack-paths .attack-path[data-rule="exposed-instance-privileged-role"]');
  const hops = item.locator('button.hop');
  for (let j = 0; j < f.path.length; j++) {
    await hops.nth(j).click();
    assert.equal(await hops.nth(j).getAttribute('aria-current'), 'step');
    const hl = page.locator('#source .line.hl').first();
    assert.ok(await hl.isVisible(), `hop ${j} is highlighted`);
    assert.equal(await hl.getAttribute('data-n'), String(f.path[j].location.line), `hop ${j}: ${f.path[j].label}`);
  }
  assert.ok(await item.evaluate((n) => n.classList.contains('active')));
});

test('the user path starts at the user, not at the internet', async () => {
  const item = page.locator('#attack-paths .attack-path[data-rule="privileged-user-weak-credentials"]');
  assert.equal(await item.locator('.hop-node.internet').count(), 0);
  const kinds = await item.locator('button.hop .hop-kind').allTextContents();
  assert.equal(kinds[0], 'User');
  assert.equal(kinds.at(-1), 'Credential');
});

test('the section passes axe-core: no serious or critical violation', async () => {
  const { violations } = await new AxeBuilder({ page }).include('#attack-paths')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), []);
});

test('another sample has no attack paths: the section is gone', async () => {
  await harness.analysed(page, () => page.click('#clear-all'));
  await harness.analysed(page, () => page.click('[data-sample="network-snapshot.json"]'));
  assert.ok(await page.locator('#attack-paths').isHidden());
  assert.deepEqual(harness.foreign(requests, origin), []);
  assert.deepEqual(problems, []);
});
