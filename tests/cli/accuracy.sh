#!/usr/bin/env bash
# The labelled corpus: file-level precision and recall ≥ 0.99 and exact record, people and
# category counts for every CSV/TSV file (bench/accuracy.py prints the figures).
source "$(dirname "$0")/lib/common.bash"
python3 "$MAMORI_SOURCE_DIR/bench/gen_corpus.py" --seed 3 --files 400 \
  --out "$WORK/share" --labels "$WORK/labels.jsonl" > /dev/null
status=0
"$MAMORI" scan --format jsonl --all "$WORK/share" > "$WORK/results.jsonl" || status=$?
[ "$status" -le 1 ] || fail "scan exited $status"
python3 "$MAMORI_SOURCE_DIR/bench/accuracy.py" --labels "$WORK/labels.jsonl" \
  --results "$WORK/results.jsonl"
