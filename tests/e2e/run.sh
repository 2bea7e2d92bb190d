#!/usr/bin/env bash
# The console end to end, in a real headless Chromium (doc/testing-e2e.md): generates the
# demo share, scans it into a fresh SQLite store under the example policy, creates an
# operator, starts `mamori serve` on a free loopback port and drives the browser through
# tests/e2e/console.e2e.mjs. Screenshots go to $E2E_ARTIFACTS (default ./e2e-artifacts).
#
# Needs Debian's chromium and playwright-core from npm: scripts/install-browser-tools.sh.
# Missing tools make the test fail, not skip: a green run always means a browser ran.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${MAMORI:?set MAMORI to the mamori binary}"
source_dir="${MAMORI_SOURCE_DIR:-$(cd "$here/../.." && pwd)}"
tools_dir="${BROWSER_TOOLS_DIR:-$source_dir/build/browser-tools}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
artifacts="${E2E_ARTIFACTS:-$PWD/e2e-artifacts}"
python=/usr/bin/python3

fail() { echo "FAIL: $*" >&2; exit 1; }

missing=()
command -v node >/dev/null || missing+=("node")
[ -x "$chromium" ] || missing+=("chromium ($chromium)")
[ -f "$tools_dir/node_modules/playwright-core/package.json" ] ||
  missing+=("playwright-core ($tools_dir/node_modules)")
if [ ${#missing[@]} -gt 0 ]; then
  fail "missing ${missing[*]}: run scripts/install-browser-tools.sh"
fi

WORK=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export MAMORI_KEY_FILE="$WORK/key"
head -c 32 /dev/urandom >"$MAMORI_KEY_FILE"
# The cheapest argon2id cost: the test logs in a few times, it does not measure hashing.
export MAMORI_PWHASH_COST=min

# The README's demo share: every encoding, personal files and decoys, fixed by the seed.
"$python" "$source_dir/bench/gen_corpus.py" --demo --seed 7 --out "$WORK/share" \
  --labels "$WORK/labels.jsonl" >/dev/null 2>"$WORK/gen.err" ||
  { cat "$WORK/gen.err" >&2; fail "gen_corpus"; }
"$python" "$here/clear_values.py" "$WORK/share" "$WORK/labels.jsonl" >"$WORK/clear-values.json"

# The example policy's rules, with its zones moved onto the demo share: the pension offices'
# folders play the internet-connected share, the processing centres the isolated one.
policy="$WORK/policy.yaml"
sed -e 's|- /srv/share/\*\*|- 年金事務所/**|' -e 's|- /srv/kikan/\*\*|- 事務センター/**|' \
  "$source_dir/examples/policy.yaml" >"$policy"
if ! grep -q '年金事務所/\*\*' "$policy" || ! grep -q '事務センター/\*\*' "$policy"; then
  fail "examples/policy.yaml no longer has the zone paths tests/e2e/run.sh moves"
fi
zone=internet-share

db="$WORK/inventory.db"
status=0
"$MAMORI" scan --db "$db" --policy "$policy" --format jsonl "$WORK/share" \
  >"$WORK/scan.jsonl" 2>"$WORK/scan.err" || status=$?
[ "$status" -eq 1 ] || { cat "$WORK/scan.err" >&2; fail "scan exited $status, expected 1"; }

user=e2e-operator
password="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
for role in operator viewer; do
  printf '%s\n' "$password" | "$MAMORI" user add --db "$db" "e2e-$role" --role "$role" \
    >"$WORK/user.out" 2>&1 || { cat "$WORK/user.out" >&2; fail "user add e2e-$role"; }
done

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base_url="http://127.0.0.1:$port"
"$MAMORI" serve --db "$db" --listen "127.0.0.1:$port" >"$WORK/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null --max-time 1 "$base_url/login" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/serve.log" >&2; fail "serve exited"; }
  sleep 0.1
done
curl -sf -o /dev/null --max-time 2 "$base_url/login" ||
  { cat "$WORK/serve.log" >&2; fail "serve does not answer on $base_url within 10 s"; }

rm -rf "$artifacts"
status=0
BASE_URL="$base_url" E2E_USER="$user" E2E_VIEWER=e2e-viewer E2E_PASSWORD="$password" \
  CLEAR_VALUES="$WORK/clear-values.json" E2E_ARTIFACTS="$artifacts" \
  PLAYWRIGHT_DIR="$tools_dir" CHROMIUM="$chromium" \
  E2E_FILE_QUERY="${E2E_FILE_QUERY:-記録突合リスト}" E2E_ZONE="$zone" \
  timeout 100 node "$here/console.e2e.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- mamori serve log" >&2
  tail -n 50 "$WORK/serve.log" >&2
  fail "console.e2e.mjs exited $status"
fi

kill -0 "$server_pid" 2>/dev/null || fail "serve died during the test"
# The server's own log is an output too.
if ! "$python" - "$WORK/clear-values.json" "$WORK/serve.log" <<'PY'; then
import json, re, sys
values = set(json.load(open(sys.argv[1])))
log = open(sys.argv[2], encoding="utf-8", errors="replace").read()
sys.exit(any(run in values or run.replace("-", "").replace(" ", "") in values
             for run in re.findall(r"\d+(?:[- ]\d+)*", log)))
PY
  fail "clear value in the serve log"
fi
echo "e2e.console: ok (artefacts in $artifacts)"
