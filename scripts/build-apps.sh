#!/usr/bin/env bash
# Release builds of both front ends: the shopper's app into dist/ (checked against its
# first-load byte budget) and the back office into dist-console/ (served under /console/),
# each precompressed (.br, .gz) for the server. Expects the toolchain (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# Trunk's wasm-bindgen output folder is shared by both apps: start the shopper's build without
# the console's snippets (a warm tree then counts the same bytes as a clean clone).
rm -rf target/wasm-bindgen/release/snippets
(cd apps/shop && trunk build --release --offline --features csr)
node scripts/minify-js.mjs dist
LANGUAGES='ja zh-Hans en' node scripts/size-budget.mjs dist
node scripts/precompress.mjs dist

# Trunk's wasm-bindgen output folder is shared by both apps; drop the shopper app's JavaScript
# snippets so the console does not copy (and preload) them.
rm -rf target/wasm-bindgen/release/snippets
(cd apps/console && trunk build --release --offline)
node scripts/minify-js.mjs dist-console
FIRST_LOAD_BUDGET=999999999 node scripts/size-budget.mjs dist-console | tail -1 | sed 's/^/console: /'
node scripts/precompress.mjs dist-console
