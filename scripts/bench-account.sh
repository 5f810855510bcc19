#!/usr/bin/env bash
# Account-scale benchmark (PRODUCT.md's budgets for a whole-account snapshot): generates a
# synthetic bundle of realistic shape with scripts/gen-account.py (20,000 instances, 5,000
# security groups, 2,000 subnets, route tables and ACLs: ~107 MB) into .bench/account/, then
# prints the native analysis time against the serde_json parse floor of the same bytes, the
# CLI's peak resident memory against the input size, and the wasm build in Node.
#
# Usage: scripts/bench-account.sh [ROUNDS]     (needs pkg/ from scripts/build-wasm.sh for the wasm line)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
dir=.bench/account
mkdir -p "$dir"
[ -f "$dir/account.json" ] || python3 scripts/gen-account.py "$dir/account.json"
bytes=$(wc -c < "$dir/account.json")
cargo build --quiet --release --example bench --bin posture
echo "## account-scale snapshot ($((bytes / 1000000)) MB, one bundle)"
core=$(target/release/examples/bench "$dir" "$rounds")
echo "$core"
peak_kb=$(python3 - target/release/posture check --format json "$dir/account.json" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
awk -v kb="$peak_kb" -v b="$bytes" 'BEGIN { printf "cli_peak_rss_mb\t%.0f\npeak_rss_over_input\t%.1f x\t(budget: under 10 x)\n", kb / 1024, kb * 1024 / b }'
if [ -f pkg/posture_bg.wasm ]; then
  wasm=$(node --max-old-space-size=8192 scripts/bench-wasm.mjs "$dir" "$rounds")
  echo "$wasm"
  native_ms=$(awk -F'\t' '$1 == "posture_analyze_ms" { print $2 }' <<<"$core")
  wasm_ms=$(awk -F'\t' '{ print $2 }' <<<"$wasm")
  awk -v w="$wasm_ms" -v n="$native_ms" 'BEGIN { printf "wasm_over_native\t%.1f x\t(budget: within 2 x)\n", w / n }'
  # The page in headless Chromium: the file chosen with the picker, until the findings show.
  [ -x /usr/bin/chromium ] && node scripts/bench-page.mjs "$dir/account.json"
fi
