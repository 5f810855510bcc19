// The page as a reviewer's workbench (issue 9): coverage is part of the answer, samples and
// many inputs, escapes in the source view, focus after a location is shown.
// node --test tests/e2e/workbench.test.mjs (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from './harness.mjs';

let page;
let problems;
let close;
let kinds; // the engine's kinds, by id

before(async () => {
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(harness.root, 'pkg/posture_bg.wasm')) });
  kinds = new Map(posture.kinds().map((k) => [k.id, k]));
  ({ page, problems, close } = await harness.openPage());
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.waitForSelector('.finding');
});

after(() => close?.());

const policy = (statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
const ADMIN = policy({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
// `aws kms list-aliases`: a kind Posture recognises but no check reads (src/input/kinds.rs).
const ALIASES = JSON.stringify({ Aliases: [{ AliasName: 'alias/app', AliasArn: 'arn:aws:kms:eu-west-1:111122223333:alias/app', TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }] }, null, 2);
// `aws ec2 describe-security-groups` with nothing open: reviewed, nothing found, other checks skipped.
const QUIET_SG = JSON.stringify({ SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'app', VpcId: 'vpc-0abc', Description: 'app', IpPermissions: [], IpPermissionsEgress: [] }] }, null, 2);

const files = (...named) => named.map(([name, text]) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) }));
const open = (...named) => harness.analysed(page, () => page.setInputFiles('#file-input', files(...named)));
const clearAll = () => harness.analysed(page, () => page.click('#clear-all'));
const emptyText = () => page.locator('#findings .empty').textContent();

test('an output no check reads is "not reviewed", and never gives "No findings"', async () => {
  await clearAll();
  await open(['aliases.json', ALIASES]);
  assert.equal(await page.locator('.finding').count(), 0);
  const row = page.locator('.input-row', { hasText: 'aliases.json' });
  assert.match(await row.locator('.kind').textContent(), /aws kms list-aliases · not reviewed/);
  assert.equal(await row.locator('.input-error').count(), 0, 'not an error: said quietly');
  const empty = await emptyText();
  assert.doesNotMatch(empty, /^No findings in these inputs/);
  assert.match(empty, /^No findings in what was reviewed: 1 input was not reviewed/);
  const coverage = await page.locator('#coverage').textContent();
  assert.match(coverage, /No findings in what was reviewed\. Not everything was:/);
  assert.match(coverage, /Not reviewed: 1 input, no check reads its kind yet: aliases\.json \(aws kms list-aliases\)/);
  assert.match(await page.locator('#status').textContent(), /1 input not reviewed/);
});

test('a quiet security-group output says "No findings in what was reviewed" and names what did not run', async () => {
  await clearAll();
  await open(['sg.json', QUIET_SG]);
  assert.equal(await page.locator('.finding').count(), 0);
  assert.match(await page.locator('.input-row .kind').textContent(), /aws ec2 describe-security-groups · reviewed/);
  const empty = await emptyText();
  assert.match(empty, /^No findings in what was reviewed: \d+ checks did not run for want of an input/);
  const coverage = await page.locator('#coverage').textContent();
  assert.match(coverage, /Reviewed: 1 input: sg\.json/);
  assert.match(coverage, /Not run: \d+ checks for want of/);
  // With nothing found, the commands that collect what is missing are shown, unfolded.
  const notRun = page.locator('#not-reviewed');
  assert.equal(await notRun.getAttribute('open'), '');
  const commands = (await notRun.locator('pre').allTextContents()).join('\n');
  assert.match(commands, /aws ec2 describe-instances/);
  assert.doesNotMatch(commands, /describe-security-groups/, 'what was given is not asked for');
});

test('"Clear all" removes every input at once', async () => {
  await clearAll();
  await open(['a.json', ADMIN], ['b.json', ALIASES], ['c.json', QUIET_SG]);
  assert.equal(await page.locator('.input-row').count(), 3);
  await clearAll();
  assert.equal(await page.locator('.input-row').count(), 1);
  assert.match(await page.locator('.input-row .kind').textContent(), /empty/);
  assert.equal(await page.locator('.finding').count(), 0);
  assert.match(await emptyText(), /Nothing to analyse yet/);
});

test('with 100 inputs the list is compact and the findings are a short Tab path away', async () => {
  const many = Array.from({ length: 100 }, (_, i) => [`policy-${String(i).padStart(3, '0')}.json`,
    i === 57 ? ADMIN : policy({ Sid: `Read${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` })]);
  await clearAll();
  await open(...many);
  assert.match(await page.locator('#input-count').textContent(), /^100 inputs/);
  assert.ok(await page.locator('.finding[data-rule="admin-access"]').count() >= 1);
  // Grouped by kind, folded: the rows of a closed group take no Tab stop.
  const groups = page.locator('#input-list details.input-group');
  assert.ok(await groups.count() >= 1);
  // From the top of the page, Tab until the focus is in the first finding.
  // From the top of the page: its first stop is the "Skip to findings" link (not used here).
  await page.focus('a.skip');
  let stops = 1;
  const path = ['skip'];
  for (; stops < 60; stops++) {
    await page.keyboard.press('Tab');
    path.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || document.activeElement?.tagName));
    if (await page.evaluate(() => Boolean(document.activeElement?.closest('.finding')))) break;
  }
  assert.ok(stops < 30, `${stops} Tab stops before the first finding: ${path.join(' → ')}`);
  assert.ok(!path.includes('remove') || path.filter((p) => p === 'remove').length === 1, `one input row at most: ${path.join(' → ')}`);
  console.log(`# ${stops} Tab stops before the first finding with 100 inputs: ${path.join(' → ')}`);
  // The filter finds one input among the hundred.
  await page.fill('#input-filter', 'policy-057');
  const rows = page.locator('#input-list .input-row');
  assert.equal(await rows.count(), 1);
  assert.ok(await rows.first().isVisible());
  await page.fill('#input-filter', '');
  await clearAll();
});

