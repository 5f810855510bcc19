// Samples are samples: the user's own input replaces a sample left as it came, so the sample's
// findings never mix into the user's report; an edited sample is the user's and stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as harness from './harness.mjs';

let page;
let close;

before(async () => {
  ({ page, close } = await harness.openPage());
  await page.waitForSelector('.finding');
});

after(() => close?.());

const names = () => page.locator('.input-row .input-name').allTextContents();

test('opening a file replaces the sample it opened on', async () => {
  assert.ok((await names()).some((n) => n.includes('identity-policy.json')), 'the page opens on a sample');
  const own = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mine/*' }] });
  await harness.analysed(page, () => page.setInputFiles('#file-input', [
    { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(own) },
  ]));
  assert.deepEqual((await names()).map((n) => n.trim()), ['mine.json']);
  assert.equal(await page.locator('.finding[data-rule="admin-access"]').count(), 0, "the sample's findings are gone");
});

test('a sample loaded on purpose joins, and an edited sample is kept as the user\'s', async () => {
  await harness.analysed(page, () => page.click('button[data-sample="identity-policy.json"]'));
  assert.equal((await names()).length, 2);
  await harness.pasteReplacing(page, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}');
  await harness.analysed(page, () => page.setInputFiles('#file-input', [
    { name: 'more.json', mimeType: 'application/json', buffer: Buffer.from('{"Version": "2012-10-17", "Statement": []}') },
  ]));
  assert.equal((await names()).length, 3, 'the edited sample stays');
});

test('a right-to-left override in a Sid or a file name is shown, not obeyed', async () => {
  const sid = 'Inv\u202egpj.exe';
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: '*', Resource: '*' }] });
  await harness.analysed(page, () => page.setInputFiles('#file-input', [
    { name: 'invoice\u202egpj.json', mimeType: 'application/json', buffer: Buffer.from(policy) },
  ]));
  const message = await page.locator('.finding[data-rule="admin-access"]', { hasText: 'gpj.exe' }).first().textContent();
  assert.ok(message.includes('Inv⟨U+202E⟩gpj.exe'), message);
  assert.ok(!message.includes('\u202e'), 'the override itself never reaches the page');
  const names = await page.locator('.input-row .input-name').allTextContents();
  assert.ok(names.includes('invoice⟨U+202E⟩gpj.json'), names.join(' | '));
});
