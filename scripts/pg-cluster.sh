#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test command (no containers): Debian's server binaries,
# a fresh data folder under /tmp, trust authentication, listening only on 127.0.0.1.
#
#   scripts/pg-cluster.sh start   prints the admin URL (postgres://omiyage@127.0.0.1:PORT/postgres)
#   scripts/pg-cluster.sh stop    stops it and removes its folder
#
# Tests run it without fsync (a throwaway cluster); PG_DURABLE=1 keeps PostgreSQL's durable
# defaults, for benchmarks that compare it with SQLite's synchronous=FULL.
#
# The cluster's folder and port are kept in .tools/pg-cluster between the two.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.tools/pg-cluster
# Debian puts the server's programs outside PATH.
for bin in /usr/lib/postgresql/*/bin; do
  if [ -d "$bin" ]; then PATH="$bin:$PATH"; fi
done
# PostgreSQL refuses to run as root: as root, run it as the postgres user the package made.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

command=${1:-}
if [ "$command" = start ]; then
    mkdir -p .tools
    dir=$(mktemp -d /tmp/omiyage-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner initdb -D "$dir/data" -U omiyage --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400"
    if [ "${PG_DURABLE:-0}" != 1 ]; then
      options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner pg_ctl -D "$dir/data" -l "$dir/server.log" -w -o "$options" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    printf '%s %s\n' "$dir" "$port" >"$state"
    echo "postgres://omiyage@127.0.0.1:$port/postgres"
elif [ "$command" = stop ]; then
    [ -f "$state" ] || exit 0
    read -r dir _port <"$state"
    as_owner pg_ctl -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$state"
else
    echo "usage: $0 start|stop" >&2
    exit 2
fi
