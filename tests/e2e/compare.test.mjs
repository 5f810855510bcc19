// End-to-end tests of the page's Compare mode: two panes, the widened access with its witness,
// the link to the granting statement, and "simulate this witness". node --test tests/e2e/
// (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as harness from './harness.mjs';

const scenario = (name, side) => readFileSync(path.join(harness.root, 'tests/diff', name, `${side}.json`), 'utf8');
const XSS_SID = '<img src=x onerror=alert(1)>';

let page;
let origin;
let requests;
let dialogs;
let problems;
let close;

before(async () => {
  ({ page, origin, requests, dialogs, problems, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
});

after(() => close?.());

async function compare(oldText, newText) {
  const panel = page.locator('#compare');
  const before = await panel.getAttribute('data-generation');
  await page.locator('#compare-old').fill(oldText);
  await page.locator('#compare-new').fill(newText);
  await page.locator('#compare-run').click();
  await page.waitForFunction((g) => {
    const p = document.getElementById('compare');
    return p.dataset.busy === 'false' && p.dataset.generation !== g;
  }, before);
}

test('the Compare mode opens from the header and lists new access with its witness', async () => {
  assert.equal(await page.locator('#compare').isVisible(), false, 'hidden until asked for');
  await page.locator('#compare-toggle').click();
  assert.ok(await page.locator('#compare').isVisible());
  assert.equal(await page.locator('#compare-toggle').getAttribute('aria-expanded'), 'true');
  const newText = scenario('widened-resource', 'new');
  await compare(scenario('widened-resource', 'old'), newText);
  assert.match(await page.locator('.compare-verdict').textContent(), /^New access/);
  const added = page.locator('.compare-list.added .compare-change');
  assert.equal(await added.count(), 1);
  const witness = await added.locator('.compare-witness').textContent();
  assert.match(witness, /s3:GetObject/);
  assert.match(witness, /arn:aws:s3:::reports\/posture-witness/);

  // The link selects the granting statement in the new pane.
  await added.locator('button.loc').click();
  const selected = await page.evaluate(() => {
    const a = document.getElementById('compare-new');
    return a.value.slice(a.selectionStart, a.selectionEnd);
  });
  assert.ok(selected.startsWith('{"Sid": "ReadReports"'), selected);
  assert.ok(newText.includes(selected));

  // The simulator confirms the witness on both sides, and its form is filled.
  await added.locator('button.compare-simulate').click();
  await page.waitForFunction(() => document.querySelectorAll('.compare-answer').length === 2);
  assert.match(await page.locator('.compare-answer.new').textContent(), /New policy: Allow/);
  assert.match(await page.locator('.compare-answer.old').textContent(), /Old policy: Implicit deny/);
  assert.equal(await page.locator('#sim-action').inputValue(), 's3:GetObject');
  assert.equal(await page.locator('#sim-resource').inputValue(), 'arn:aws:s3:::reports/posture-witness');
});

test('nothing new, undecided and unreadable inputs are said as such', async () => {
  await compare(scenario('sid-renamed-nothing-new', 'old'), scenario('sid-renamed-nothing-new', 'new'));
  assert.match(await page.locator('.compare-verdict').textContent(), /^No new access/);
  await compare(scenario('undecided-variable-in-condition', 'old'), scenario('undecided-variable-in-condition', 'new'));
  assert.match(await page.locator('.compare-verdict').textContent(), /^Undecided/);
  assert.match(await page.locator('.compare-list.undecided').textContent(), /policy variable/);
  await compare('{"Version": ', scenario('widened-resource', 'new'));
  assert.match(await page.locator('.compare-verdict').textContent(), /^Cannot compare/);
});

test('two authorization-details files are compared principal by principal', async () => {
  const authz = (side) => readFileSync(path.join(harness.root, 'tests/diff-authz/group-gains-policy', `${side}.json`), 'utf8');
  await compare(authz('old'), authz('new'));
  assert.match(await page.locator('.compare-verdict').textContent(), /^New access: a user or role/);
  const added = page.locator('.compare-list.added .compare-change');
  assert.equal(await added.count(), 2, 'each member of the group');
  assert.deepEqual(await added.locator('.compare-principal').allTextContents(), ['user/alice', 'user/bob']);
  // The witness is asked as that user on both files.
  await added.first().locator('button.compare-simulate').click();
  await page.waitForFunction(() => document.querySelectorAll('.compare-answer').length === 2);
  assert.match(await page.locator('.compare-answer.new').textContent(), /New policy: Allow/);
  assert.match(await page.locator('.compare-answer.old').textContent(), /Old policy: Implicit deny/);
  assert.equal(await page.locator('#sim-principal').inputValue(), 'arn:aws:iam::111122223333:user/alice');
});

test('hostile text in a policy is shown, never obeyed, and nothing leaves the page', async () => {
  const policy = (actions) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: XSS_SID, Effect: 'Allow', Action: actions, Resource: '*' }] });
  await compare(policy('s3:GetObject'), policy(['s3:GetObject', 'iam:PassRole']));
  assert.ok((await page.locator('.compare-list.added').textContent()).includes(XSS_SID));
  assert.equal(await page.locator('#compare img').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(harness.foreign(requests, origin), []);
  assert.deepEqual(problems, []);
});
