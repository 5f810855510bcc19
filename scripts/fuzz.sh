#!/usr/bin/env bash
# Fuzzes the readers of untrusted text with cargo-fuzz (libFuzzer) on stable Rust.
#
#   scripts/fuzz.sh [TARGET|all] [RUNS]
#
# TARGET is one of json, read_policy, read_credential_report, read_bundle (the readers alone),
# policy, credential_report, bundle, analyze (the same inputs through the whole analysis and
# every report format) (default: all, one after the other); RUNS is libFuzzer's -runs (default 10000000). cargo-fuzz is installed if missing.
# Each target's corpus (fuzz/corpus/TARGET, not committed) is seeded on first use from
# tests/fixtures, the real AWS outputs in tests/corpus and the Unicode seeds in fuzz/seeds. A crash leaves its input in
# fuzz/artifacts/TARGET and stops the script. Extra libFuzzer flags: FUZZ_FLAGS="-max_len=…".
set -euo pipefail
cd "$(dirname "$0")/.."

all=(json read_policy read_credential_report read_bundle policy credential_report bundle analyze)
target=${1:-all}
runs=${2:-10000000}
if [[ $target == all ]]; then targets=("${all[@]}"); else targets=("$target"); fi

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

corpus=tests/corpus

seed() {
    local dir=fuzz/corpus/$1
    mkdir -p "$dir"
    [[ -n $(ls -A "$dir") ]] && return
    local pattern='*.json'
    # The credential report target takes the CSV body that follows the header line.
    [[ $1 == *credential_report ]] && pattern='*.csv'
    find tests/fixtures "$corpus" fuzz/seeds -type f -name "$pattern" 2>/dev/null | while read -r f; do
        cp "$f" "$dir/$(echo "${f#../}" | tr '/' '_')"
    done
    if [[ $1 == *credential_report ]]; then
        find "$corpus" fuzz/seeds -type f -name '*.json' -path '*credential*' 2>/dev/null | while read -r f; do
            cp "$f" "$dir/$(echo "${f#../}" | tr '/' '_')"
        done
    fi
    echo "seeded $dir with $(ls -A "$dir" | wc -l) files"
}

cd fuzz
for t in "${targets[@]}"; do
    (cd .. && seed "$t")
    start=$(date +%s)
    # No sanitizer (stable Rust); debug assertions on, so arithmetic overflow is a crash too.
    # -max_len bounds a generated input (seeds larger than it are truncated when mutated).
    # shellcheck disable=SC2086
    cargo fuzz run --sanitizer none --debug-assertions "$t" -- \
        -runs="$runs" -dict=aws.dict -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 ${FUZZ_FLAGS:-}
    # -max_total_time may stop libFuzzer before RUNS: its "Done N runs" line above is the count.
    echo "$t: stopped after $(( $(date +%s) - start )) s (asked for $runs runs)"
done
