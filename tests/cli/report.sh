#!/usr/bin/env bash
# mamori report: a scan recorded in a store gives one self-contained HTML page (ja and en)
# with the expected figures, hostile file names escaped, no external reference and no clear
# value; CSV and JSONL list one row per file with findings; exit codes 0, 1 (--fail-on), 2.
source "$(dirname "$0")/lib/common.bash"
mkdir -p "$WORK/share/総務"
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n2345-678901,佐藤 花子\n' > "$WORK/share/総務/list.csv"
printf '基礎年金番号,氏名\n3456-789012,鈴木 一郎\n' > "$WORK/share/<script>alert(1).csv"
echo 'meeting notes' > "$WORK/share/notes.txt"
chmod 0644 "$WORK/share/総務/list.csv"  # readable by everyone: a violation of the default policy
chmod 0600 "$WORK/share/<script>alert(1).csv"
touch -d '2020-01-02 03:04:05' "$WORK/share"/* "$WORK/share/総務"/*
db="$WORK/inventory.db"
expect_exit 1 "$MAMORI" scan --db "$db" --format jsonl "$WORK/share"
now=2026-11-23T00:15:00Z

expect_exit 0 "$MAMORI" report --db "$db" --now "$now" -o "$WORK/report.html"
html="$WORK/report.html"
[ -s "$html" ] || fail "no report written"
[ ! -e "$html.tmp" ] || fail "temporary file left behind"
head -c 15 "$html" | grep -q '<!DOCTYPE html>' || fail "not an HTML page"
grep -q '<html lang="ja">' "$html" || fail "Japanese is the default"
# Self-contained: nothing fetched from anywhere, no script.
if grep -qiE 'https?://' "$html"; then fail "URL in the report: $(grep -oiE 'https?://[^"]*' "$html" | head -1)"; fi
if grep -qiE '<(script|link|img|iframe|object)\b' "$html"; then fail "external or active element"; fi
if grep -qiE '\s(src|href)=' "$html"; then fail "src/href attribute in the report"; fi
grep -q '&lt;script&gt;alert(1).csv' "$html" || fail "hostile name not shown escaped"
grep -q '<span class="figure">2</span><span class="label">個人情報を含むファイル' "$html" ||
  fail "files with personal data"
grep -q '<span class="figure">3</span><span class="label">リスクのある人数' "$html" || fail "people"
grep -q '<span class="figure">1</span><span class="label">ポリシー違反' "$html" || fail "violations"
grep -q '総務/list.csv' "$html" || fail "top file missing"
grep -q '全員が読み取り可' "$html" || fail "readable by everyone"
grep -q '作成日時</dt><dd>2026-11-23 09:15 JST' "$html" || fail "--now in Japan time"
grep -q '<svg class="chart-svg" role="img"' "$html" || fail "charts"
grep -q 'スキャン履歴' "$html" || fail "scan history"

expect_exit 0 "$MAMORI" report --db "sqlite:$db" --lang en --now "$now" -o "$WORK/report-en.html"
grep -q '<html lang="en">' "$WORK/report-en.html" || fail "English page"
grep -q '<span class="figure">2</span><span class="label">Files with personal data' \
  "$WORK/report-en.html" || fail "English figures"
grep -q 'People at risk by share' "$WORK/report-en.html" || fail "English chart title"

# Standard output by default; --top bounds the table.
expect_exit 0 "$MAMORI" report --db "$db" --now "$now" --top 1
[ "$(grep -c '<tr><td class="num">[0-9]*</td><td class="num"><span class="badge' "$WORK/stdout")" -eq 1 ] ||
  fail "--top 1"

expect_exit 0 "$MAMORI" report --db "$db" --format csv --now "$now" -o "$WORK/files.csv"
[ "$(wc -l < "$WORK/files.csv")" -eq 3 ] || fail "csv: header and two files"
head -1 "$WORK/files.csv" | grep -q '^rank,file_id,path,share,zone,owner,risk,people' || fail "csv header"
grep -q ',world-readable,' "$WORK/files.csv" || fail "csv violation: $(cat "$WORK/files.csv")"

expect_exit 0 "$MAMORI" report --db "$db" --format jsonl --now "$now"
[ "$(wc -l < "$WORK/stdout")" -eq 2 ] || fail "jsonl: two files"
[ "$(json_field "$WORK/stdout" /list.csv people)" = 2 ] || fail "jsonl people"
[ "$(json_field "$WORK/stdout" /list.csv readable_by_everyone)" = True ] || fail "jsonl readable"
[ "$(json_field "$WORK/stdout" '<script>alert(1).csv' readable_by_everyone)" = False ] || fail "jsonl 0600"

# Filters narrow the exports.
expect_exit 0 "$MAMORI" report --db "$db" --format jsonl --rule world-readable
[ "$(wc -l < "$WORK/stdout")" -eq 1 ] || fail "--rule"

# No clear value anywhere.
for clear in 1234-567890 1234567890 2345-678901 3456-789012 '山田 太郎' '佐藤 花子' '鈴木 一郎'; do
  if grep -qF "$clear" "$html" "$WORK/report-en.html" "$WORK/files.csv"; then
    fail "clear value $clear in a report"
  fi
done

# Exit codes.
expect_exit 1 "$MAMORI" report --db "$db" --format csv --fail-on 0.01 -o "$WORK/f.csv"
expect_exit 0 "$MAMORI" report --db "$db" --format csv --fail-on 100000 -o "$WORK/f.csv"
expect_exit 2 "$MAMORI" report --db "$WORK/missing.db"
[ ! -e "$WORK/missing.db" ] || fail "report created a store"
expect_exit 2 "$MAMORI" report --db "$db" --format xml
expect_exit 2 "$MAMORI" report --db "$db" --lang fr
expect_exit 2 "$MAMORI" report --db "$db" --now yesterday
expect_exit 2 "$MAMORI" report --db "$db" -o "$WORK/no/such/dir/report.html"
expect_exit 2 "$MAMORI" report
echo "report: ok"
