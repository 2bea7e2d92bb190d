#!/usr/bin/env bash
# Builds mamori and runs every test: unit tests, end-to-end CLI tests, the labelled-corpus
# accuracy check, the real-tool fixtures (tests/cli/fixtures.sh) and the fuzz corpora
# replays, the store suite on SQLite and on a throw-away PostgreSQL server on loopback
# (scripts/pg-server.sh, started and stopped by ctest) and the web console in headless
# Chromium (tests/e2e/), all through ctest. Installs what is missing first: build
# dependencies (PostgreSQL included), the fixture writers (LibreOffice, gnumeric, 7z, jlha,
# qpdf, officecrypto-tool, …) and the browser tools (Debian chromium, npm playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-fixture-tools.sh
scripts/install-browser-tools.sh
cmake --workflow --preset ci
