#!/usr/bin/env bash
# --db records every scan; a rescan reads only files whose size, mtime, inode or device
# changed (files_unchanged on stderr and in the table summary), carries the others forward
# (containers with their members), and the database never holds a personal value in clear.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n' > "$WORK/share/list.csv"
echo 'meeting notes' > "$WORK/share/notes.txt"
python3 - "$WORK/share/archive.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("inner.csv", "基礎年金番号,氏名\n2345-678901,佐藤 花子\n")
PY
# Older than the scans: a file modified in the second its scan starts is always re-read.
touch -d '2020-01-02 03:04:05' "$WORK/share"/*
db="$WORK/inventory.db"

expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
grep -q ': 4 files, 4 read, 0 unchanged' "$WORK/stderr" || fail "first scan: $(cat "$WORK/stderr")"
[ "$(wc -l < "$WORK/stdout")" -eq 2 ] || fail "first scan prints the two files with findings"

# Nothing changed: nothing is read, nothing new is printed, the findings still count.
expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
grep -q ': 4 files, 0 read, 4 unchanged' "$WORK/stderr" || fail "rescan: $(cat "$WORK/stderr")"
[ ! -s "$WORK/stdout" ] || fail "rescan printed unchanged files without --all"

expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl --all "$WORK/share"
[ "$(json_field "$WORK/stdout" /archive.zip!/inner.csv unchanged)" = True ] ||
  fail "archive member not carried forward"
[ "$(json_field "$WORK/stdout" /list.csv records)" = 1 ] || fail "carried counts"

expect_exit 1 "$MAMORI" scan --db "$db" --format table "$WORK/share"
grep -q '4 unchanged since the last scan' "$WORK/stdout" || fail "table summary: $(cat "$WORK/stdout")"

# One file touched: only it is read again.
touch "$WORK/share/notes.txt"
sleep 1  # so that the scan starts after the second of the change (racy-clean rule)
expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
grep -q ': 4 files, 1 read, 3 unchanged' "$WORK/stderr" || fail "touched: $(cat "$WORK/stderr")"

expect_exit 1 "$MAMORI" scan --db "$db" --no-incremental --format jsonl "$WORK/share"
grep -q ': 4 files, 4 read, 0 unchanged' "$WORK/stderr" || fail "--no-incremental"

# ctime is the change signal besides size, mtime and inode (doc/store.md, "Rescans"): chmod,
# chown and setfacl leave mtime alone, and a rewrite of the same size can have its mtime put
# back with touch -d; each moves ctime, so the file is read again, with its ACL (the walk
# reads no ACL for a file carried forward). Then it is carried forward again.
ctime_case() {  # ctime_case NAME FILE COMMAND...: after COMMAND, a rescan reads FILE only
  local name=$1 file=$2; shift 2
  "$@"
  sleep 0.1  # a ctime within 20 ms of the scan's start is not trusted (read once more)
  expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl --all "$WORK/share"
  grep -q ': 4 files, 1 read, 3 unchanged' "$WORK/stderr" || fail "$name: $(cat "$WORK/stderr")"
  # A result read now has no "unchanged" field.
  [ "$(json_field "$WORK/stdout" "/$file" unchanged 2> /dev/null || echo absent)" = absent ] ||
    fail "$name: $file not read"
  expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
  grep -q ': 4 files, 0 read, 4 unchanged' "$WORK/stderr" ||
    fail "$name, next rescan: $(cat "$WORK/stderr")"
}
ctime_case chmod notes.txt chmod 0600 "$WORK/share/notes.txt"
ctime_case chown notes.txt chown 12345:12345 "$WORK/share/notes.txt"
# Same size, mtime and inode: only ctime tells.
ctime_case rewrite notes.txt bash -c "printf 'meeting Notes\n' > '$WORK/share/notes.txt' &&
  touch -d '2020-01-02 03:04:05' '$WORK/share/notes.txt'"
if command -v setfacl > /dev/null && setfacl -m u:4000123:r "$WORK/share/list.csv" 2> /dev/null
then
  setfacl -b "$WORK/share/list.csv"
  sleep 0.1
  expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
  ctime_case setfacl list.csv setfacl -m u:4000123:r "$WORK/share/list.csv"
  expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl --all "$WORK/share"
  json_field "$WORK/stdout" /list.csv acl | grep -q 'u:4000123:r--' ||
    fail "carried-forward ACL: $(json_field "$WORK/stdout" /list.csv acl)"
fi

# Only masked samples reach the database (and its WAL while it is open).
for clear in 1234-567890 1234567890 2345-678901 2345678901 '山田 太郎' '佐藤 花子'; do
  if grep -qaF "$clear" "$db"*; then fail "clear value $clear in the database"; fi
done
grep -qaF '1234-****90' "$db"* || fail "masked sample missing"

expect_exit 2 "$MAMORI" scan --db postgresql://127.0.0.1:1/mamori "$WORK/share"
grep -qi 'postgresql' "$WORK/stderr" || fail "postgresql message"
echo "store_incremental: ok"
