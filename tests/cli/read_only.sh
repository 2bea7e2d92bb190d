#!/usr/bin/env bash
# Scanning never modifies a file, nor its modification or access time.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n' > "$WORK/share/list.csv"
touch -d '2015-05-08 09:00:00' "$WORK/share/list.csv"
before=$(stat -c '%X %Y %s' "$WORK/share/list.csv"; sha256sum < "$WORK/share/list.csv")
expect_exit 1 "$MAMORI" scan --format jsonl "$WORK/share"
after=$(stat -c '%X %Y %s' "$WORK/share/list.csv"; sha256sum < "$WORK/share/list.csv")
[ "$before" = "$after" ] || fail "file or its times changed: $before / $after"
echo "read_only: ok"
