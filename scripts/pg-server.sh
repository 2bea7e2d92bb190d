#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks (doc/store.md "PostgreSQL").
#
#   scripts/pg-server.sh start DIR   initdb under DIR (once), start it on 127.0.0.1 on a free
#                                    port, trust auth on loopback only, create database
#                                    "mamori"; print the URL and write it to DIR/url
#   scripts/pg-server.sh url DIR     print the URL of the running cluster
#   scripts/pg-server.sh stop DIR    stop it (the data stays under DIR until you delete it)
#
# As root the server runs as the `postgres` system user (PostgreSQL refuses root).
set -euo pipefail

usage() { echo "usage: $0 start|stop|url DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)}
[ -x "$bin/initdb" ] || { echo "pg-server: no PostgreSQL server binaries (apt install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case $action in
  start)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U mamori --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      # Loopback only, no password: a cluster for tests, never exposed.
      printf 'host all all 127.0.0.1/32 trust\nlocal all all trust\n' > "$dir/data/pg_hba.conf"
    fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" status > /dev/null 2>&1; then
      cat "$dir/url"
      exit 0
    fi
    port=$(free_port)
    # fsync off: a throw-away cluster; the tests kill scanners, not the server.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/data -c fsync=off -c max_connections=200" \
      > /dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U mamori -d postgres -qc 'CREATE DATABASE mamori' \
      > /dev/null 2>&1 || true
    url="postgresql://mamori@127.0.0.1:$port/mamori"
    echo "$url" > "$dir/url"
    echo "$url"
    ;;
  url)
    cat "$dir/url"
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    fi
    ;;
  *) usage ;;
esac
