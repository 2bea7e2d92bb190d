#!/usr/bin/env bash
# Installs the Debian packages mamori needs to build, test and benchmark, when missing.
# Safe to run again: packages already present are not touched.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev libfuzzer-14-dev
  libicu-dev libuchardet-dev libhyperscan-dev libssl-dev libarchive-dev
  nlohmann-json3-dev libcli11-dev libexpected-dev libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-openpyxl ripgrep time
  libexpat1-dev libpoppler-cpp-dev poppler-data mdbtools-dev libgmime-3.0-dev liblhasa-dev
  libacl1-dev libyaml-cpp-dev libpqxx-dev libsodium-dev libcpp-httplib-dev
  postgresql wrk acl zip curl
)

# shellcheck source=scripts/lib/debian_packages.sh
source "$(dirname "$0")/lib/debian_packages.sh"
install_missing_debian_packages install-deps "${packages[@]}"
