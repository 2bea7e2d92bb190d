#!/usr/bin/env bash
# Each kind of findings query of the console, alone and uncached: every filter of the
# "findings distinct" mix of bench/console_load.sh (share, zone, rule, kind, item, state, path
# texts rare, common, short and absent, pairs of large filters that barely overlap) in every
# order, plus deep pages (keyset and OFFSET), each requested once with curl against a fresh
# `mamori serve` (so neither the list nor the count is in the console's cache). Prints one
# line per query: HTTP status, milliseconds, rows shown, the count line or "CUT" when the
# store gave up at the console's time budget; then how many were over LIMIT_MS and how many
# were cut.
#
#   BUILD=build/h-query DB=/tmp/hq/console-1m.db bench/console_queries.sh
#   DB=postgresql://mamori@127.0.0.1:5432/bench bench/console_queries.sh
#
# Environment: BUILD (a build dir with mamori), DB (an existing store, e.g. one
# console_load.sh built), WORK (default /tmp/mamori-console-queries), LIMIT_MS (200).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build/release}
WORK=${WORK:-/tmp/mamori-console-queries}
LIMIT_MS=${LIMIT_MS:-200}
: "${DB:?DB must name an existing store}"
mamori=$BUILD/mamori
mkdir -p "$WORK"
export MAMORI_PWHASH_COST=min

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
if ! printf '%s\n' "$password" | "$mamori" user add --db "$DB" bench --role viewer 2>/dev/null; then
  printf '%s\n' "$password" | "$mamori" user passwd --db "$DB" bench
fi
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$mamori" serve --db "$DB" --listen "127.0.0.1:$port" --threads 8 >"$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  curl -sf -o /dev/null "$base/login" && break
  kill -0 $server 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 2; }
  sleep 0.1
done
jar=$WORK/cookies.txt
rm -f "$jar"
csrf=$(curl -sf -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
  --data-urlencode "username=bench" --data-urlencode "password=$password" "$base/login"
curl -sf -b "$jar" -o /dev/null "$base/dashboard"  # the overview every page shows

filters=(
  ""
  "share=/srv/share-03"
  "zone=internet"
  "zone=isolated"
  "rule=world-readable"
  "rule=retention-1y"
  "rule=internet-share"
  "kind=access"
  "kind=retention"
  "item=my_number"
  "item=birth_date"
  "item=email"
  "state=open"
  "state=acknowledged"
  "min_risk=15"
  "q=file-00123"
  "q=dept-017"
  "q=sub-07"
  "q=dept-01"
  "q=%E5%90%8D%E7%B0%BF"
  "q=%E5%90%8D%E7%B0%BF%E3%81%82"
  "q=7/"
  "zone=isolated&rule=internet-share"
  "zone=internet&rule=world-readable"
  "share=/srv/share-07&rule=internet-share"
  "share=/srv/share-00&kind=retention&item=my_number"
  "zone=internet&min_risk=10&state=open&q=dept-01"
  "rule=retention-1y&item=birth_date&state=open&q=sub-07"
)
orders=(risk people path modified)

printf '%-62s %4s %8s %5s  %s\n' query http ms rows count
total=0
slow=0
cut=0
while IFS= read -r url; do
  out=$(curl -s -b "$jar" -o "$WORK/body" -w '%{http_code} %{time_total}' "$base$url")
  code=${out% *}
  ms=$(awk -v s="${out#* }" 'BEGIN { printf "%.0f", s * 1000 }')
  rows=$( (grep -o 'data-testid="finding-row"' "$WORK/body" || true) | wc -l)
  if grep -q 'data-testid="findings-cut"' "$WORK/body"; then
    note=CUT
    cut=$((cut + 1))
  else
    note=$(grep -o 'data-testid="findings-count">[^<]*' "$WORK/body" | sed 's/.*>//' | head -1)
  fi
  total=$((total + 1))
  [ "$ms" -gt "$LIMIT_MS" ] && slow=$((slow + 1))
  printf '%-62s %4s %8s %5s  %s\n' "$url" "$code" "$ms" "$rows" "$note"
done < <(
  for filter in "${filters[@]}"; do
    for order in "${orders[@]}"; do
      echo "/findings?${filter:+$filter&}order=$order"
    done
  done
  # Deep pages: keyset (the console's own links) and OFFSET (hand-edited page numbers).
  for order in "${orders[@]}"; do
    echo "/findings?order=$order&after=500000&page=300"
    echo "/findings?rule=retention-1y&order=$order&after=123457&page=900"
    echo "/findings?zone=internet&order=$order&page=200"
  done
)
printf '\nconsole_queries: %d queries, %d over %d ms, %d cut at the time budget\n' \
  "$total" "$slow" "$LIMIT_MS" "$cut"
