// The rules reference (issue 9): the page's own Markdown rendering, no dead `docs/` link, each
// rule's inputs, a search by resource type and port. node --test tests/e2e/rules.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as harness from './harness.mjs';

let page;
let origin;
let problems;
let close;

before(async () => {
  ({ page, origin, problems, close } = await harness.openPage());
  await page.goto(`${origin}/rules.html`);
  await page.waitForSelector('.rule');
});

after(() => close?.());

const shown = () => page.locator('section.rule:not([hidden])').evaluateAll((s) => s.map((n) => n.id));

test('emphasis is rendered, never shown as raw asterisks', async () => {
  const text = await page.locator('#rules').innerText();
  assert.doesNotMatch(text, /(^|\s)\*[a-z][\w-]*\*(\s|[.,;:)]|$)/m, 'no raw *emphasis*');
  assert.ok(await page.locator('#privilege-escalation em').count() >= 1, 'the privilege-escalation text has emphasis');
});

test('the docs/ file the rule texts name is served on the page itself', async () => {
  const link = page.locator('#privilege-escalation a[href="#privilege-escalation-methods"]');
  assert.ok(await link.count() >= 1);
  assert.equal(await page.locator('a[href*="docs/"]').count(), 0, 'no link to a file the site does not serve');
  await link.first().click();
  const methods = page.locator('#privilege-escalation-methods .method');
  assert.ok(await methods.count() > 50);
  assert.match(await page.locator('#iam-001, .method').first().textContent(), /iam:|PassRole|\w+:\w+/);
});

test('each rule says which inputs it needs', async () => {
  const needs = await page.locator('#vpc-flow-logs-disabled .rule-needs').textContent();
  assert.match(needs, /aws ec2 describe-vpcs/);
  assert.match(needs, /aws ec2 describe-flow-logs/);
  assert.match(await page.locator('#admin-access').textContent(), /InputsEvery IAM policy document/);
});

test('searchable by resource type, port and command', async () => {
  await page.fill('#f-text', 'security group 22');
  const ssh = await shown();
  assert.ok(ssh.includes('sg-open-admin-port'), ssh.join(' '));
  assert.ok(!ssh.includes('admin-access'), ssh.join(' '));
  await page.fill('#f-text', 'describe-db-instances');
  const rds = await shown();
  assert.ok(rds.includes('rds-publicly-accessible') && !rds.includes('sg-open-admin-port'), rds.join(' '));
  await page.fill('#f-text', '3389');
  assert.ok((await shown()).includes('nacl-open-admin-port'));
  await page.fill('#f-text', '');
  assert.ok((await shown()).length > 30);
  assert.deepEqual(problems, []);
});