test('a right-to-left override is shown escaped in the finding, its location and the source view', async () => {
  const sid = 'Inv\u202egpj.exe';
  // The second statement is outside the highlighted range: it is escaped all the same.
  await open(['rtl.json', JSON.stringify({ Version: '2012-10-17', Statement: [
    { Sid: sid, Effect: 'Allow', Action: '*', Resource: '*' },
    { Sid: 'Deny\u202eyevol', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
  ] }, null, 2)]);
  const admin = page.locator('.finding[data-rule="admin-access"]');
  assert.match(await admin.locator('.f-msg').textContent(), /Inv⟨U\+202E⟩gpj\.exe/);
  await admin.locator('button.loc').click();
  const source = await page.locator('#source').textContent();
  assert.ok(source.includes('Inv⟨U+202E⟩gpj.exe'), source);
  assert.ok(source.includes('Deny⟨U+202E⟩yevol'), source);
  assert.ok(!source.includes('\u202e'), 'the override never reaches the source view');
  assert.ok(!(await page.locator('body').innerText()).includes('\u202e'), 'nor anywhere on the page');
});

test('after a location is shown the focus stays on the finding; on a phone "Back to the finding" returns to it', async () => {
  const loc = page.locator('.finding[data-rule="admin-access"] button.loc');
  await loc.click();
  assert.ok(await loc.evaluate((b) => b === document.activeElement), 'focus stays on the location link');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('.finding'))), 'the next Tab stays in the finding');

  await page.setViewportSize({ width: 390, height: 844 });
  await loc.scrollIntoViewIfNeeded();
  await loc.click();
  const back = page.locator('#back');
  assert.ok(await back.isVisible());
  assert.ok(await back.evaluate((b) => b === document.activeElement), '"Back to the finding" has the focus');
  assert.ok(await page.locator('#source .line.hl').first().isVisible(), 'the highlighted line is in view');
  await page.keyboard.press('Enter');
  assert.ok(await loc.evaluate((b) => b === document.activeElement), 'back on the location link');
  const box = await loc.boundingBox();
  assert.ok(box.y >= 0 && box.y < 844, 'and the finding is in view');
  await page.setViewportSize({ width: 1400, height: 1000 });
});

const LIST_USERS = JSON.stringify({ Users: [{ Path: '/', UserName: 'Juan', UserId: 'AIDA1234567890EXAMPLE', Arn: 'arn:aws:iam::111122223333:user/Juan', CreateDate: '2012-09-05T19:38:48Z' }] }, null, 2);

test('a known AWS output that is not reviewed is said quietly, with where its data is reviewed', async (t) => {
  // Engines that recognise `aws iam list-users` as a known output (kinds() lists it) say so.
  if (!kinds.has('iam.list-users')) return t.skip('this engine does not recognise aws iam list-users');
  await clearAll();
  await open(['users.json', LIST_USERS]);
  const row = page.locator('.input-row', { hasText: 'users.json' });
  assert.equal(await row.locator('.input-error').count(), 0, 'no red error');
  assert.match(await row.locator('.kind').textContent(), /aws iam list-users · not reviewed/);
  assert.match(await row.locator('.input-note').textContent(), /get-account-authorization-details/);
  assert.match(await page.locator('#coverage').textContent(), /users\.json \(aws iam list-users; the same data is reviewed in aws iam get-account-authorization-details\)/);
  assert.doesNotMatch(await emptyText(), /^No findings in these inputs/);
});

test('an output Posture does not know: one short line, the supported kinds folded', async () => {
  await clearAll();
  await open(['odd.json', JSON.stringify({ Widgets: [{ WidgetName: 'w', Colour: 'blue' }] }, null, 2)]);
  const error = page.locator('.input-row', { hasText: 'odd.json' }).locator('.input-error').first();
  const shown = await error.evaluate((n) => n.innerText);
  assert.ok(shown.length < 200, `${shown.length} characters shown: ${shown}`);
  const folded = error.locator('details');
  if (await folded.count()) {
    assert.equal(await folded.getAttribute('open'), null, 'the list of supported kinds is folded');
    assert.match(await folded.locator('summary').textContent(), /supported kinds|more/);
  }
});

test('no page errors', () => {
  assert.deepEqual(problems, []);
});
