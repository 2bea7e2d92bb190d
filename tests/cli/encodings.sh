#!/usr/bin/env bash
# The same list in every encoding Japanese offices use gives the same counts, and the
# encoding is reported (ripgrep's f1_sjis cases, for mamori's encodings).
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share"
cat > "$WORK/list.csv" <<'CSV'
基礎年金番号,氏名,生年月日,住所
1234-567890,山田 太郎,昭和45年3月2日,東京都千代田区霞が関1-2-3
2345-678901,佐藤 花子,1965/01/15,大阪府大阪市北区梅田1-1-1
3456-789012,鈴木 一郎,平成2年5月1日,北海道札幌市中央区北1条西2丁目
CSV
cp "$WORK/list.csv" "$WORK/share/utf8.csv"
{ printf '\xEF\xBB\xBF'; cat "$WORK/list.csv"; } > "$WORK/share/utf8bom.csv"
iconv -f UTF-8 -t CP932 "$WORK/list.csv" > "$WORK/share/sjis.csv"
iconv -f UTF-8 -t EUC-JP "$WORK/list.csv" > "$WORK/share/eucjp.csv"
{ printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE "$WORK/list.csv"; } > "$WORK/share/utf16le.csv"
{ printf '\xFE\xFF'; iconv -f UTF-8 -t UTF-16BE "$WORK/list.csv"; } > "$WORK/share/utf16be.csv"
iconv -f UTF-8 -t UTF-16LE "$WORK/list.csv" > "$WORK/share/utf16le_nobom.csv"
# Full-width digits, as typed on Japanese keyboards.
sed 's/1234-567890/１２３４－５６７８９０/' "$WORK/list.csv" > "$WORK/share/fullwidth.csv"

expect_exit 1 "$MAMORI" scan --format jsonl --all "$WORK/share"
out="$WORK/stdout"
for file in utf8 utf8bom sjis eucjp utf16le utf16be utf16le_nobom fullwidth; do
  records=$(json_field "$out" "/$file.csv" records)
  people=$(json_field "$out" "/$file.csv" people)
  four=$(json_field "$out" "/$file.csv" categories.4)
  [ "$records" = 3 ] || fail "$file.csv: records $records, expected 3"
  [ "$people" = 3 ] || fail "$file.csv: people $people, expected 3"
  [ "$four" = 3 ] || fail "$file.csv: 4-item records $four, expected 3"
done
[ "$(json_field "$out" /sjis.csv encoding)" = shift_jis ] || fail "sjis.csv encoding"
[ "$(json_field "$out" /eucjp.csv encoding)" = euc-jp ] || fail "eucjp.csv encoding"
[ "$(json_field "$out" /utf16le_nobom.csv encoding)" = utf-16le ] || fail "utf16 without BOM"
[ "$(json_field "$out" /utf8bom.csv encoding)" = utf-8-bom ] || fail "utf-8 BOM"
echo "encodings: ok"
