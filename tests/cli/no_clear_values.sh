#!/usr/bin/env bash
# No output format prints a personal value in clear unless --show-values is given.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
printf '基礎年金番号,氏名,生年月日,個人番号\n1234-567890,山田 太郎,1970/03/02,123456789018\n' \
  > "$WORK/share/list.csv"
for format in table jsonl csv sarif; do
  expect_exit 1 "$MAMORI" scan --format "$format" "$WORK/share"
  for value in 567890 太郎 1970-03-02 1970/03/02 123456789018; do
    if grep -q -- "$value" "$WORK/stdout"; then fail "$format output holds $value"; fi
  done
done
expect_exit 1 "$MAMORI" scan --format jsonl --show-values "$WORK/share"
grep -q 太郎 "$WORK/stdout" || fail "--show-values does not show the name"
echo "no_clear_values: ok"
