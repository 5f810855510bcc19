#!/usr/bin/env bash
# Account IAM benchmark (PRODUCT.md: at least 100x faster than `cloudsplaining scan` on the
# 20 MB authorization details): Posture (release CLI, one process, best of ROUNDS) against
# cloudsplaining 0.9.1 (installed into .bench/venv; one run each, it takes minutes) on
# cloudsplaining's own example (tests/corpus/authz/) and on that example replicated 64 times by
# scripts/make_synthetic_authz.py (~20 MB, written to .bench/memory/authz-x64.json once).
# Prints a table for the README.
#
# Usage: scripts/bench-authz.sh [ROUNDS]     (CLOUDSPLAINING=0 skips cloudsplaining)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
cs_version=0.9.1
example=tests/corpus/authz/cloudsplaining__examples_files_example.json
big=.bench/memory/authz-x64.json
mkdir -p .bench/memory .bench/cloudsplaining
[ -f "$big" ] || python3 scripts/make_synthetic_authz.py "$example" "$big" 64
cargo build --quiet --release --bin posture

if [ "${CLOUDSPLAINING:-1}" != 0 ] && ! .bench/venv/bin/python -c \
    "import importlib.metadata as m, sys; sys.exit(m.version('cloudsplaining') != '$cs_version')" 2>/dev/null; then
  echo "[bench] installing cloudsplaining $cs_version into .bench/venv" >&2
  [ -x .bench/venv/bin/pip ] || python3 -m venv .bench/venv
  .bench/venv/bin/pip install --quiet --disable-pip-version-check "cloudsplaining==$cs_version" >&2
fi

# seconds CMD...: wall time of one run of CMD, in seconds with milliseconds.
seconds() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.3f", ns / 1e9 }'
}
best() {
  local rounds=$1 best=999999 t
  shift
  for _ in $(seq "$rounds"); do
    t=$(seconds "$@")
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (a < b) ? a : b }')
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| input | size | Posture (best of $rounds) | cloudsplaining $cs_version scan | ratio |"
echo "|---|---|---|---|---|"
for input in "$example" "$big"; do
  size=$(awk -v b="$(wc -c < "$input")" 'BEGIN { printf "%.1f MB", b / 1e6 }')
  posture=$(best "$rounds" target/release/posture check --format json "$input")
  if [ "${CLOUDSPLAINING:-1}" != 0 ]; then
    out=.bench/cloudsplaining/$(basename "$input" .json)
    rm -rf "$out" && mkdir -p "$out"
    cs=$(seconds .bench/venv/bin/cloudsplaining scan --input-file "$input" --output "$out" --skip-open-report)
    ratio=$(awk -v a="$cs" -v b="$posture" 'BEGIN { printf "%.0f×", a / b }')
  else
    cs=–; ratio=–
  fi
  echo "| $(basename "$input") | $size | ${posture} s | ${cs} s | $ratio |"
done
