// End-to-end tests of the page on a network snapshot: the exposure path diagram, the snapshot
// view and the checks not reviewed. node --test tests/e2e/ (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from './harness.mjs';

const SAMPLE = 'network-snapshot.json';
const sampleText = readFileSync(path.join(harness.root, 'www/samples', SAMPLE), 'utf8');
// A policy with nothing to find: only the checks it cannot run are left to say.
const QUIET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
}, null, 2);

let page;
let origin;
let requests;
let problems;
let close;
// What the engine itself says about the sample, to compare the page with.
let expected;
let kinds;
// Each rule's area: other areas' snapshot checks are skipped beside the network's.
let areas;

before(async () => {
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(harness.root, 'pkg/posture_bg.wasm')) });
  const out = posture.analyze([{ name: SAMPLE, text: sampleText }], {});
  expected = { ...out, report: JSON.parse(out.report) };
  kinds = new Map(posture.kinds().map((k) => [k.id, k.command ?? k.label]));
  areas = new Map(JSON.parse(posture.rules()).map((r) => [r.id, r.area]));
  ({ page, origin, requests, problems, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
});

after(() => close?.());

const exposed = () => page.locator('.finding[data-rule="instance-internet-exposed"]');
const exposedFinding = () => expected.report.findings.find((f) => f.rule === 'instance-internet-exposed');

test('the network sample draws the exposure path, hop by hop', async () => {
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
  assert.equal(await page.locator('.input-row.selected .input-name').textContent(), SAMPLE);
  const f = exposedFinding();
  assert.ok(f?.path?.length >= 6, 'the engine reports the exposure with its path');
  assert.equal(await exposed().count(), 1);
  const diagram = exposed().locator('figure.exposure');
  assert.ok(await diagram.isVisible());
  assert.equal(await diagram.locator('.hop-node.internet').textContent(), 'Internet', 'the path starts at the internet');
  const hops = diagram.locator('button.hop');
  assert.equal(await hops.count(), f.path.length);
  const kindsShown = await hops.locator('.hop-kind').allTextContents();
  const order = ['Internet gateway', 'Route table', 'Network ACL', 'Security group', 'Network interface', 'Instance'];
  const at = kindsShown.map((k) => order.indexOf(k));
  assert.ok(at.every((n, i) => n >= 0 && (i === 0 || n >= at[i - 1])), `hops from the gateway to the instance: ${kindsShown}`);
  for (const k of ['Internet gateway', 'Route table', 'Network ACL', 'Security group', 'Instance']) assert.ok(kindsShown.includes(k), `a ${k} hop: ${kindsShown}`);
  for (let j = 0; j < f.path.length; j++) {
    assert.equal(await hops.nth(j).locator('.hop-label').textContent(), f.path[j].label.replaceAll('`', ''));
    assert.equal(await hops.nth(j).getAttribute('title'), `${f.path[j].input}:${f.path[j].location.line}:${f.path[j].location.column}`);
  }
  // Only composite findings carry a path.
  assert.equal(await page.locator('.finding:not([data-rule="instance-internet-exposed"]) figure.exposure').count(), 0);
});

test('each hop highlights its own line, from any input, by mouse or keyboard', async () => {
  const f = exposedFinding();
  const hops = exposed().locator('button.hop');
  // Another input is selected: the hop selects its own.
  await page.locator('.input-row', { hasText: 'identity-policy.json' }).locator('.input-select').click();
  assert.notEqual(await page.locator('.input-row.selected .input-name').textContent(), SAMPLE);
  for (let j = 0; j < f.path.length; j++) {
    const hop = f.path[j];
    if (j % 2) {
      await hops.nth(j).focus();
      await page.keyboard.press('Enter');
    } else await hops.nth(j).click();
    assert.equal(await page.locator('.input-row.selected .input-name').textContent(), hop.input);
    assert.equal(await hops.nth(j).getAttribute('aria-current'), 'step');
    assert.equal(await exposed().locator('button.hop[aria-current]').count(), 1);
    const hl = page.locator('#source .line.hl').first();
    assert.ok(await hl.isVisible(), `hop ${j} is highlighted`);
    assert.equal(await hl.getAttribute('data-n'), String(hop.location.line), `hop ${j}: ${hop.label}`);
    const marked = await page.locator('#source mark').first().textContent();
    assert.ok(marked.length > 0, `hop ${j} marks its text`);
    assert.ok((await hl.textContent()).slice(hop.location.column - 1).startsWith(marked), `hop ${j} starts at its column`);
    const [start, end] = expected.pathRanges[expected.report.findings.indexOf(f)][j];
    assert.ok(sampleText.slice(start, end).startsWith(marked), `hop ${j} marks its range`);
  }
  assert.ok(await exposed().evaluate((n) => n.classList.contains('active')));
});

