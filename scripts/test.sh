#!/usr/bin/env bash
# Runs every test layer: Rust unit + integration (host), the app build with its byte budget,
# wasm-bindgen-test in headless Chromium, Playwright end to end against the real server, and the
# API contract fuzzed by schemathesis.
# Installs what a fresh machine lacks first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { printf '\n\033[1;34m==> %s\033[0m (%ss)\n' "$1" "$((SECONDS - started))"; }

step "toolchain"
# The disk this run has to work with, and at the end what it wrote (a full disk fails a build
# with a linker "Bus error" or "No space left on device", far from its cause).
df -h . | awk 'NR==2 {print "disk: " $4 " free of " $2}'
scripts/setup.sh build test
export PATH="$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step "format and lints"
cargo fmt --all --check
# The host (the server builds the shopper app with `ssr`), then the two apps as the browser runs them.
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p omiyage -p omiyage-console --features omiyage/mock --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p omiyage --features csr --all-targets --quiet -- -D warnings

step "rules, wire types, mock, server integration and the shared scenario suite (host)"
cargo test --workspace

step "the server integration and scenario suites again, on PostgreSQL (a throwaway cluster)"
# backups:: and crash:: are about the SQLite file; instances:: (ignored on SQLite) runs three
# server instances on one database.
pg_url=$(scripts/pg-cluster.sh start)
trap 'scripts/pg-cluster.sh stop' EXIT
# The same package selection as the host step above, so nothing is compiled again.
OMIYAGE_TEST_POSTGRES=$pg_url cargo test --workspace \
  --test api --test server -- --include-ignored --skip backups:: --skip crash::
scripts/pg-cluster.sh stop
trap - EXIT

step "components and the mock backend in headless Chromium (wasm-bindgen-test)"
cargo test -p omiyage --target wasm32-unknown-unknown --features mock --tests

step "release builds of the shopper app (first-load byte budget) and the console"
scripts/build-apps.sh
(cd apps/shop && trunk build --release --offline --features mock --dist ../../dist-mock)

step "end to end: Playwright in Chromium against the real server"
cargo build -p omiyage-server -p omiyage-scenarios --bins
npx playwright test

step "the API contract: schemathesis against the OpenAPI document, as each role"
scripts/contract.sh

step "all tests passed"
du -sh target 2>/dev/null | awk '{print "target folder: " $1}'
df -h . | awk 'NR==2 {print "disk: " $4 " free of " $2}'

