#!/usr/bin/env bash
# Exit 0 clean, 1 findings at or above --fail-on, 2 usage error; --help on every subcommand.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/clean" "$WORK/dirty"
printf 'item,price\napple,100\n' > "$WORK/clean/prices.csv"
printf '基礎年金番号,氏名,生年月日\n1234-567890,山田 太郎,1970/03/02\n' > "$WORK/dirty/list.csv"

expect_exit 0 "$MAMORI" scan "$WORK/clean"
expect_exit 1 "$MAMORI" scan "$WORK/dirty"
expect_exit 0 "$MAMORI" scan --fail-on never "$WORK/dirty"
expect_exit 2 "$MAMORI" scan --format nonsense "$WORK/dirty"
expect_exit 2 "$MAMORI" scan --no-such-option "$WORK/dirty"
expect_exit 2 "$MAMORI" scan
expect_exit 2 "$MAMORI"
expect_exit 0 "$MAMORI" --help
expect_exit 0 "$MAMORI" scan --help
grep -q -- "--fail-on" "$WORK/stdout" || fail "scan --help does not document --fail-on"
echo "exit_codes: ok"
