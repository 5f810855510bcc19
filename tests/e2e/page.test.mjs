// End-to-end tests of the page in headless Chromium: node --test tests/e2e/
// Needs pkg/ (scripts/build-wasm.sh) and /usr/bin/chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from './harness.mjs';

const { root } = harness;
const XSS_SID = '<img src=x onerror=alert(1)>';
const XSS_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: XSS_SID, Effect: 'Allow', Action: '*', Resource: '*' }] });

let origin;
let page;
let requests;
let dialogs;
let problems;
let close;

before(async () => {
  ({ page, origin, requests, dialogs, problems, close } = await harness.openPage());
});

after(() => close?.());

const analysed = (action) => harness.analysed(page, action);
const findingOf = (rule) => page.locator(`.finding[data-rule="${rule}"]`);

const pasteReplacing = (text) => harness.pasteReplacing(page, text);

test('opens on the sample and shows its findings', async () => {
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
  for (const rule of ['admin-access', 'service-wildcard', 'not-action-allow', 'duplicate-sid', 'unknown-action']) {
    assert.ok(await findingOf(rule).count() >= 1, `the sample should show a ${rule} finding`);
  }
  assert.match(await page.locator('.input-row.selected').textContent(), /IAM policy \(identity\)/);
  assert.match(await page.locator('#summary').textContent(), /By severity.*Critical/s);
});

test('a pasted policy is analysed and its explanation expands', async () => {
  await pasteReplacing(XSS_POLICY);
  const editor = page.locator('#editor');
  assert.equal(await editor.inputValue(), XSS_POLICY);
  const admin = findingOf('admin-access');
  assert.equal(await admin.count(), 1);
  assert.equal(await page.locator('.finding').count(), 1, 'only the pasted policy is analysed');
  await admin.locator('details.why summary').click();
  const why = admin.locator('details.why .md');
  assert.ok(await why.isVisible());
  assert.ok((await why.textContent()).trim().length > 20, '"Why it matters" has text');
  await admin.locator('details.fix summary').click();
  await admin.locator('details.fix button.copy').click();
  const snippet = await admin.locator('details.fix pre').first().textContent();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet, 'Copy puts the fix snippet on the clipboard');
});

test('a privilege-escalation finding explains each attack it names', async () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Sid: 'Launch', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
    ],
  }, null, 2);
  await pasteReplacing(policy);
  const escalation = findingOf('privilege-escalation');
  assert.equal(await escalation.count(), 1);
  assert.match(await escalation.locator('.f-msg').textContent(), /ec2-001/);
  await escalation.locator('details.attacks summary').click();
  const attacks = escalation.locator('details.attacks dl');
  assert.match(await attacks.textContent(), /ec2-001 iam:PassRole \+ ec2:RunInstances/);
  assert.match(await attacks.textContent(), /instance/i, 'the attack is described');
  await pasteReplacing(XSS_POLICY);
});

test('HTML in the input is shown as text and never runs', async () => {
  const admin = findingOf('admin-access');
  assert.ok((await admin.locator('.f-msg code').allTextContents()).includes(XSS_SID));
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(dialogs, []);
});

test('the location link highlights the finding in the source view', async () => {
  const link = findingOf('admin-access').locator('button.loc');
  const [, line, column] = (await link.textContent()).match(/:(\d+):(\d+)$/);
  await link.click();
  const hl = page.locator('#source .line.hl').first();
  assert.ok(await hl.isVisible());
  assert.equal(await hl.getAttribute('data-n'), line);
  const marked = await page.locator('#source mark').first().textContent();
  assert.ok(marked.length > 0 && XSS_POLICY.includes(marked), `highlight ${JSON.stringify(marked)}`);
  assert.ok((await hl.textContent()).slice(Number(column) - 1).startsWith(marked), 'the highlight starts at the reported column');
  assert.ok((await page.locator('#source').textContent()).includes(XSS_SID), 'the source view shows the Sid as text');
  assert.equal(await page.locator('img').count(), 0);
});

test('truncated JSON gets an input error with line and column', async () => {
  await analysed(async () => {
    await page.click('#new-paste');
    await page.fill('#editor', '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow"');
  });
  const error = page.locator('.input-row.selected .input-error');
  assert.match(await error.textContent(), /line \d+, column \d+/);
  await error.locator('button.loc').click();
  assert.ok(await page.locator('#source .line.hl').first().isVisible());
  assert.equal(await findingOf('admin-access').count(), 1, 'the other input still shows its finding');
});

test('two files where one is broken: the good one is still analysed', async () => {
  const good = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }] }, null, 2);
  await analysed(() => page.setInputFiles('#file-input', [
    { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(good) },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"Version": "2012-10-17", "Statement": [') },
  ]));
  const rows = page.locator('.input-row');
  assert.match(await rows.filter({ hasText: 'good.json' }).textContent(), /IAM policy \(identity\)/);
  assert.match(await rows.filter({ hasText: 'broken.json' }).locator('.input-error').textContent(), /line \d+, column \d+/);
  const locations = await page.locator('.finding[data-rule="service-wildcard"] button.loc').allTextContents();
  assert.ok(locations.some((l) => l.startsWith('good.json:')), `service-wildcard in good.json: ${locations}`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="json"]')]);
  const report = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.ok(report.inputs.some((i) => i.name === 'broken.json' && i.error));
  assert.ok(report.findings.some((f) => f.input === 'good.json'));
});

/** Runs `action`, then waits until the simulator has answered what it changed. */
async function simulated(action) {
  const before = await page.locator('#simulate').getAttribute('data-generation');
  await action();
  await page.waitForFunction((g) => {
    const s = document.getElementById('simulate');
    return s.dataset.busy === 'false' && s.dataset.generation !== g;
  }, before);
}

