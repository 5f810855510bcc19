// The page's simulator (wasm `simulate`, as pkg/ is loaded by the page) and `posture simulate`
// give the same answer and explanation, byte for byte, in JSON and in text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const dir = join(root, 'tests/node/simulate');
const cli = join(root, 'target/debug/posture');

const wasm = await import(join(root, 'pkg/posture.js'));
wasm.initSync({ module: readFileSync(join(root, 'pkg/posture_bg.wasm')) });

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const APP = 'arn:aws:iam::111122223333:role/app';

// [what it shows, files (relative to tests/node/simulate), question, expected decision]
const CASES = [
  ['allow', ['identity.json'], { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' }, 'allow'],
  ['explicit deny', ['identity.json'], { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/secret/k' }, 'explicit-deny'],
  ['implicit deny', ['identity.json'], { action: 's3:DeleteObject', resource: 'arn:aws:s3:::reports/q1.csv' }, 'implicit-deny'],
  ['condition met by context keys, one multivalued', ['identity.json'], {
    action: 's3:PutObject', resource: 'arn:aws:s3:::uploads/x',
    context: ['aws:SourceIp=203.0.113.7', 'aws:TagKeys=project', 'aws:TagKeys=owner'],
  }, 'allow'],
  ['condition failed by a context key', ['identity.json'], {
    action: 's3:PutObject', resource: 'arn:aws:s3:::uploads/x', context: ['aws:SourceIp=198.51.100.1'],
  }, 'implicit-deny'],
  ['condition with a key missing from the context', ['identity.json'], { action: 's3:PutObject', resource: 'arn:aws:s3:::uploads/x' }, 'implicit-deny'],
  ['principal named by a bucket policy inside a JSON string', ['get-bucket-policy.json'], {
    principal: APP, action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a',
  }, 'allow'],
  ['principal not named by the bucket policy', ['get-bucket-policy.json'], {
    principal: 'arn:aws:iam::111122223333:role/other', action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a',
  }, 'implicit-deny'],
  ['bucket policy deny on a context key', ['get-bucket-policy.json'], {
    principal: APP, action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a', context: ['aws:SecureTransport=false'],
  }, 'explicit-deny'],
  ['account principal delegates: an identity policy must allow too; non-ASCII text before', ['bucket-policy.json'], {
    principal: 'arn:aws:iam::444455556666:role/x', action: 's3:PutObject', resource: 'arn:aws:s3:::drop/444455556666/x',
  }, 'implicit-deny'],
  ['user principal and ${aws:PrincipalAccount}, non-ASCII text before', ['bucket-policy.json'], {
    principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::drop/111122223333/x',
  }, 'allow'],
  ['anonymous principal', ['bucket-policy.json'], { principal: '*', action: 's3:GetObject', resource: 'arn:aws:s3:::drop/public/a' }, 'allow'],
  ['policy variable ${aws:username} from the principal', ['identity.json'], {
    principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt',
  }, 'allow'],
  ['policy variable ${aws:username}: someone else\'s home', ['identity.json'], {
    principal: 'arn:aws:iam::111122223333:user/bob', action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt',
  }, 'implicit-deny'],
  ['policy variable ${aws:username} without a value: the element matches nothing', ['identity.json'], {
    action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt',
  }, 'implicit-deny'],
  ['policy variable ${aws:username} from the context', ['identity.json'], {
    action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt', context: ['aws:username=alice'],
  }, 'allow'],
  ['several files at once', ['identity.json', 'bucket-policy.json', 'get-bucket-policy.json'], {
    principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::drop/111122223333/x',
  }, 'allow'],
  ['a fixture with two conditions', ['../../fixtures/admin-access/clean/condition-restricted.json'], {
    action: 'ec2:TerminateInstances', resource: '*', context: ['aws:MultiFactorAuthPresent=true', 'aws:SourceIp=203.0.113.9'],
  }, 'allow'],
  ['an action not in the catalogue', ['identity.json'], { action: 's3:GetObjekt', resource: 'arn:aws:s3:::reports/q1.csv' }, 'implicit-deny'],
];

function args(q, format) {
  const out = ['simulate', '--format', format, '--action', q.action, '--resource', q.resource];
  if (q.principal !== undefined) out.push('--principal', q.principal);
  for (const pair of q.context ?? []) out.push('--context', pair);
  return out;
}

function native(files, q, format) {
  const run = spawnSync(cli, [...args(q, format), ...files], { cwd: dir, encoding: 'utf8' });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

function viaWasm(files, q) {
  const inputs = files.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  return { inputs, out: wasm.simulate(inputs, q) };
}

/** 1-based line and UTF-16 column of UTF-16 offset `at`. */
function lineColumn(text, at) {
  const before = text.slice(0, at);
  return [before.split('\n').length, at - before.lastIndexOf('\n')];
}

test('the CLI binary exists', () => assert.ok(existsSync(cli), 'run `cargo build` first'));

for (const [what, files, q, decision] of CASES) {
  test(`simulate, ${what}: wasm = CLI`, () => {
    const { inputs, out } = viaWasm(files, q);
    assert.equal(out.error, undefined, out.error);
    const json = native(files, q, 'json');
    assert.equal(json.status, decision === 'allow' ? 0 : 1, json.stderr);
    assert.equal(out.result, json.stdout, 'JSON result');
    assert.equal(out.text, native(files, q, 'text').stdout, 'text');

    const result = JSON.parse(out.result);
    assert.equal(result.decision, decision);
    assert.ok(result.statements.some((s) => s.reasons.length), 'statements carry reasons');
    // Each range starts at the statement's reported line and column, on its `{`.
    assert.equal(out.ranges.length, result.statements.length);
    result.statements.forEach((s, i) => {
      const text = inputs.find((input) => input.name === s.input).text;
      const [start, end] = out.ranges[i];
      assert.ok(start < end && end <= text.length, `${s.statement}: range ${start}..${end}`);
      assert.deepEqual(lineColumn(text, start), [s.location.line, s.location.column], `${s.statement} in ${s.input}`);
      assert.equal(text[start], '{', s.statement);
    });
  });
}

test('a policy variable without a value is named, with the context key that would give it', () => {
  const { out } = viaWasm(['identity.json'], { action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt' });
  const result = JSON.parse(out.result);
  assert.equal(result.decision, 'implicit-deny');
  assert.deepEqual(result.assumptions, []);
  assert.ok(result.notes.some((n) => n.includes('`--context aws:username=VALUE`')), result.notes.join('\n'));
});

test('a bad question is the same message from wasm and the CLI', () => {
  const bad = [
    { action: 's3:Get*', resource: '*' },
    { action: 's3:GetObject', resource: '' },
    { principal: 'bob', action: 's3:GetObject', resource: '*' },
    { action: 's3:GetObject', resource: '*', context: ['SourceIp=1.2.3.4'] },
  ];
  for (const q of bad) {
    const { out } = viaWasm(['identity.json'], q);
    assert.equal(typeof out.error, 'string', JSON.stringify(q));
    const run = native(['identity.json'], q, 'json');
    assert.equal(run.status, 2, JSON.stringify(q));
    assert.equal(run.stdout, '');
    assert.ok(run.stderr.startsWith(`posture: simulate: ${out.error}\n`), `${run.stderr} vs ${out.error}`);
  }
  const { out } = viaWasm(['identity.json'], { action: 's3:GetObject', resource: '*', context: ['novalue'] });
  assert.equal(out.error, '`novalue` is not `key=value`');
});
