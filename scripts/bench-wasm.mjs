// Times the wasm build (pkg/) in Node on a directory of JSON files, analysed as one snapshot
// as the page does. Usage: node scripts/bench-wasm.mjs DIR [ROUNDS]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, rounds = '5'] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const wasm = await import(join(root, 'pkg/posture.js'));
wasm.initSync({ module: readFileSync(join(root, 'pkg/posture_bg.wasm')) });
const inputs = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
let best = Infinity;
for (let i = 0; i < Number(rounds); i++) {
  const start = performance.now();
  const result = wasm.analyze(inputs, {});
  JSON.parse(result.report);
  best = Math.min(best, performance.now() - start);
}
console.log(`wasm_node_analyze_ms\t${best.toFixed(1)}`);
