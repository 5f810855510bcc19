// End-to-end tests of the role graph (issue 13): on the attack-path sample, a role chain's
// finding centres the graph on its first principal and highlights every hop; nodes are
// focusable and re-centre on Enter; on an account of 1,000+ roles only the neighbourhood is
// drawn (a bounded number of SVG nodes); names are text, never markup.
// node --test tests/e2e/ (needs pkg/ and /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import * as harness from './harness.mjs';

const SAMPLE = 'attack-path-snapshot.json';
const sampleText = readFileSync(path.join(harness.root, 'www/samples', SAMPLE), 'utf8');
const XSS = '<img src=x onerror=alert(1)>';
const ACC = '111122223333';
const ROLES = 1000;
const USERS = 100;
const COLUMN = 12; // www/rolegraph.js: nodes drawn per column
const CHAIN_ROLES = 15;

const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const assume = (Resource) => [{ PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource }) }];
const trustRoot = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACC}:root` }, Action: 'sts:AssumeRole' });

/**
 * ROLES roles trusting the account root (`r999` administrator), USERS users allowed on
 * `role/r*` (each may assume every role: 100,000 steps), one user allowed on `*`, and a role
 * whose name is markup.
 */
function bigAccount() {
  const users = [];
  for (let u = 0; u < USERS; u++) {
    users.push({ UserName: `u${u}`, Arn: `arn:aws:iam::${ACC}:user/u${u}`, GroupList: [], AttachedManagedPolicies: [],
      UserPolicyList: assume(`arn:aws:iam::${ACC}:role/r*`) });
  }
  users.push({ UserName: 'star', Arn: `arn:aws:iam::${ACC}:user/star`, GroupList: [], AttachedManagedPolicies: [], UserPolicyList: assume('*') });
  const roles = [];
  for (let r = 0; r < ROLES; r++) {
    roles.push({ RoleName: `r${r}`, Arn: `arn:aws:iam::${ACC}:role/r${r}`, AssumeRolePolicyDocument: trustRoot, RolePolicyList: [],
      AttachedManagedPolicies: r === ROLES - 1 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : [] });
  }
  // A chain of CHAIN_ROLES roles from user `chainer` to the administrator `c{CHAIN_ROLES - 1}`.
  users.push({ UserName: 'chainer', Arn: `arn:aws:iam::${ACC}:user/chainer`, GroupList: [], AttachedManagedPolicies: [], UserPolicyList: assume(`arn:aws:iam::${ACC}:role/c0`) });
  for (let c = 0; c < CHAIN_ROLES; c++) {
    const caller = c === 0 ? `arn:aws:iam::${ACC}:user/chainer` : `arn:aws:iam::${ACC}:role/c${c - 1}`;
    roles.push({ RoleName: `c${c}`, Arn: `arn:aws:iam::${ACC}:role/c${c}`,
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: caller }, Action: 'sts:AssumeRole' }),
      RolePolicyList: c + 1 < CHAIN_ROLES ? assume(`arn:aws:iam::${ACC}:role/c${c + 1}`) : [],
      AttachedManagedPolicies: c + 1 === CHAIN_ROLES ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : [] });
  }
  roles.push({ RoleName: XSS, Arn: `arn:aws:iam::${ACC}:role/xss`, AssumeRolePolicyDocument: trustRoot, RolePolicyList: [], AttachedManagedPolicies: [] });
  return JSON.stringify({ UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: [] });
}

let page;
let problems;
let dialogs;
let requests;
let origin;
let close;
let expected;

before(async () => {
  const posture = await import(pathToFileURL(path.join(harness.root, 'pkg/posture.js')));
  posture.initSync({ module: readFileSync(path.join(harness.root, 'pkg/posture_bg.wasm')) });
  const out = posture.analyze([{ name: SAMPLE, text: sampleText }], {});
  expected = { ...out, report: JSON.parse(out.report) };
  ({ page, problems, dialogs, requests, origin, close } = await harness.openPage());
  await page.waitForFunction(() => document.getElementById('report').dataset.generation !== '0');
  await harness.analysed(page, () => page.click(`[data-sample="${SAMPLE}"]`));
});

after(() => close?.());

const centre = () => page.locator('#role-graph .rg-node.rg-centre');
const nodeNamed = (name) => page.locator('#role-graph .rg-node').filter({ has: page.locator('.rg-name', { hasText: new RegExp(`^${name}$`) }) });

test('the engine finds the sample role chain and sends the graph', () => {
  const chain = expected.report.findings.find((f) => f.rule === 'role-chain-to-admin' && f.resource === 'developer');
  assert.ok(chain, 'role-chain-to-admin fires on the sample');
  assert.match(chain.message, /in 2 steps/);
  const g = expected.inventory.role_graph;
  assert.ok(g.nodes.length >= 4 && g.edges.length >= 3, JSON.stringify(g));
});

test('the graph is shown, centred on the first principal with a chain', async () => {
  assert.ok(await page.locator('#role-graph').isVisible());
  assert.match(await centre().locator(':scope > title').textContent(), /^user developer/);
  assert.match(await page.locator('#role-graph .rg-chain-line').textContent(), /user developer → role deploy → role break-glass/);
});

test("a role chain's finding highlights every hop of its chain", async () => {
  const item = page.locator('#attack-paths .attack-path[data-rule="role-chain-to-admin"]').filter({ hasText: 'user developer can become' });
  // Centre elsewhere first, so that the finding's selection is what brings the chain back.
  await nodeNamed('deploy').click();
  assert.match(await centre().locator(':scope > title').textContent(), /^role deploy/);
  await item.locator('.rg-link').click();
  assert.match(await centre().locator(':scope > title').textContent(), /^user developer/);
  const steps = await page.locator('#role-graph .rg-node.rg-on-chain').evaluateAll((ns) =>
    ns.map((n) => [Number(n.dataset.step), n.querySelector('.rg-name').textContent]).sort((a, b) => a[0] - b[0]));
  assert.deepEqual(steps, [[0, 'developer'], [1, 'deploy'], [2, 'break-glass']]);
  assert.equal(await page.locator('#role-graph .rg-edge.rg-on-chain').count(), 2, 'both arrows of the chain');
  const last = nodeNamed('break-glass');
  assert.ok(await last.evaluate((n) => n.classList.contains('rg-admin')), 'the target is marked admin-capable');
  assert.match(await last.locator('.rg-kind').textContent(), /admin/, 'by a label, not by colour alone');
  assert.match(await last.locator(':scope > title').textContent(), /^role · admin · step 2 break-glass, admin-capable: administrator access/);
  const first = page.locator('#role-graph .rg-edge.rg-on-chain').first();
  assert.match(await first.locator('title').textContent(), /aws:MultiFactorAuthPresent/, "the step's condition is told");
  assert.ok(await first.evaluate((n) => n.classList.contains('rg-conditional')));
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('rg-centre')), true, 'the focus goes to the graph');
  // Selecting a hop of the finding selects the chain too.
  await nodeNamed('break-glass').click();
  await item.locator('button.hop').first().click();
  assert.match(await centre().locator(':scope > title').textContent(), /^user developer/);
});

test('keyboard: one Tab stop, the arrow keys move between nodes, Enter centres', async () => {
  const tabbable = await page.locator('#role-graph .rg-node[tabindex="0"]').count();
  assert.equal(tabbable, 1, 'only the selected node is a Tab stop');
  await centre().focus();
  await page.keyboard.press('ArrowRight');
  assert.match(await page.evaluate(() => document.activeElement?.querySelector(':scope > title')?.textContent ?? ''), /^role · step 1 deploy/);
  await page.keyboard.press('Enter');
  assert.match(await centre().locator(':scope > title').textContent(), /^role deploy/);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('rg-centre')), true);
  const callers = await page.locator('#role-graph .rg-node:not(.rg-centre)').evaluateAll((ns) => ns.map((n) => n.querySelector('.rg-name').textContent));
  assert.ok(callers.includes('developer') && callers.includes('break-glass'), `${callers}`);
});

test("a principal's row in the principals view leads to the graph", async () => {
  const row = page.locator('#principals .pr-table tbody tr').filter({ has: page.locator('td:first-child code', { hasText: /^break-glass$/ }) });
  await row.locator('.pr-graph').click();
  assert.match(await centre().locator(':scope > title').textContent(), /^role · admin break-glass/);
  const reader = page.locator('#principals .pr-table tbody tr').filter({ has: page.locator('td:first-child code', { hasText: /^reader$/ }) });
  assert.equal(await reader.locator('.pr-graph').count(), 0, 'a user on no step has no link');
});

test('a caller allowed on * reaches the roles trusting its account through one node', async () => {
  await page.fill('#role-graph .rg-search', 'user/ci');
  await page.press('#role-graph .rg-search', 'Enter');
  assert.match(await centre().locator(':scope > title').textContent(), /^user ci/);
  const chain = await page.locator('#role-graph .rg-node.rg-on-chain').evaluateAll((ns) => ns.map((n) => n.querySelector(':scope > title').textContent));
  assert.equal(chain.length, 3);
  assert.ok(chain.some((l) => l.startsWith("account root · step 1 123456789012 — any role trusting account 123456789012's root")), `${chain}`);
  assert.match(await page.locator('#role-graph .rg-edge.rg-star title').first().textContent(), /sts:AssumeRole on \*/);
});

test('the graph passes axe-core, in light and dark mode', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).include('#role-graph')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${colorScheme}: ${v.id}: ${v.help} ${v.nodes.map((n) => `${n.target} ${n.failureSummary} ${JSON.stringify(n.any.map((c) => c.data))}`).join(' ')}`), []);
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test('an account of 1,000+ roles draws only the neighbourhood', async () => {
  await harness.analysed(page, () => page.click('#clear-all'));
  await harness.analysed(page, () => page.setInputFiles('#file-input', [
    { name: 'big-authz.json', mimeType: 'application/json', buffer: Buffer.from(bigAccount()) },
  ]));
  assert.ok(await page.locator('#role-graph').isVisible());
  const count = () => page.evaluate(() => ({
    nodes: document.querySelectorAll('#role-graph .rg-node').length,
    more: [...document.querySelectorAll('#role-graph .rg-more text')].map((t) => t.textContent),
    svg: document.querySelectorAll('#role-graph svg *').length,
  }));
  // A user that may assume every role: 12 drawn, the rest counted.
  await page.fill('#role-graph .rg-search', 'user/u7');
  await page.press('#role-graph .rg-search', 'Enter');
  assert.match(await centre().locator(':scope > title').textContent(), /^user u7/);
  assert.match(await page.locator('#role-graph .rg-caption').textContent(), /it may assume 1,000\./, 'the count includes the steps past the cap');
  let drawn = await count();
  assert.ok(drawn.nodes <= 1 + 3 * COLUMN, `${drawn.nodes} nodes`);
  assert.ok(drawn.more.some((t) => /^\+\d[\d,]* more$/.test(t)), `${drawn.more}`);
  assert.ok(drawn.svg < 800, `${drawn.svg} SVG elements`);
  // The administrator role, which every user may assume: still a bounded drawing.
  await page.fill('#role-graph .rg-search', `role/r${ROLES - 1}`);
  await page.press('#role-graph .rg-search', 'Enter');
  assert.match(await centre().locator(':scope > title').textContent(), new RegExp(`^role · admin r${ROLES - 1}, admin-capable`));
  drawn = await count();
  assert.ok(drawn.nodes <= 1 + 3 * COLUMN, `${drawn.nodes} nodes`);
  assert.ok(drawn.more.some((t) => /^\+\d[\d,]* more$/.test(t)), 'callers past the cap are counted');
  assert.ok(drawn.svg < 800, `${drawn.svg} SVG elements`);
  // Re-centring on each of 20 nodes in a row keeps the page to the same bound.
  for (let i = 0; i < 20; i++) {
    const next = page.locator('#role-graph .rg-node:not(.rg-centre)').first();
    await next.focus();
    await page.keyboard.press('Enter');
    drawn = await count();
    assert.ok(drawn.svg < 800, `${drawn.svg} SVG elements after ${i + 1} re-centrings`);
  }
  const graphNodes = await page.evaluate(() => document.querySelectorAll('#role-graph *').length);
  assert.ok(graphNodes < 1200, `${graphNodes} DOM nodes in the role graph`);
});

