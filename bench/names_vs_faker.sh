#!/usr/bin/env bash
# Name recall in running text against a list mamori's dictionary was not written from:
# @faker-js/faker's ja locale (npm, installed into bench/out/faker/ on first use). Prints how
# many of faker's 500 surnames mamori reads as a surname, and how many of COUNT call-memo
# lines with faker's full names ("坂田さくら様より電話あり（…）", "2. 野崎 里奈　連絡先：…",
# "お客様 大島めぐみ（…）") give a record: each line holds a valid phone number, and in text a
# dictionary name counts beside it, so a line is a record exactly when its name is found.
#
#   bench/names_vs_faker.sh [--count 2000] [--seed 1] [--mamori PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

count=2000
seed=1
mamori=""
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --mamori) mamori="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/find_mamori.sh
source bench/find_mamori.sh
# shellcheck source=scripts/lib/debian_packages.sh
source scripts/lib/debian_packages.sh
install_missing_debian_packages names_vs_faker nodejs npm

# One version, so that the lines (and the figures) stay the same from run to run.
faker_version=10.6.0
faker_dir=bench/out/faker
installed=$(node -p "require('./$faker_dir/node_modules/@faker-js/faker/package.json').version" \
  2>/dev/null || true)
if [ "$installed" != "$faker_version" ]; then
  mkdir -p "$faker_dir"
  echo "installing @faker-js/faker@$faker_version into $faker_dir" >&2
  npm install --silent --no-audit --no-fund --prefix "$faker_dir" "@faker-js/faker@$faker_version" >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/share"
# Run beside node_modules, where an ES module's bare import is looked up.
cp bench/names_vs_faker.mjs "$faker_dir/"
node "$faker_dir/names_vs_faker.mjs" "$tmp/share" "$count" "$seed" > /dev/null

export MAMORI_KEY_FILE="${MAMORI_KEY_FILE:-$PWD/bench/out/key}"
"$mamori" scan --format jsonl --all "$tmp/share" > "$tmp/results.jsonl" || [ $? -le 1 ]
python3 - "$tmp/results.jsonl" "$tmp/share" <<'PY'
import json, sys
from pathlib import Path
results = {Path(r["path"]).name: r for r in map(json.loads, open(sys.argv[1]))}
for name, what in (("surnames.txt", "faker ja surnames read as surnames"),
                   ("memo.txt", "memo lines whose faker name is found")):
    lines = sum(1 for _ in open(Path(sys.argv[2]) / name, encoding="utf-8"))
    records = results[name]["records"]
    print(f"{what:40} {records:>6} / {lines:<6} {records / lines:.4f}")
PY
