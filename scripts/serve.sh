#!/usr/bin/env bash
# Builds the wasm and serves the page on http://127.0.0.1:8080/ (PORT overrides the port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
port="${PORT:-8080}"
echo "Posture: http://127.0.0.1:${port}/  (Ctrl+C stops)" >&2
exec python3 -m http.server "$port" --bind 127.0.0.1
