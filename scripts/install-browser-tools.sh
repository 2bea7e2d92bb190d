#!/usr/bin/env bash
# Installs what the browser end-to-end test (tests/e2e/run.sh) needs, when missing:
# Debian's chromium with Japanese fonts (so screenshots show real glyphs, not boxes) through
# apt-get, and playwright-core from npm into a local folder (default build/browser-tools;
# override with BROWSER_TOOLS_DIR). playwright-core is the driver alone: it never downloads
# a browser, the test points it at /usr/bin/chromium.
# Safe to run again: nothing already present is touched. Non-interactive.
set -euo pipefail
cd "$(dirname "$0")/.."

tools_dir="${BROWSER_TOOLS_DIR:-$PWD/build/browser-tools}"
playwright_version="1.65.1"

packages=(chromium fonts-noto-cjk fonts-ipafont-gothic nodejs npm)

# shellcheck source=scripts/lib/debian_packages.sh
source scripts/lib/debian_packages.sh
install_missing_debian_packages install-browser-tools "${packages[@]}"

installed_version() {
  node -p "require('$tools_dir/node_modules/playwright-core/package.json').version" 2>/dev/null
}
if [ "$(installed_version)" != "$playwright_version" ]; then
  echo "install-browser-tools: npm install playwright-core@$playwright_version" >&2
  mkdir -p "$tools_dir"
  if [ ! -f "$tools_dir/package.json" ]; then
    printf '{ "name": "mamori-browser-tools", "private": true }\n' >"$tools_dir/package.json"
  fi
  # playwright-core has no install script that fetches browsers; the variable makes sure of it.
  (cd "$tools_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund \
     --loglevel=error "playwright-core@$playwright_version" >&2)
fi