test('a path through several files selects the file of each hop', async () => {
  // The sample's outputs as separate files, as `aws … > file.json` would write them.
  const files = JSON.parse(sampleText).outputs.map(({ command, output }) => ({
    name: `${command.split(' ').at(-1)}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(output, null, 2)),
  }));
  await harness.analysed(page, () => page.locator('.input-row', { hasText: SAMPLE }).locator('.remove').click());
  await harness.analysed(page, () => page.setInputFiles('#file-input', files));
  const hops = page.locator('.finding[data-rule="instance-internet-exposed"] button.hop');
  const titles = await hops.evaluateAll((bs) => bs.map((b) => b.title));
  const inputs = new Set(titles.map((t) => t.split(':')[0]));
  assert.ok(inputs.has('describe-security-groups.json') && inputs.has('describe-instances.json'), `hops in: ${[...inputs]}`);
  for (let j = 0; j < titles.length; j++) {
    const [input, line] = titles[j].split(':');
    await hops.nth(j).click();
    assert.equal(await page.locator('.input-row.selected .input-name').textContent(), input);
    assert.equal(await page.locator('#source .line.hl').first().getAttribute('data-n'), line, titles[j]);
  }
  for (const { name } of files) await harness.analysed(page, () => page.locator('.input-row', { hasText: name }).locator('.remove').click());
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
});

test('the diagram wraps on a narrow screen', async () => {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 380, height: 800 });
  const hops = exposed().locator('.hops');
  const { scroll, client } = await hops.evaluate((n) => ({ scroll: n.scrollWidth, client: n.clientWidth }));
  assert.ok(scroll <= client + 1, `no hop is cut off: ${scroll} > ${client}`);
  const tops = await hops.locator('button.hop').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().top));
  assert.ok(new Set(tops).size > 1, 'the hops take several rows');
  await page.setViewportSize(size);
});

test('the snapshot view counts the resources and lists what was not reviewed', async () => {
  const snapshot = page.locator('#snapshot');
  assert.ok(await snapshot.isVisible());
  const { inventory } = expected;
  assert.equal(inventory.account, '123456789012');
  const meta = await snapshot.locator('.snap-meta').textContent();
  for (const value of [inventory.account, inventory.region, inventory.captured]) assert.ok(meta.includes(value), `${value} in ${meta}`);
  assert.ok(inventory.resources.length >= 8);
  for (const [label, n] of inventory.resources) {
    assert.equal(await snapshot.locator(`.snap-counts li[data-type="${label}"] .snap-n`).textContent(), String(n), label);
  }
  assert.ok(inventory.resources.some(([label, n]) => label === 'instances' && n >= 2));

  const rds = expected.report.skipped.find((s) => s.rule === 'rds-publicly-accessible');
  assert.deepEqual(rds?.needs, ['rds.describe-db-instances'], 'the sample has no RDS output');
  assert.match(await page.locator('#status').textContent(), new RegExp(`${expected.report.skipped.length} checks? not run`));
  const notReviewed = page.locator('#not-reviewed');
  assert.ok(await notReviewed.isVisible());
  // With findings shown the list is folded (the coverage lines above the findings say what did not run).
  assert.equal(await notReviewed.getAttribute('open'), null);
  assert.match(await page.locator('#coverage').textContent(), new RegExp(`Not run: ${expected.report.skipped.length} check`));
  assert.match(await notReviewed.locator('summary').textContent(), new RegExp(`Not run: ${expected.report.skipped.length} check`));
  await notReviewed.locator('summary').click();
  const group = notReviewed.locator('.nr-group[data-needs="rds.describe-db-instances"]');
  assert.ok(await group.locator('a[href="rules.html#rds-publicly-accessible"]').isVisible());
  const command = kinds.get('rds.describe-db-instances');
  assert.equal(command, 'aws rds describe-db-instances');
  assert.equal(await group.locator('pre').textContent(), command);
  await group.locator('button.copy').click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command, 'Copy puts the command on the clipboard');
  // What the sample gives is not listed as missing.
  assert.equal(await notReviewed.locator('.nr-group[data-needs~="ec2.describe-security-groups"]').count(), 0);
});

test('a policy alone is not an all-clear: the network checks are listed as not reviewed', async () => {
  // Down to one input (however many earlier tests left), then the policy pasted over it.
  while (await page.locator('.input-row').count() > 1) {
    await harness.analysed(page, () => page.locator('.input-row .remove').first().click());
  }
  await page.click('#show-edit');
  await harness.pasteReplacing(page, QUIET_POLICY);
  assert.equal(await page.locator('.finding').count(), 0);
  const empty = await page.locator('#findings .empty').textContent();
  assert.notEqual(empty, 'No findings in these inputs.');
  assert.match(empty, /^No findings in what was reviewed: \d+ checks did not run for want of an input/);
  const notReviewed = page.locator('#not-reviewed');
  assert.ok(await notReviewed.isVisible());
  for (const rule of ['sg-open-admin-port', 'instance-internet-exposed', 'vpc-flow-logs-disabled', 'rds-publicly-accessible']) {
    assert.ok(await notReviewed.locator(`a[href="rules.html#${rule}"]`).count() === 1, `${rule} is listed as not reviewed`);
  }
  const commands = (await notReviewed.locator('pre').allTextContents()).flatMap((t) => t.split('\n'));
  for (const c of ['aws ec2 describe-security-groups', 'aws ec2 describe-instances', 'aws rds describe-db-instances']) {
    assert.ok(commands.includes(c), `${c} in ${commands}`);
  }
  const all = notReviewed.locator('.nr-all button.copy');
  assert.match(await all.textContent(), /^Copy all \d+ commands$/);
  await all.click();
  const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  assert.deepEqual(copied.toSorted(), [...new Set(commands)].sort(), 'Copy all puts each command once on the clipboard');
  const listed = await notReviewed.locator('.nr-rules li a').evaluateAll((links) => links.map((a) => a.hash.slice(1)));
  const skipped = listed.filter((id) => areas.get(id) === 'network').length;
  assert.match(await page.locator('#summary li', { hasText: 'Network' }).textContent(), new RegExp(`Network${skipped} checks not run0`),
    'the area chart does not show the network as clean');
  assert.match(await page.locator('#snapshot .snap-counts li[data-type="policy documents"]').textContent(), /^policy documents 1$/);
  assert.match(await page.locator('#snapshot .snap-meta').textContent(), /Accountnot given/);
  // The user's choice to fold the list survives the next analysis.
  await notReviewed.locator('summary').click();
  await harness.pasteReplacing(page, QUIET_POLICY.replace('reports', 'logs'));
  assert.equal(await page.locator('#not-reviewed').getAttribute('open'), null);
});

test('a bundle of real AWS outputs is read without an input error and fills the snapshot view', async () => {
  // Real outputs from the corpus (the AWS CLI's own examples), bundled as the collector writes them.
  const dir = path.join(harness.root, 'tests/corpus/describe');
  const real = [
    ['awscli-examples/awscli__ec2__describe-vpcs__ex1.json', 'aws ec2 describe-vpcs'],
    ['awscli-examples/awscli__ec2__describe-subnets__ex1.json', 'aws ec2 describe-subnets'],
    ['awscli-examples/awscli__ec2__describe-route-tables__ex1.json', 'aws ec2 describe-route-tables'],
    ['awscli-examples/awscli__ec2__describe-network-acls__ex1.json', 'aws ec2 describe-network-acls'],
    ['awscli-examples/awscli__ec2__describe-security-groups__ex1.json', 'aws ec2 describe-security-groups'],
    ['awscli-examples/awscli__ec2__describe-instances__ex1.json', 'aws ec2 describe-instances'],
    ['awscli-examples/awscli__ec2__describe-flow-logs__ex1.json', 'aws ec2 describe-flow-logs'],
    ['botocore-examples/botocore__ec2__DescribeInternetGateways__ex1.json', 'aws ec2 describe-internet-gateways'],
    ['botocore-examples/botocore__ec2__DescribeNetworkInterfaces__ex1.json', 'aws ec2 describe-network-interfaces'],
  ];
  const bundle = JSON.stringify({
    bundle: 1, account: '123456789012', region: 'us-east-1', captured: '2026-11-20T10:00:00Z',
    outputs: real.map(([file, command]) => ({ command, output: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) })),
  }, null, 2);
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  const { inventory, report } = posture.analyze([{ name: 'real.json', text: bundle }], {});
  assert.deepEqual(JSON.parse(report).inputs.filter((i) => i.error), [], 'the engine reads every real output');

  await harness.analysed(page, () => page.setInputFiles('#file-input', [{ name: 'real.json', mimeType: 'application/json', buffer: Buffer.from(bundle) }]));
  const others = page.locator('.input-row').filter({ hasNotText: 'real.json' });
  while (await others.count()) await harness.analysed(page, () => others.first().locator('.remove').click());
  assert.equal(await page.locator('.input-row .input-name').textContent(), 'real.json');
  assert.match(await page.locator('.input-row .kind').textContent(), new RegExp(`${real.length} outputs`));
  assert.equal(await page.locator('.input-row.has-error').count(), 0);
  assert.ok(inventory.resources.length >= 7, `resources: ${JSON.stringify(inventory.resources)}`);
  for (const [label, n] of inventory.resources) {
    assert.equal(await page.locator(`#snapshot .snap-counts li[data-type="${label}"] .snap-n`).textContent(), String(n), label);
  }
  assert.match(await page.locator('#snapshot .snap-meta').textContent(), /Account123456789012Regionus-east-1/);
});

test('nothing left the origin and nothing went wrong', async () => {
  assert.ok(requests.some((url) => url.endsWith(`/www/samples/${SAMPLE}`)));
  assert.deepEqual(harness.foreign(requests, origin), []);
  assert.deepEqual(problems, []);
});
