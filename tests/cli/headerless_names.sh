#!/usr/bin/env bash
# A headerless list of names and birth dates: the dictionary's surnames show the first
# column to hold names, and then the names whose surnames it lacks (勅使河原, 小鳥遊, 五百旗頭)
# count as well, each row a person identified by name and birth date.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
cat > "$WORK/list.csv" <<'CSV'
山田 太郎,昭和15年3月2日
佐藤 花子,昭和22年1月15日
勅使河原 三郎,昭和8年7月7日
鈴木 一郎,昭和30年5月1日
高橋 美紀,昭和41年11月30日
小鳥遊 ひなた,平成2年2月14日
田中 健一,昭和25年8月8日
伊藤 直美,昭和35年4月20日
五百旗頭 真,昭和18年12月24日
渡辺 和子,昭和12年6月9日
CSV
iconv -f UTF-8 -t CP932 "$WORK/list.csv" > "$WORK/share/list.csv"
expect_exit 1 "$MAMORI" scan --format jsonl --all "$WORK/share"
out="$WORK/stdout"
[ "$(json_field "$out" /list.csv records)" = 10 ] || fail "records $(json_field "$out" /list.csv records), expected 10"
[ "$(json_field "$out" /list.csv people)" = 10 ] || fail "people, expected 10"
[ "$(json_field "$out" /list.csv items.name)" = 10 ] || fail "name items, expected 10"
[ "$(json_field "$out" /list.csv items.birth_date)" = 10 ] || fail "birth dates, expected 10"
echo "headerless names: ok"
