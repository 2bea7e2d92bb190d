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

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# A node that ships its own npm (the nodesource build) conflicts with Debian's npm package.
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm/}")
  read -r -a missing <<<"${missing[*]}"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-fixture-tools: apt-get install ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # --no-install-recommends keeps LibreOffice to the parts the fixtures need (no GUI
  # toolkits, no Java); the headless conversions and the UNO bridge work without them.
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f "$tools_dir/node_modules/officecrypto-tool/package.json" ]; then
  echo "install-fixture-tools: npm install officecrypto-tool@$officecrypto_version" >&2
  mkdir -p "$tools_dir"
  if [ ! -f "$tools_dir/package.json" ]; then
    printf '{ "name": "mamori-fixture-tools", "private": true }\n' >"$tools_dir/package.json"
  fi
  (cd "$tools_dir" && npm install --no-audit --no-fund --loglevel=error \
     "officecrypto-tool@$officecrypto_version" >&2)
fi
