#!/usr/bin/env bash
# Prints the benchmark figures (asserts nothing): first-load bytes, catalog requests/s and
# latency next to nginx serving the same JSON bytes from a file, and the checkout load bench
# (orders/s, p50/p99, "database is locked" count, server RSS, raw SQLite baseline), then the
# catalog and the checkout and claim loads again on PostgreSQL (one and two instances).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build test bench
export PATH="$PWD/node_modules/.bin:$PATH"
SECONDS_EACH=${BENCH_SECONDS:-10}

echo "== first load (release builds of the shopper app and the console)"
FIRST_LOAD_BUDGET=999999999 scripts/build-apps.sh 2>/dev/null | grep -E '^(file|index|main|storefront|snippets|first load|console)'

cargo build --release -p omiyage-server --quiet
echo "== photos: upload, then the other widths and the 4:3 cuts made in the background (decode, orient, resize, WebP + JPEG), median of 5"
cargo run --release -p omiyage-server --example photo_bench --quiet
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; sleep 0.3; rm -rf "$work"' EXIT
target/release/omiyage-server --addr 127.0.0.1:18080 --db "$work/bench.db" --checkout-limit 1000000/60 --static-dir dist --console-dir dist-console --demo >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:18080/api/health >/dev/null && break; sleep 0.1; done
curl -sf http://127.0.0.1:18080/api/products -o "$work/products.json"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:18081;
    location = /api/products { default_type application/json; alias $work/products.json; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null; kill $(jobs -p) 2>/dev/null; sleep 0.3; rm -rf "$work"' EXIT
sleep 0.3

wrk_run() { wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$1" | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "%10s req/s   p50 %8s   p99 %8s\n", rps, p50, p99}'; }
echo
echo "== catalog: GET /api/products ($(wc -c < "$work/products.json") bytes), wrk -t2 -c64 ${SECONDS_EACH}s on loopback"
printf '  omiyage-server  '; wrk_run http://127.0.0.1:18080/api/products
echo "  omiyage-server RSS after the catalog run: $(awk '/VmRSS/ {print $2, $3}' /proc/$server_pid/status)"
printf '  nginx (file)    '; wrk_run http://127.0.0.1:18081/api/products

# The same catalog from a server on PostgreSQL (a durable throwaway cluster, kept for the
# checkout bench below).
BENCH_POSTGRES=$(PG_DURABLE=1 scripts/pg-cluster.sh start)
trap 'scripts/pg-cluster.sh stop; nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null; kill $(jobs -p) 2>/dev/null; sleep 0.3; rm -rf "$work"' EXIT
target/release/omiyage-server --addr 127.0.0.1:18082 --database-url "$BENCH_POSTGRES" --checkout-limit 1000000/60 --static-dir dist --console-dir dist-console >/dev/null 2>&1 &
pg_server_pid=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:18082/api/health >/dev/null && break; sleep 0.1; done
printf '  on PostgreSQL   '; wrk_run http://127.0.0.1:18082/api/products
kill "$pg_server_pid" 2>/dev/null || true

echo
echo "== print view of a 500-code gift batch in Chromium (target ≤ 1 s)"
BASE=http://127.0.0.1:18080 node scripts/bench-print.mjs

echo
echo "== checkout (SQLite, then PostgreSQL with one and two instances)"
BENCH_POSTGRES=$BENCH_POSTGRES BENCH_SECONDS=$SECONDS_EACH cargo bench -p omiyage-server --bench load --quiet 2>/dev/null | grep -v '^$'
