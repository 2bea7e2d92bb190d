#!/usr/bin/env bash
# store_kill on PostgreSQL: a scan killed with SIGKILL loses nothing it committed and never
# leaves a half-read file recorded; the next run marks the killed scan interrupted.
# Needs the ctest fixture's cluster (MAMORI_PG_DIR, scripts/pg-server.sh): fails without it.
source "$(dirname "$0")/lib/common.bash"
: "${MAMORI_PG_DIR:?the postgres ctest fixture did not run}"
server=$(cat "$MAMORI_PG_DIR/url") || fail "no PostgreSQL url in $MAMORI_PG_DIR"
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
name="kill_$$"
"$psql_bin" -q "$server" -c "CREATE DATABASE $name" || fail "create database"
trap '"$psql_bin" -q "$server" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" > /dev/null 2>&1; rm -rf "$WORK"' EXIT
db="${server%/*}/$name"
sql() { "$psql_bin" -qtAX "$db" -c "$1"; }

/usr/bin/python3 - "$WORK/share" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/d{d:02}")
    for f in range(100):
        with open(f"{root}/d{d:02}/f{f:03}.csv", "w", encoding="utf-8") as out:
            out.write("基礎年金番号,氏名\n")
            for r in range(40):
                out.write(f"{1000 + d:04}-{f * 1000 + r:06},山田 太郎\n")
PY
touch -d '2020-01-02 03:04:05' "$WORK/share"/*/*

"$MAMORI" scan --db "$db" --format jsonl -j 1 "$WORK/share" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 1500); do
  n=$(sql "SELECT COUNT(*) FROM files" 2> /dev/null || echo 0)
  [ "${n:-0}" -ge 1 ] && break
  sleep 0.02
done
kill -9 "$pid" 2> /dev/null || fail "the scan finished before it could be killed"
wait "$pid" 2> /dev/null || true

[ "$(sql 'SELECT status FROM scans WHERE id = 1')" = running ] || fail "killed scan not running"
recorded=$(sql "SELECT COUNT(*) FROM files")
[ "$recorded" -ge 1 ] && [ "$recorded" -lt 10000 ] || fail "recorded $recorded files"
[ "$(sql "SELECT COUNT(*) FROM files WHERE records <> 40 OR people <> 40 OR outcome <> 'complete'")" = 0 ] ||
  fail "a recorded file is incomplete"
[ "$(sql "SELECT COUNT(*) FROM scan_files WHERE scan_id = 1")" = "$recorded" ] ||
  fail "files and scan_files disagree"
[ "$(sql "SELECT COUNT(DISTINCT file_id) FROM samples")" = "$recorded" ] || fail "samples missing"

expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
[ "$(sql 'SELECT status FROM scans WHERE id = 1')" = interrupted ] || fail "not marked interrupted"
[ "$(sql 'SELECT status FROM scans WHERE id = 2')" = completed ] || fail "rerun not completed"
[ "$(sql 'SELECT files FROM scans WHERE id = 2')" = 10000 ] || fail "rerun file count"
[ "$(sql "SELECT COUNT(*) FROM files WHERE records = 40")" = 10000 ] || fail "rerun results"
# The rerun carried nothing forward from the interrupted scan.
[ "$(sql 'SELECT files_unchanged FROM scans WHERE id = 2')" = 0 ] || fail "carried from a killed scan"
echo "store_kill_pg: ok"
