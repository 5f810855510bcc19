// The wasm build (pkg/, as the page loads it) and the native CLI give the same JSON report,
// byte for byte, on every fixture and on several inputs at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const fixtures = join(root, 'tests/fixtures');
const cli = join(root, 'target/debug/posture');

const wasm = await import(join(root, 'pkg/posture.js'));
wasm.initSync({ module: readFileSync(join(root, 'pkg/posture_bg.wasm')) });

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []);
}

// One "now" for both sides: the CLI otherwise takes the clock, and age-based checks (and their
// notes when no time is known) would differ for a reason that is not the build.
const NOW = '2026-11-20T10:00:00Z';

function native(names) {
  try {
    return execFileSync(cli, ['check', '--format', 'json', '--now', NOW, ...names], { cwd: fixtures, encoding: 'utf8' });
  } catch (e) {
    return e.stdout; // exit status 1 or 2 still prints the report
  }
}

function viaWasm(names) {
  const inputs = names.map((name) => ({ name, text: readFileSync(join(fixtures, name), 'utf8') }));
  const result = wasm.analyze(inputs, { now: NOW });
  assert.equal(result.error, undefined);
  return result.report;
}

test('the CLI binary exists', () => assert.ok(existsSync(cli), 'run `cargo build` first'));

test('wasm and native reports are identical on every fixture', () => {
  const names = files(fixtures).map((f) => relative(fixtures, f)).sort();
  assert.ok(names.length > 30);
  for (const name of names) assert.equal(viaWasm([name]), native([name]), name);
});

test('wasm and native reports are identical on a multi-input snapshot', () => {
  const names = files(fixtures).map((f) => relative(fixtures, f)).sort().slice(0, 12);
  assert.equal(viaWasm(names), native(names));
});
