#!/usr/bin/env bash
# Writes the issue-4 fixture corpus (office files, protected files, archives, mails, Access
# databases, hostile files) with real, independent writers into OUTDIR, checks each file
# after writing it, and writes OUTDIR/labels.jsonl, the ground truth. testdata/README.md
# lists every fixture, the command that wrote it and what it tests.
#
#   scripts/make-fixtures.sh OUTDIR
#
# Idempotent: OUTDIR is emptied first (only when it is empty or was made by this script).
# Installs missing writers through scripts/install-fixture-tools.sh. Non-interactive.
# Exit 0 when every fixture was written and passed its check; 1 otherwise.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
marker=".mamori-fixtures"

export FIXTURE_TOOLS_DIR="${FIXTURE_TOOLS_DIR:-$repo/build/fixture-tools}"
"$repo/scripts/install-fixture-tools.sh"

if [ -e "$out" ]; then
  if [ -n "$(ls -A "$out")" ] && [ ! -e "$out/$marker" ]; then
    echo "make-fixtures: $out is not empty and was not made by this script; refusing to clear it" >&2
    exit 2
  fi
  find "$out" -mindepth 1 -delete
fi
mkdir -p "$out"
touch "$out/$marker"

# LibreOffice and Java want a writable HOME; the fixtures' CSV/HTML sources are UTF-8.
export HOME="${HOME:-/tmp}"
export LC_ALL=C.UTF-8
export MAMORI_SHARED="${MAMORI_SHARED:-$repo/../shared}"
exec /usr/bin/python3 "$repo/testdata/fixtures/make_fixtures.py" "$out"
