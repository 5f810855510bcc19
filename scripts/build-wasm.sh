#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-bindgen --target web, then wasm-opt -Oz).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --quiet --lib --profile wasm --target wasm32-unknown-unknown --no-default-features
wasm-bindgen --target web --no-typescript --out-dir pkg target/wasm32-unknown-unknown/wasm/posture.wasm
# npm binaryen, never Debian's (its v108 breaks wasm-bindgen's externref table).
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/posture_bg.wasm -o pkg/posture_bg.wasm
printf '[build] pkg/posture_bg.wasm: %s bytes (%s gzip)\n' \
  "$(wc -c < pkg/posture_bg.wasm)" "$(gzip -9c pkg/posture_bg.wasm | wc -c)" >&2
