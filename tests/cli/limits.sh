#!/usr/bin/env bash
# Resource limits are options: a member nested deeper than --max-depth is reported (not
# read, not lost); a bomb is an archive_bomb error and the scan goes on to the next file.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share" "$WORK/build"
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n' > "$WORK/build/list.csv"
(cd "$WORK/build" && zip -q inner.zip list.csv && zip -q middle.zip inner.zip && zip -q outer.zip middle.zip)
cp "$WORK/build/outer.zip" "$WORK/share/"
head -c 100000000 /dev/zero | tr '\0' 'x' > "$WORK/build/x.txt"
(cd "$WORK/build" && zip -q -9 bomb.zip x.txt)
cp "$WORK/build/bomb.zip" "$WORK/share/"
cp "$WORK/build/list.csv" "$WORK/share/after.csv"

expect_exit 1 "$MAMORI" scan --format jsonl --all "$WORK/share"
out="$WORK/stdout"
[ "$(json_field "$out" 'inner.zip!/list.csv' records)" = 1 ] || fail "nested list.csv not read"
[ "$(json_field "$out" /bomb.zip reason)" = archive_bomb ] || fail "bomb not flagged"
[ "$(json_field "$out" /after.csv records)" = 1 ] || fail "scan did not go on after the bomb"

expect_exit 0 "$MAMORI" scan --format jsonl --all --max-depth 1 "$WORK/share/outer.zip"
[ "$(json_field "$WORK/stdout" 'middle.zip!/inner.zip' reason)" = limit_exceeded ] ||
  fail "--max-depth 1 did not stop at inner.zip"
[ "$(json_field "$WORK/stdout" 'middle.zip!/inner.zip' format)" = zip ] || fail "format lost"

expect_exit 2 "$MAMORI" scan --max-expanded-bytes nonsense "$WORK/share"
echo "limits: ok"
