#!/usr/bin/env bash
# Builds mamori and runs every test: unit tests, end-to-end CLI tests, the labelled-corpus
# accuracy check and the fuzz corpora replays (all through ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --workflow --preset ci
