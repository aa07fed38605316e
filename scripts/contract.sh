#!/usr/bin/env bash
# The API contract, fuzzed: schemathesis (scripts/tools/pypi.txt) generates requests from
# /api/openapi.json and runs every check against a fresh server with demo accounts, once
# signed in as each role (staff, promoter, agency, admin); its ignored_auth check sends each signed-in
# route's requests without the cookie too. It fails on a server
# error, a response outside the schema, an undocumented status, or a schema-valid request
# refused (tests/contract/schemathesis.toml lists the rules JSON Schema cannot state).
# Needs target/debug/omiyage-server (cargo build -p omiyage-server).
#
#   scripts/contract.sh [max examples per operation, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/venv/bin:$PATH"
EXAMPLES=${1:-20}
PORT=${CONTRACT_PORT:-18400}
BASE="http://127.0.0.1:$PORT"
work=$(mktemp -d)
target/debug/omiyage-server --addr "127.0.0.1:$PORT" --db "$work/contract.db" --demo --checkout-limit 100000/60 \
  --static-dir "$work/none" --console-dir "$work/none" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.1; done

# The session cookie of a demo account (demo.rs): `session ROLE` prints `omiyage_session=…`.
session() {
  curl -sf -c "$work/$1.jar" -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$1@demo.omiyage.test\",\"password\":\"demo-$1-password\"}" "$BASE/api/auth/sign-in"
  awk '$6 == "omiyage_session" {print $7}' "$work/$1.jar"
}
staff=$(session staff)
promoter=$(session promoter)
agency=$(session agency)
admin=$(session admin)

run() {
  local who=$1 session=$2
  echo "== schemathesis as $who"
  # Sign-out would end the session the rest of the run uses; disabling accounts would end the
  # other roles' sessions (both are covered by the server's integration tests).
  OMIYAGE_SESSION=$session schemathesis --config-file tests/contract/schemathesis.toml run "$BASE/api/openapi.json" \
    --checks all --max-examples "$EXAMPLES" --workers 1 --seed 20261201 --no-color \
    --exclude-path /api/auth/sign-out --exclude-path-regex '/api/admin/accounts/.*/disable' \
    --request-timeout 20 > "$work/run.log" 2>&1 || { cat "$work/run.log"; return 1; }
  tail -n 12 "$work/run.log"
}
status=0
run staff "$staff" || status=1
run promoter "$promoter" || status=1
run agency "$agency" || status=1
run admin "$admin" || status=1
if grep -q panicked "$work/server.log"; then
  echo "the server panicked:"; grep -A5 panicked "$work/server.log"; status=1
fi
exit $status
