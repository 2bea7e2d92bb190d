#!/usr/bin/env bash
# The real-tool fixtures (issue 4): scripts/make-fixtures.sh writes them with LibreOffice,
# openpyxl, xlwt, gnumeric, zip, 7z, jlha, qpdf and officecrypto-tool, the scan reads them,
# and bench/fixture_check.py grades the result against their labels: protection right on
# every fixture, exact counts, hostile files handled (testdata/README.md).
# The writers are installed by scripts/install-fixture-tools.sh (scripts/test.sh runs it
# first). When they are missing and cannot be installed (no root, no network) this test
# FAILS: a corpus that was not written is not a pass.
source "$(dirname "$0")/lib/common.bash"
repo="$MAMORI_SOURCE_DIR"

# Bounded below the ctest timeout so that a stuck writer shows its log instead of a bare
# "Timeout".
if ! timeout -k 10 200 "$repo/scripts/make-fixtures.sh" "$WORK/fixtures" > "$WORK/make-fixtures.log" 2>&1; then
  tail -n 40 "$WORK/make-fixtures.log" >&2
  fail "scripts/make-fixtures.sh failed: the fixture writers are missing or broken; install them" \
       "with scripts/install-fixture-tools.sh (as root or with sudo, with network access)"
fi
[ -s "$WORK/fixtures/labels.jsonl" ] || fail "make-fixtures wrote no labels"

# Peak memory of the scan (the hostile files must not blow it up): GNU time when present.
status=0
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$WORK/rss" \
    "$MAMORI" scan --format jsonl --all "$WORK/fixtures" > "$WORK/results.jsonl" || status=$?
else
  "$MAMORI" scan --format jsonl --all "$WORK/fixtures" > "$WORK/results.jsonl" || status=$?
fi
[ "$status" -le 1 ] || fail "scan exited $status"
if [ -s "$WORK/rss" ]; then
  rss_kib=$(tail -n 1 "$WORK/rss")
  echo "scan peak RSS: $((rss_kib / 1024)) MiB"
  [ "$rss_kib" -le $((1024 * 1024)) ] || fail "scan peak RSS $((rss_kib / 1024)) MiB > 1 GiB"
fi

python3 "$repo/bench/fixture_check.py" --labels "$WORK/fixtures/labels.jsonl" \
  --results "$WORK/results.jsonl" --root "$WORK/fixtures"
