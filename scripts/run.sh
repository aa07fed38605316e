#!/usr/bin/env bash
# Sets up what is missing, builds the app and the server, and runs the storefront on
# http://127.0.0.1:8080 (SQLite file ./data/omiyage.db, demo catalog seeded on first start).
# Extra arguments go to the server, e.g. `scripts/run.sh --db /tmp/shop.db`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$PATH"
scripts/build-apps.sh
cargo build --release -p omiyage-server
exec target/release/omiyage-server --static-dir dist --console-dir dist-console "$@"
