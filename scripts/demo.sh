#!/usr/bin/env bash
# Builds mamori, generates a small demo share (personal-data files and decoys in the
# encodings Japanese offices use) and scans it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
rm -rf demo
python3 bench/gen_corpus.py --demo --seed 7 --out demo/share --labels demo/labels.jsonl
export MAMORI_KEY_FILE="$PWD/demo/key"
echo
echo "== mamori scan demo/share"
status=0
build/release/mamori scan --format table demo/share || status=$?
echo
echo "exit status $status (0 clean, 1 personal data found, 2 error)"
[ "$status" -le 1 ]
