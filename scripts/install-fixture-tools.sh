#!/usr/bin/env bash
# Installs the independent writers that scripts/make-fixtures.sh drives, when missing:
# Debian packages through apt-get, and the npm package officecrypto-tool into a local
# folder (default build/fixture-tools; override with FIXTURE_TOOLS_DIR).
# gnumeric (ssconvert) writes the BIFF5 workbook LibreOffice cannot; the IPA fonts give
# LibreOffice real Japanese glyphs for the PDFs; poppler-utils (pdftotext) checks them.
# Safe to run again: nothing already present is touched. Non-interactive.
set -euo pipefail
cd "$(dirname "$0")/.."

tools_dir="${FIXTURE_TOOLS_DIR:-$PWD/build/fixture-tools}"
officecrypto_version="0.0.19"

packages=(
  libreoffice-calc libreoffice-writer libreoffice-impress python3-uno
  python3-openpyxl python3-xlwt python3-olefile
  gnumeric fonts-ipafont-gothic fonts-ipafont-mincho poppler-utils
  zip unzip p7zip-full jlha-utils lhasa qpdf mdbtools
  nodejs npm
)

# shellcheck source=scripts/lib/debian_packages.sh
source scripts/lib/debian_packages.sh
# Without recommends, LibreOffice is the parts the fixtures need (no GUI toolkits, no Java):
# the headless conversions and the UNO bridge work without them.
install_missing_debian_packages install-fixture-tools "${packages[@]}"

if [ ! -f "$tools_dir/node_modules/officecrypto-tool/package.json" ]; then
  echo "install-fixture-tools: npm install officecrypto-tool@$officecrypto_version" >&2
  mkdir -p "$tools_dir"
  if [ ! -f "$tools_dir/package.json" ]; then
    printf '{ "name": "mamori-fixture-tools", "private": true }\n' >"$tools_dir/package.json"
  fi
  (cd "$tools_dir" && npm install --no-audit --no-fund --loglevel=error \
     "officecrypto-tool@$officecrypto_version" >&2)
fi
