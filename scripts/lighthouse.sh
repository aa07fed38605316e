#!/usr/bin/env bash
# Prints Lighthouse 12 figures (mobile, default throttling, median of 5 runs; asserts nothing)
# for the catalog, a product page and a gift's claim page, served by a release build of the
# server with the release build of the app; with LIGHTHOUSE_PHOTOS=1, after giving every
# product a phone-sized photo through the admin API. Lighthouse is installed on first use into
# .tools/lighthouse (npm registry), Chromium is Debian's (scripts/tools/apt.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$PATH"
RUNS=${LIGHTHOUSE_RUNS:-5}
LIGHTHOUSE_VERSION=12.2.3
lighthouse=.tools/lighthouse/node_modules/.bin/lighthouse
if ! [ -x "$lighthouse" ] || ! grep -q "\"version\": \"$LIGHTHOUSE_VERSION\"" .tools/lighthouse/node_modules/lighthouse/package.json; then
  npm install --silent --no-audit --no-fund --prefix .tools/lighthouse "lighthouse@$LIGHTHOUSE_VERSION"
fi

[ -f dist/index.html ] && [ "${LIGHTHOUSE_BUILD:-1}" = 0 ] || scripts/build-apps.sh >/dev/null
cargo build --release -p omiyage-server --quiet
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; sleep 0.3; rm -rf "$work"' EXIT
port=18180
target/release/omiyage-server --addr 127.0.0.1:$port --db "$work/lh.db" --static-dir dist --console-dir dist-console --demo >/dev/null 2>&1 &
for _ in $(seq 50); do curl -sf http://127.0.0.1:$port/api/health >/dev/null && break; sleep 0.1; done
# LIGHTHOUSE_PHOTOS=1: every product gets a 1600x1600 photo of ~0.8 MiB, as from a phone.
if [ "${LIGHTHOUSE_PHOTOS:-0}" = 1 ]; then
  cargo run --release -q -p omiyage-server --example demo_photos "$work/photos" >/dev/null
  node scripts/lighthouse-photos.mjs "http://127.0.0.1:$port" "$work/photos"
fi
node scripts/first-view-images.mjs "http://127.0.0.1:$port/"
gift=$(curl -sf http://127.0.0.1:$port/api/checkout -H 'content-type: application/json' -H "Idempotency-Key: lh-$RANDOM$RANDOM" \
  -d '{"lines":[{"product_id":"tokyo-banana","variant_id":"tokyo-banana-8","quantity":1}],"contact":{"name":"Hana","email":"hana@example.jp","phone":""},"address":{"postal_code":"","prefecture":"","city":"","line1":"","line2":""},"payment":{"method":"test_card","card_number":"4242 4242 4242 4242"},"gift":{"sender_name":"Hana","greeting":"Happy birthday! Something sweet from Tokyo.","allow_variant_choice":false}}' \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).gift.claim_token))')

export CHROME_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
for page in "catalog /" "product /p/tokyo-banana" "gift /g/$gift"; do
  set -- $page
  for run in $(seq "$RUNS"); do
    "$lighthouse" "http://127.0.0.1:$port$2" --quiet --output=json --output-path="$work/$1-$run.json" \
      --only-categories=performance,accessibility --form-factor=mobile \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>&1
  done
done
node scripts/lighthouse-median.mjs "$work" catalog product gift
