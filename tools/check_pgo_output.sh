#!/usr/bin/env bash
# The profile-guided build must say exactly what the release build says: builds both, scans
# a generated share of every kind the corpus generator writes (its own seed, neither the
# training's nor the benchmark's) and the real-tool fixtures (office files, archives, mails,
# hostile files) with each, and compares the sorted JSONL byte for byte.
#
#   tools/check_pgo_output.sh      (after scripts/test.sh, which builds build/release)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-pgo.sh
cmake --preset release >/dev/null
cmake --build --preset release --target mamori

# The share is regenerated every time (a second); the fixtures, half a minute of LibreOffice
# and friends, only when the script that writes them changed.
work=build/pgo/check
rm -rf "$work/share"
mkdir -p "$work"
python3 bench/gen_corpus.py --out "$work/share" --labels "$work/labels.jsonl" --seed 3 \
  --files 400 >/dev/null
fixtures_key=$(sha256sum scripts/make-fixtures.sh | cut -d' ' -f1)
if [ "$(cat "$work/fixtures.key" 2>/dev/null)" != "$fixtures_key" ]; then
  rm -f "$work/fixtures.key"
  scripts/make-fixtures.sh "$work/fixtures" > "$work/make-fixtures.log" 2>&1 ||
    { tail -n 20 "$work/make-fixtures.log" >&2; exit 1; }
  echo "$fixtures_key" > "$work/fixtures.key"
fi

export MAMORI_KEY_FILE="$PWD/$work/key"
for build in release pgo; do
  status=0
  "build/$build/mamori" scan --format jsonl --all --threads 2 "$work/share" "$work/fixtures" \
    > "$work/$build.jsonl" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "check_pgo_output: build/$build/mamori exited $status" >&2
    exit 1
  fi
  sort "$work/$build.jsonl" > "$work/$build.sorted"
done
files=$(wc -l < "$work/release.sorted")
if ! cmp -s "$work/release.sorted" "$work/pgo.sorted"; then
  echo "check_pgo_output: build/pgo/mamori and build/release/mamori disagree:" >&2
  diff "$work/release.sorted" "$work/pgo.sorted" | head -n 20 >&2
  exit 1
fi
echo "check_pgo_output: same JSONL from both builds for $files files"
