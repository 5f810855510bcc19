// Accessibility (issue 9): axe-core on the page with findings shown, in light and dark mode,
// and on the rules reference: no serious or critical violation.
// node --test tests/e2e/a11y.test.mjs (needs pkg/, /usr/bin/chromium and npm @axe-core/playwright).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import * as harness from './harness.mjs';

let page;
let origin;
let close;

before(async () => {
  ({ page, origin, close } = await harness.openPage());
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.waitForSelector('.finding');
});

after(() => close?.());

async function serious(context) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const told = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  console.log(`# ${context}: ${violations.length} violation(s), ${bad.length} serious or critical`);
  return told;
}

test('the page with findings, their explanations and the checks not run, in light mode', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  // Everything a reviewer opens: a finding's explanations, the network sample's path and list.
  await harness.analysed(page, () => page.click('[data-sample="network-snapshot.json"]'));
  const first = page.locator('.finding').first();
  await first.locator('details.why summary').click();
  await first.locator('details.fix summary').click();
  await page.locator('#not-reviewed summary').click();
  assert.deepEqual(await serious('light'), []);
});

test('the same in dark mode', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await serious('dark'), []);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a location shown in the source view, and the simulator answered', async () => {
  await page.locator('.finding button.loc').first().click();
  await page.fill('#sim-action', 's3:GetObject');
  await page.fill('#sim-resource', '*');
  await page.click('#sim-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('simulate').dataset.generation !== '0');
  assert.deepEqual(await serious('source view and simulator'), []);
});

test('no findings with inputs not reviewed, and a long input list, light and dark', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  await harness.analysed(page, () => page.click('#clear-all'));
  const aliases = JSON.stringify({ Aliases: [{ AliasName: 'alias/app', AliasArn: 'arn:aws:kms:eu-west-1:111122223333:alias/app' }] });
  const quiet = (i) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }] });
  await harness.analysed(page, () => page.setInputFiles('#file-input', [
    { name: 'aliases.json', mimeType: 'application/json', buffer: Buffer.from(aliases) },
    ...Array.from({ length: 20 }, (_, i) => ({ name: `p${i}.json`, mimeType: 'application/json', buffer: Buffer.from(quiet(i)) })),
  ]));
  assert.match(await page.locator('#findings .empty').textContent(), /No findings in what was reviewed/);
  assert.deepEqual(await serious('no findings, light'), []);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await serious('no findings, dark'), []);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('the rules reference, light and dark', async () => {
  await page.goto(`${origin}/rules.html`);
  await page.waitForSelector('.rule');
  assert.deepEqual(await serious('rules.html light'), []);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await serious('rules.html dark'), []);
});
