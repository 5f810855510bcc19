// End-to-end tests of the principals view: authorization details list every user, group and
// role with what it can do, sortable and filterable, each row leading to its entry and its
// findings; the simulator offers the users and roles. node --test tests/e2e/ (needs pkg/ and
// /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as harness from './harness.mjs';

const XSS = '<img src=x onerror=alert(1)>';
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const AUTHZ = JSON.stringify({
  UserDetailList: [
    { UserName: 'carol', Arn: 'arn:aws:iam::111122223333:user/carol', GroupList: ['builders'],
      AttachedManagedPolicies: [{ PolicyName: 'pass', PolicyArn: 'arn:aws:iam::111122223333:policy/pass' }] },
    { UserName: XSS, Arn: 'arn:aws:iam::111122223333:user/x', GroupList: [], AttachedManagedPolicies: [] },
  ],
  GroupDetailList: [
    { GroupName: 'builders', Arn: 'arn:aws:iam::111122223333:group/builders', AttachedManagedPolicies: [],
      GroupPolicyList: [{ PolicyName: 'launch', PolicyDocument: doc({ Sid: 'Launch', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }) }] },
  ],
  RoleDetailList: [
    { RoleName: 'reader', Arn: 'arn:aws:iam::111122223333:role/reader', AttachedManagedPolicies: [],
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      RolePolicyList: [{ PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }] },
  ],
  Policies: [
    { PolicyName: 'pass', Arn: 'arn:aws:iam::111122223333:policy/pass', DefaultVersionId: 'v1', AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }) }] },
  ],
}, null, 2);

let page;
let dialogs;
let problems;
let close;

before(async () => {
  ({ page, dialogs, problems, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
  await harness.analysed(page, () => page.setInputFiles('#file-input', [
    { name: 'authz.json', mimeType: 'application/json', buffer: Buffer.from(AUTHZ) },
  ]));
});

after(() => close?.());

const rows = () => page.locator('#principals .pr-table tbody tr');
const rowOf = (name) => rows().filter({ has: page.locator('td:first-child code', { hasText: name }) });

test('every user, group and role is listed with what it can do', async () => {
  assert.equal(await rows().count(), 4);
  assert.match(await page.locator('#principals summary').textContent(), /4 users, groups and roles/);
  assert.equal(await rowOf('carol').locator('.pr-privilege-escalation').count(), 1, 'carol escalates through her group');
  assert.equal(await rowOf('builders').locator('.pr-flag').count(), 0, 'the group alone does not');
  assert.match(await rowOf('reader').locator('.pr-data').textContent(), /reads data \(1\)/);
  assert.equal(await rowOf(XSS).count(), 1, 'a name is shown as text');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
});

test('the view filters and sorts', async () => {
  await page.fill('#principals .pr-filter', 'build');
  assert.equal(await rows().count(), 1);
  await page.fill('#principals .pr-filter', '');
  await page.locator('#principals th button', { hasText: 'Name' }).click();
  const first = await rows().first().locator('td:first-child').textContent();
  await page.locator('#principals th button', { hasText: 'Name' }).click();
  const flipped = await rows().first().locator('td:first-child').textContent();
  assert.notEqual(first, flipped, 'a second click reverses the order');
});

test('a row leads to its entry and to its findings', async () => {
  await rowOf('carol').locator('td:first-child button').click();
  assert.ok(await page.locator('#source .line.hl').first().isVisible());
  await rowOf('carol').locator('.pr-privilege-escalation').click();
  assert.equal(await page.inputValue('#f-text'), 'carol');
  const shown = page.locator('.finding[data-rule="privilege-escalation"]');
  assert.ok(await shown.count() >= 1);
});

test('the simulator suggests the users and roles', async () => {
  const options = await page.locator('#sim-principals option').evaluateAll((o) => o.map((x) => x.value));
  assert.ok(options.includes('carol') && options.includes('reader'), `${options}`);
  assert.ok(!options.includes('builders'), 'groups make no requests');
});
