#!/usr/bin/env bash
# mamori report reads a PostgreSQL store exactly as a SQLite one: the same tree scanned into
# both gives the same CSV and JSONL exports and the same HTML figures and file table.
# Needs the test cluster (MAMORI_PG_DIR, scripts/pg-server.sh; ctest's "postgres" fixture).
source "$(dirname "$0")/lib/common.bash"
: "${MAMORI_PG_DIR:?set MAMORI_PG_DIR (scripts/pg-server.sh start DIR)}"
url=$("$MAMORI_SOURCE_DIR/scripts/pg-server.sh" url "$MAMORI_PG_DIR")
database="report_$$_$RANDOM"
psql "$url" -qc "CREATE DATABASE $database" || fail "cannot create database $database"
trap 'psql "$url" -qc "DROP DATABASE IF EXISTS $database" > /dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
pg="${url%/*}/$database"

mkdir -p "$WORK/share/総務"
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n2345-678901,佐藤 花子\n' > "$WORK/share/総務/list.csv"
printf '基礎年金番号,氏名\n3456-789012,鈴木 一郎\n' > "$WORK/share/<i>x.csv"
printf '基礎年金番号,氏名\n4567-890123,田中 次郎\n' > "$WORK/share/$(printf '\x82\xa0').csv"
echo 'meeting notes' > "$WORK/share/notes.txt"
chmod 0644 "$WORK/share/総務/list.csv"
chmod 0600 "$WORK/share/<i>x.csv" "$WORK/share/$(printf '\x82\xa0').csv"
touch -d '2020-01-02 03:04:05' "$WORK/share"/* "$WORK/share/総務"/*
now=2026-11-23T00:15:00Z

for store in "$WORK/inventory.db" "$pg"; do
  expect_exit 1 "$MAMORI" scan -j 1 --db "$store" --format jsonl "$WORK/share"
done
for format in csv jsonl; do
  expect_exit 0 "$MAMORI" report --db "$WORK/inventory.db" --format "$format" --now "$now" \
    -o "$WORK/sqlite.$format"
  expect_exit 0 "$MAMORI" report --db "$pg" --format "$format" --now "$now" -o "$WORK/pg.$format"
  [ "$(wc -l < "$WORK/pg.$format")" -ge 3 ] || fail "$format: too few rows"
  diff "$WORK/sqlite.$format" "$WORK/pg.$format" >&2 || fail "$format differs between backends"
done
grep -q '"path_b64"' "$WORK/pg.jsonl" || fail "CP932 name without its raw bytes"

# HTML: the cards and the file table agree; the header names each store.
for store in sqlite pg; do
  db="$WORK/inventory.db"
  [ "$store" = pg ] && db="$pg"
  expect_exit 0 "$MAMORI" report --db "$db" --lang en --now "$now" -o "$WORK/$store.html"
  grep -o '<div class="card[^"]*">.*</div>' "$WORK/$store.html" > "$WORK/$store.cards"
  sed -n '/<section aria-labelledby="files">/,/<\/section>/p' "$WORK/$store.html" > "$WORK/$store.files"
done
diff "$WORK/sqlite.cards" "$WORK/pg.cards" >&2 || fail "summary figures differ"
diff "$WORK/sqlite.files" "$WORK/pg.files" >&2 || fail "file table differs"
grep -q '<span class="figure">3</span><span class="label">Files with personal data' \
  "$WORK/pg.html" || fail "PostgreSQL figures"
grep -q "postgresql: postgresql://mamori@127.0.0.1:[0-9]*/$database" "$WORK/pg.html" ||
  fail "store label"
grep -q '&lt;i&gt;x.csv' "$WORK/pg.html" || fail "escaped name"
for clear in 1234-567890 2345-678901 3456-789012 4567-890123 '山田 太郎' '田中 次郎'; do
  if grep -qF "$clear" "$WORK"/pg.* "$WORK"/sqlite.*; then fail "clear value $clear"; fi
done
echo "report_pg: ok"
