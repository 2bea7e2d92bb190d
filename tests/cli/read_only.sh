#!/usr/bin/env bash
# Scanning never modifies a file, nor its modification or access time.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n' > "$WORK/share/list.csv"
digest_before=$(sha256sum < "$WORK/share/list.csv")
# Times are set after the digest: reading the file for it would move the access time.
touch -a -d '2015-05-08 09:00:00' "$WORK/share/list.csv"
touch -m -d '2015-05-01 09:00:00' "$WORK/share/list.csv"
times_before=$(stat -c '%X %Y %s' "$WORK/share/list.csv")
expect_exit 1 "$MAMORI" scan --format jsonl "$WORK/share"
times_after=$(stat -c '%X %Y %s' "$WORK/share/list.csv")
[ "$times_before" = "$times_after" ] || fail "times changed: $times_before -> $times_after"
[ "$digest_before" = "$(sha256sum < "$WORK/share/list.csv")" ] || fail "content changed"
echo "read_only: ok"
