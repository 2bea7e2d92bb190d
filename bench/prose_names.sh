#!/usr/bin/env bash
# Name precision in running text on prose mamori's rules were not written from: Debian's
# Japanese manual pages and Debian Reference (packages manpages-ja, manpages-ja-dev,
# debian-reference-ja, installed when missing). They hold no personal data but their
# translators' names beside their e-mail addresses, and many dictionary surnames inside
# ordinary words (中間, 根本, 関する). Two scans: the prose as it is, and every line with
# " 電話 03-1234-5678" appended, so that every name candidate on it counts (in text a
# dictionary name counts only beside another item): what the second finds beyond the
# translators is what a memo line with a phone number on it could wrongly count. The first
# scan's records per item are printed too: the manuals' many numbers and dates should give no
# pension number, My Number, birth date or phone (their e-mail addresses are real).
#
#   bench/prose_names.sh [--mamori PATH] [--show N]
set -euo pipefail
cd "$(dirname "$0")/.."

mamori=""
show=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mamori) mamori="$2"; shift 2 ;;
    --show) show="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/find_mamori.sh
source bench/find_mamori.sh

packages=(manpages-ja manpages-ja-dev debian-reference-ja)
# shellcheck source=scripts/lib/debian_packages.sh
source scripts/lib/debian_packages.sh
install_missing_debian_packages prose_names "${packages[@]}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/prose" "$tmp/exposed"
n=0
while IFS= read -r file; do
  n=$((n + 1))
  case "$file" in
    *.gz) zcat "$file" > "$tmp/prose/$n.txt" ;;
    *) cp "$file" "$tmp/prose/$n.txt" ;;
  esac
done < <(dpkg -L "${packages[@]}" | grep -E '^/usr/share/(man/ja/.*\.gz|debian-reference/.*\.ja\.html)$' | sort)
for file in "$tmp/prose"/*.txt; do
  sed 's/$/ 電話 03-1234-5678/' "$file" > "$tmp/exposed/$(basename "$file")"
done

export MAMORI_KEY_FILE="${MAMORI_KEY_FILE:-$PWD/bench/out/key}"
for corpus in prose exposed; do
  "$mamori" scan --format jsonl --all --samples "$show" "$tmp/$corpus" > "$tmp/$corpus.jsonl" ||
    [ $? -le 1 ]
done
python3 - "$tmp" "$show" <<'PY'
import json, sys
from pathlib import Path
tmp, show = Path(sys.argv[1]), int(sys.argv[2])
files = list((tmp / "prose").glob("*.txt"))
lines = sum(f.read_bytes().count(b"\n") for f in files)
size = sum(f.stat().st_size for f in files) / 1048576
print(f"prose: {len(files)} files, {lines} lines, {size:.1f} MB (manpages-ja, manpages-ja-dev, debian-reference-ja)")
for corpus, what in (("prose", "as it is"), ("exposed", "every line with a phone number")):
    results = [json.loads(line) for line in open(tmp / f"{corpus}.jsonl")]
    names = sum(r["items"]["name"] for r in results)
    personal = sum(1 for r in results if r["records"] > 0)
    print(f"  {what:32} name records {names:>5}   files with records {personal:>4}")
    if corpus == "prose":
        items = {k: sum(r["items"][k] for r in results) for k in results[0]["items"]} if results else {}
        print("    records with each item: " + ", ".join(f"{k} {v}" for k, v in items.items()))
    if show:
        for r in results:
            samples = [s["value"] for s in r.get("samples", []) if s["item"] == "name"]
            if samples:
                print(f"    {Path(r['path']).name}: {', '.join(samples)}")
PY
