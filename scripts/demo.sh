#!/usr/bin/env bash
# The README's first command. Builds mamori, generates a small demo share (personal-data
# files and decoys in the encodings Japanese offices use), scans it into an embedded SQLite
# store under the example policy, writes the HTML report and opens the web console.
#
#   scripts/demo.sh                  serve the console until Ctrl-C (on a terminal)
#   scripts/demo.sh --serve-seconds N  serve for N seconds, then stop (0: check it answers)
#
# Without a terminal (CI, a pipe) the console is started, checked and stopped at once.
set -euo pipefail
cd "$(dirname "$0")/.."

serve_seconds=""
port=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --serve-seconds) serve_seconds="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$serve_seconds" ] && [ ! -t 1 ]; then serve_seconds=0; fi

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
mamori=build/release/mamori

rm -rf demo
mkdir -p demo
/usr/bin/python3 bench/gen_corpus.py --demo --seed 7 --out demo/share --labels demo/labels.jsonl
export MAMORI_KEY_FILE="$PWD/demo/key"

# The example policy's rules with its zones moved onto the demo share: the pension offices'
# folders play the internet-connected file server, the processing centres the isolated one.
sed -e 's|- /srv/share/\*\*|- 年金事務所/**|' -e 's|- /srv/kikan/\*\*|- 事務センター/**|' \
  examples/policy.yaml > demo/policy.yaml

echo
echo "== mamori scan --db demo/inventory.db --policy demo/policy.yaml demo/share"
status=0
"$mamori" scan --format table --db demo/inventory.db --policy demo/policy.yaml demo/share ||
  status=$?
echo "exit status $status (0 clean, 1 personal data found, 2 error)"
[ "$status" -le 1 ] || exit "$status"

echo
echo "== mamori scan again: unchanged files are carried forward, not read"
"$mamori" scan --format table --db demo/inventory.db --policy demo/policy.yaml demo/share \
  > /dev/null || [ $? -le 1 ]

echo
echo "== mamori report --db demo/inventory.db -o demo/report.html"
"$mamori" report --db demo/inventory.db -o demo/report.html
echo "wrote demo/report.html (self-contained: open it in any browser, offline)"

# A console user with a one-time random password, shown once here and stored only as an
# argon2id hash.
password="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$password" | "$mamori" user add --db demo/inventory.db demo-admin --role admin \
  > /dev/null

echo
echo "== mamori serve --db demo/inventory.db --listen 127.0.0.1:$port"
echo "   open http://127.0.0.1:$port/  user: demo-admin  password: $password"
if [ -z "$serve_seconds" ]; then
  exec "$mamori" serve --db demo/inventory.db --listen "127.0.0.1:$port"
fi
"$mamori" serve --db demo/inventory.db --listen "127.0.0.1:$port" > demo/serve.log 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
answered=""
for _ in $(seq 1 50); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/login" 2> /dev/null; then answered=yes; break; fi
  sleep 0.2
done
if [ -z "$answered" ]; then
  cat demo/serve.log >&2
  echo "the console did not answer on 127.0.0.1:$port" >&2
  exit 2
fi
echo "   the console answers on http://127.0.0.1:$port/login"
sleep "$serve_seconds"
echo "   stopped (scripts/demo.sh on a terminal keeps it running until Ctrl-C)"
