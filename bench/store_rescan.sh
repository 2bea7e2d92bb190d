#!/usr/bin/env bash
# Incremental rescan speed: a tree of N small files (default 100,000) is walked by
# `find | wc -l`, scanned once with --db (every file read and recorded), then rescanned
# (every file unchanged: looked up, carried forward, recorded as seen). Prints files/s.
#   bench/store_rescan.sh [N] [MAMORI_BINARY]
set -euo pipefail
n=${1:-100000}
mamori=${2:-build/release/mamori}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MAMORI_KEY_FILE="$work/key"
head -c 32 /dev/zero > "$MAMORI_KEY_FILE"
python3 - "$work/tree" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
per_dir = 1000
for i in range(n):
    d = f"{root}/d{i // per_dir:05}"
    if i % per_dir == 0:
        os.makedirs(d)
    with open(f"{d}/f{i:07}.txt", "w") as out:
        out.write(f"note {i}\n")
PY
find "$work/tree" -type f -exec touch -d '2020-01-02 03:04:05' {} +
sync
seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
rate() { echo "scale=0; $n / $1" | bc; }
walk=$(seconds bash -c "find '$work/tree' -type f | wc -l")
plain=$(seconds "$mamori" scan --format jsonl "$work/tree")
first=$(seconds "$mamori" scan --db "$work/db" --format jsonl "$work/tree")
rescan=$(seconds "$mamori" scan --db "$work/db" --format jsonl "$work/tree")
"$mamori" scan --db "$work/db" --format jsonl "$work/tree" 2>&1 >/dev/null | tail -1
printf '%-34s %8s s %10s files/s\n' "find | wc -l" "$walk" "$(rate "$walk")" \
  "mamori scan (no --db)" "$plain" "$(rate "$plain")" \
  "mamori scan --db (first, all read)" "$first" "$(rate "$first")" \
  "mamori scan --db (rescan, unchanged)" "$rescan" "$(rate "$rescan")"
ls -l "$work"/db* | awk '{print $5, $9}'