test('a long chain is drawn to its end, its middle counted', async () => {
  await page.fill('#role-graph .rg-search', 'user/chainer');
  await page.press('#role-graph .rg-search', 'Enter');
  const steps = await page.locator('#role-graph .rg-node.rg-on-chain').evaluateAll((ns) => ns.map((n) => Number(n.dataset.step)));
  // The user, two steps beside the neighbourhood, 9 more, "… 3 more steps", the last role.
  assert.deepEqual(steps.sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, CHAIN_ROLES]);
  assert.ok(await page.locator('#role-graph .rg-more text', { hasText: '… 3 more steps' }).isVisible());
  assert.equal(await page.locator('#role-graph .rg-edge.rg-on-chain').count(), 11);
  const last = page.locator(`#role-graph .rg-node[data-step="${CHAIN_ROLES}"]`);
  assert.match(await last.locator(':scope > title').textContent(), new RegExp(`^role · admin · step ${CHAIN_ROLES} c${CHAIN_ROLES - 1}, admin-capable`));
  assert.match(await page.locator('#role-graph .rg-chain-line').textContent(), new RegExp(`\\(${CHAIN_ROLES} arrows\\)`));
});

test('a role named as markup is shown as text', async () => {
  await page.fill('#role-graph .rg-search', 'role/xss');
  const match = page.locator('#role-graph .rg-matches button').first();
  assert.equal(await match.textContent(), `role ${XSS}`);
  await match.click();
  assert.ok((await centre().locator(':scope > title').textContent()).includes(`role ${XSS}`));
  assert.ok((await centre().locator('.rg-name').textContent()).startsWith('<img src=x'));
  assert.equal(await page.locator('#role-graph img').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(harness.foreign(requests, origin), []);
  assert.deepEqual(problems, []);
});
