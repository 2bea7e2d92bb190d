#!/usr/bin/env bash
# Builds mamori and runs every test: unit tests, end-to-end CLI tests, the labelled-corpus
# accuracy check, the real-tool fixtures (tests/cli/fixtures.sh) and the fuzz corpora
# replays (all through ctest). Installs what is missing first: build dependencies and the
# fixture writers (LibreOffice, gnumeric, 7z, jlha, qpdf, officecrypto-tool, …).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-fixture-tools.sh
cmake --workflow --preset ci
