#!/usr/bin/env bash
# Role graph benchmark (issue 13): `role-chain-to-admin` and the role graph it builds from the
# same steps (README, "Role chains on a large account"), in a release build, on
#   - the 20 MB authorization details (cloudsplaining's example replicated 64 times by
#     scripts/make_synthetic_authz.py, written to .bench/memory/authz-x64.json once), and
#   - generated accounts of 1,000 and 5,000 roles (tests/role_chain.rs: users allowed on every
#     role, roles trusting the account root, and a 400-role chain).
# Each line gives the whole analysis with and without the rule, the rule alone (which builds
# the graph), and the graph's size: nodes, edges, bytes of JSON sent to the page.
# The page side (only the neighbourhood drawn) is measured by tests/e2e/role-graph.test.mjs.
#
# Usage: scripts/bench-role-graph.sh [--debug]     (--debug: the debug build, to try the script)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=(--release)
[ "${1:-}" = --debug ] && profile=()
example=tests/corpus/authz/cloudsplaining__examples_files_example.json
big=.bench/memory/authz-x64.json
mkdir -p .bench/memory
[ -f "$big" ] || python3 scripts/make_synthetic_authz.py "$example" "$big" 64

# Built first, one job at a time: with `crate-type = ["cdylib", "rlib"]` and LTO, a release test
# build writes the library twice under one name (cargo#6313), and two jobs writing it at once
# once left a broken rlib behind.
cargo test --quiet "${profile[@]}" --test role_chain --no-run -j 1 2>/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); build: ${profile[*]:-debug}"
# users,roles trusting the root,chain: 1,000 and 5,000 roles in all.
for scale in 1000,600,400 3000,4600,400; do
  POSTURE_CHAIN_SCALE=$scale cargo test --quiet "${profile[@]}" --test role_chain quadratic -- --nocapture 2>&1 |
    grep '^role-chain-to-admin' || { echo "bench-role-graph: the run at $scale failed" >&2; exit 1; }
done
POSTURE_AUTHZ=$big cargo test --quiet "${profile[@]}" --test role_chain corpus -- --nocapture 2>&1 |
  grep '^role-chain-to-admin' || { echo "bench-role-graph: the 20 MB run failed" >&2; exit 1; }
