#!/usr/bin/env bash
# Builds the static site into dist/: the page and the rules reference for any static host (under
# any subpath), and dist/posture.html, the page in one file for use from disk. Prints the sizes
# and posture.html's SHA-256; dist/SHA256SUMS lists every file's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
node scripts/build-site.mjs