const SIM_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadFromOffice', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::reports/secret/*' },
  ],
}, null, 2);

test('the simulator answers over the inputs, statement by statement', async () => {
  // Only the simulator's policy: the inputs of the tests above include `*` on `*`.
  await analysed(async () => {
    while (await page.locator('.input-row').count() > 1) await page.locator('.input-row .remove').first().click();
    await page.click('#show-edit');
    await page.fill('#editor', SIM_POLICY);
  });
  assert.equal(await page.locator('.input-row').count(), 1);

  await page.fill('#sim-principal', 'arn:aws:iam::111122223333:role/app');
  await page.fill('#sim-action', 's3:GetObject');
  await page.fill('#sim-resource', 'arn:aws:s3:::reports/q1.csv');
  await page.fill('#sim-context .sim-key', 'aws:SourceIp');
  await page.fill('#sim-context .sim-value', '203.0.113.7');
  await simulated(() => page.press('#sim-context .sim-value', 'Enter'));
  const result = page.locator('#sim-result');
  assert.match(await result.locator('.decision').textContent(), /^✓ Allow\s*allowed by statement ReadFromOffice/);
  const decisive = result.locator('.sim-statement.decisive');
  assert.equal(await decisive.count(), 1);
  assert.match(await decisive.locator('h5').textContent(), /ReadFromOffice/);
  const reasons = await decisive.locator('.reasons li.yes').allTextContents();
  assert.ok(reasons.some((r) => r.includes('203.0.113.7') && r.includes('203.0.113.0/24')), `reasons: ${reasons}`);
  assert.match(await result.locator('.sim-request').textContent(), /aws:SourceIp.*203\.0\.113\.7/s);

  // The location link highlights the statement's range in the source view, as findings' links do.
  const link = decisive.locator('button.loc');
  const [, line, column] = (await link.textContent()).match(/:(\d+):(\d+)$/);
  await link.click();
  const hl = page.locator('#source .line.hl').first();
  assert.ok(await hl.isVisible());
  assert.equal(await hl.getAttribute('data-n'), line);
  const marks = await page.locator('#source mark').allTextContents();
  assert.ok(marks[0].startsWith('{') && marks.join('\n').includes('"Sid": "ReadFromOffice"'), `highlight ${JSON.stringify(marks)}`);
  assert.ok((await hl.textContent()).slice(Number(column) - 1).startsWith(marks[0]), 'the highlight starts at the reported column');

  // Another context value, with the button: the condition fails and the reason says why.
  await page.fill('#sim-context .sim-value', '198.51.100.1');
  await simulated(() => page.click('#sim-form button[type=submit]'));
  assert.match(await result.locator('.decision').textContent(), /^✗ Implicit deny/);
  const failed = await result.locator('.reasons li.no').allTextContents();
  assert.ok(failed.some((r) => r.includes('198.51.100.1')), `reasons: ${failed}`);

  // Changing the inputs reruns the question.
  await page.click('#show-edit');
  await simulated(() => page.fill('#editor', SIM_POLICY.replace('203.0.113.0/24', '198.51.100.0/24')));
  assert.match(await result.locator('.decision').textContent(), /^✓ Allow/);

  await page.fill('#sim-resource', 'arn:aws:s3:::reports/secret/k');
  await simulated(() => page.press('#sim-resource', 'Enter'));
  assert.match(await result.locator('.decision').textContent(), /^✗ Explicit deny\s*explicitly denied by statement NoSecrets/);

  // A question the engine cannot read is answered next to the form, not thrown.
  await page.fill('#sim-action', 's3:Get*');
  await simulated(() => page.press('#sim-action', 'Enter'));
  const error = page.locator('#sim-error');
  assert.ok(await error.isVisible());
  assert.equal(await error.textContent(), 's3:Get* is not an action: write service:Action, without wildcards');
  assert.equal(await result.locator('.decision').count(), 0);

  // Context rows come and go; an empty form field is the engine's message too.
  await page.click('#sim-add');
  assert.equal(await page.locator('#sim-context .sim-row').count(), 2);
  await page.locator('#sim-context .sim-row .remove').first().click();
  await page.locator('#sim-context .sim-row .remove').first().click();
  assert.equal(await page.locator('#sim-context .sim-row').count(), 0);
  await page.fill('#sim-action', 's3:GetObject');
  await page.fill('#sim-resource', '');
  await simulated(() => page.press('#sim-action', 'Enter'));
  assert.match(await error.textContent(), /give a resource ARN/);

  // Nothing typed or pasted went anywhere: no foreign request, nothing in the URL or storage.
  assert.deepEqual(harness.foreign(requests, origin), []);
  assert.equal(page.url(), `${origin}/`);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes('reports') && !stored.includes('ReadFromOffice'), stored);
  assert.deepEqual(problems, []);
});

test('the page talks to its own origin only and carries its CSP', async () => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  assert.ok(requests.length > 0);
  assert.deepEqual(harness.foreign(requests, origin), []);
  assert.ok(requests.some((url) => url.endsWith('/pkg/posture_bg.wasm')));
  assert.deepEqual(problems, []);
});

test('the rules page lists every rule of the engine', async () => {
  const posture = await import(pathToFileURL(path.join(root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(root, 'pkg/posture_bg.wasm')) });
  const ids = JSON.parse(posture.rules()).map((r) => r.id);
  assert.ok(ids.length >= 5);
  await page.goto(`${origin}/rules.html`);
  await page.locator('section.rule').first().waitFor();
  const shown = await page.locator('section.rule').evaluateAll((sections) => sections.map((s) => s.id));
  assert.deepEqual(shown, ids);
  assert.ok((await page.locator(`section#${ids[0]} .md`).first().textContent()).trim().length > 0);
  assert.deepEqual(problems, []);
});
