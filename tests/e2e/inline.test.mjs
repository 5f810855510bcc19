// Code spans as CommonMark reads them (spec 0.31, section 6.1), for the engine's messages that
// quote a value holding backticks in a longer backtick run. No browser: render.js's `spans`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spans } from '../../www/render.js';

const code = (text) => spans(text).filter((s) => s.type === 'code').map((s) => s.text);

test('a run of N backticks closes only on a run of exactly N', () => {
  assert.deepEqual(code('statement `` a`b `` allows'), ['a`b']);
  assert.deepEqual(code('``` x `` y ```'), ['x `` y']);
  assert.deepEqual(code('`a` and `b`'), ['a', 'b']);
  assert.deepEqual(spans('`a` and `b`').map((s) => s.type), ['code', 'text', 'code']);
});

test('one leading and one trailing space are stripped only when both are there', () => {
  assert.deepEqual(code('`` `x` ``'), ['`x`']);
  assert.deepEqual(code('`  two  `'), [' two ']);
  assert.deepEqual(code('` a`'), [' a']);
  assert.deepEqual(code('`   `'), ['   '], 'only spaces stay as they are');
  assert.deepEqual(code('`a\nb`'), ['a b'], 'line endings become spaces');
});

test('an unclosed run is literal text, and a later run may still open a span', () => {
  assert.deepEqual(spans('Sid ``x` `y`'), [{ type: 'text', text: 'Sid ``x' }, { type: 'code', text: ' ' }, { type: 'text', text: 'y`' }]);
  assert.deepEqual(code('a ` b'), []);
  assert.equal(spans('a ` b').map((s) => s.text).join(''), 'a ` b');
  assert.deepEqual(code('``` only'), []);
});

test('text round-trips: nothing is lost outside the delimiters', () => {
  const message = 'statement `Allow*` in `policy.json` allows `` `*` `` on `*`';
  assert.equal(spans(message).map((s) => s.text).join('|'), 'statement |Allow*| in |policy.json| allows |`*`| on |*');
});

test('emphasis and links only in rich text, never inside code', () => {
  assert.deepEqual(spans('the *self-escalation* methods').map((s) => s.type), ['text']);
  assert.deepEqual(spans('the *self-escalation* methods', { rich: true }), [
    { type: 'text', text: 'the ' }, { type: 'em', text: 'self-escalation' }, { type: 'text', text: ' methods' },
  ]);
  assert.deepEqual(spans('`*x*` and **y**', { rich: true }).map((s) => [s.type, s.text]), [['code', '*x*'], ['text', ' and '], ['strong', 'y']]);
  assert.deepEqual(spans('see [AWS](https://docs.aws.amazon.com/x) or [no](javascript:alert(1))', { rich: true }).map((s) => s.type), ['text', 'link', 'text']);
});

test('linear: a long run of unmatched backticks is quick', () => {
  const started = performance.now();
  spans('`'.repeat(1) + ' ``'.repeat(100_000));
  spans('a`'.repeat(200_000));
  assert.ok(performance.now() - started < 5000, 'quadratic time would take minutes');
});
