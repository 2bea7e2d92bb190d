#!/usr/bin/env bash
# The console under load: N synthetic file records (default 1,000,000) in a store, `mamori
# serve` on loopback, 50 concurrent clients (wrk -t2 -c50 -d20s) with a logged-in session on
# the dashboard, the findings list, a filtered findings list, findings pages that vary with
# every request, and "findings distinct": only distinct, uncached queries mixing every filter
# the console offers (share, zone, rule, kind, item, min risk, state, path text long and
# short, every order) with deep keyset pages (after=ID), so that the store answers each one
# itself. Prints latency percentiles and requests/s side by side (and, for the distinct mix,
# how many answers were cut at the console's time budget). The varied and distinct mixes
# run twice: as 50 people (0.5-1.5 s between pages) and as a closed-loop stress without
# think time. Fails when a p99 of the first five exceeds LIMIT_MS (printed either way).
#
#   bench/console_load.sh                          # SQLite, 1M files, build/release
#   BUILD=build/h-serve FILES=100000 bench/console_load.sh
#   DB=postgresql://mamori@127.0.0.1/bench bench/console_load.sh   # a PostgreSQL store
#
# Environment: BUILD (a build dir with mamori and make_synthetic_store), FILES, SCANS,
# DB (store URL; default a SQLite file under WORK, kept between runs unless REBUILD=1),
# WORK (default /tmp/mamori-console-load), DURATION (default 20s), CONNECTIONS (50),
# THREADS (server worker threads, default 64), LIMIT_MS (200), CLIENT_CPU (pin wrk to one
# thread on this CPU: on a 2-core machine the client's two threads otherwise compete with
# the server's for the same cores, and a descheduled wrk thread counts its own wait as the
# server's latency; real clients sit on other machines).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build/release}
FILES=${FILES:-1000000}
SCANS=${SCANS:-3}
WORK=${WORK:-/tmp/mamori-console-load}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-64}
LIMIT_MS=${LIMIT_MS:-200}
mkdir -p "$WORK"
DB=${DB:-$WORK/console-$FILES.db}
mamori=$BUILD/mamori
maker=$BUILD/bench/make_synthetic_store
for tool in "$mamori" "$maker"; do
  [ -x "$tool" ] || { echo "console_load: $tool missing (cmake --build $BUILD --target mamori make_synthetic_store)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "console_load: wrk is not installed" >&2; exit 2; }
export MAMORI_PWHASH_COST=min  # the bench user's hash; the server's own work is what we time

# The store: built once per size (about a minute per million files on SQLite).
if [[ "$DB" != postgres* ]] && { [ "${REBUILD:-0}" = 1 ] || [ ! -s "$DB" ]; }; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "console_load: writing $FILES synthetic files x $SCANS scans into $DB"
  /usr/bin/time -f "console_load: store built in %e s, peak RSS %M KiB" \
    "$maker" --db "$DB" --files "$FILES" --scans "$SCANS"
elif [[ "$DB" == postgres* ]] && [ "${REBUILD:-1}" = 1 ]; then
  echo "console_load: writing $FILES synthetic files x $SCANS scans into $DB"
  "$maker" --db "$DB" --files "$FILES" --scans "$SCANS"
fi

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
if ! printf '%s\n' "$password" | "$mamori" user add --db "$DB" bench --role viewer 2>/dev/null; then
  printf '%s\n' "$password" | "$mamori" user passwd --db "$DB" bench
fi

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$mamori" serve --db "$DB" --listen "127.0.0.1:$port" --threads "$THREADS" >"$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf -o /dev/null "$base/login" && break
  kill -0 $server 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 2; }
  sleep 0.1
done

jar=$WORK/cookies.txt
rm -f "$jar"
csrf=$(curl -sf -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null \
  --data-urlencode "csrf=$csrf" --data-urlencode "username=bench" \
  --data-urlencode "password=$password" "$base/login"
session=$(awk '$6 == "mamori_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "console_load: login failed" >&2; exit 2; }
cookie="Cookie: mamori_session=$session"

# Every request a different page and filter: the store answers each one itself.
cat >"$WORK/varied.lua" <<'LUA'
local zones = {"", "internet", "isolated"}
local rules = {"", "world-readable", "retention-1y", "internet-share"}
local orders = {"risk", "people", "path", "modified"}
math.randomseed(os.time())
request = function()
  local path = string.format("/findings?zone=%s&rule=%s&order=%s&min_risk=%d&page=%d",
    zones[math.random(#zones)], rules[math.random(#rules)], orders[math.random(#orders)],
    math.random(0, 20), math.random(1, 200))
  return wrk.format("GET", path)
end
LUA

# Only distinct queries: a counter in the minimum risk's last decimals makes every filter new
# (the console caches by filter), and the cursor of a keyset page is any file id.
cat >"$WORK/distinct.lua" <<LUA
local files = $FILES
LUA
cat >>"$WORK/distinct.lua" <<'LUA'
local shares = {"", "", "", "/srv/share-00", "/srv/share-03", "/srv/share-07"}
local zones = {"", "", "internet", "isolated"}
local rules = {"", "", "world-readable", "retention-1y", "internet-share"}
local kinds = {"", "", "", "", "access", "retention"}
local items = {"", "", "", "", "my_number", "birth_date"}
local states = {"", "", "open", "acknowledged"}
local orders = {"risk", "people", "path", "modified"}
local counter = 0
local thread_seed = 0
local threads = {}
setup = function(thread)
  thread_seed = thread_seed + 1; thread:set("seed", thread_seed); table.insert(threads, thread)
end
-- How many answers were the console's "could not finish in time" notice (the time budget).
cut = 0
answered = 0
response = function(status, headers, body)
  answered = answered + 1
  if body and string.find(body, 'data-testid="findings-cut"', 1, true) then cut = cut + 1 end
end
done = function(summary, latency, requests)
  local c, a = 0, 0
  for _, thread in ipairs(threads) do c = c + thread:get("cut"); a = a + thread:get("answered") end
  io.write(string.format("cut at the time budget: %d of %d answers\n", c, a))
end
init = function() math.randomseed(os.time() * 100 + (seed or 0)) end
local function pick(list) return list[math.random(#list)] end
local function text()
  local kind = math.random(6)
  if kind == 1 then return string.format("file-%05d", math.random(0, 99999)) end  -- rare
  if kind == 2 then return string.format("dept-%03d", math.random(0, 199)) end     -- 0.5%
  if kind == 3 then return string.format("sub-%02d", math.random(0, 49)) end       -- 2%
  if kind == 4 then return "%E5%90%8D%E7%B0%BF" end                               -- 2 chars
  return ""
end
request = function()
  counter = counter + 1
  local risk = math.random(0, 3) * 5 + (counter % 100000) / 1e6 + (seed or 0) / 1e7
  local path = string.format(
    "/findings?share=%s&zone=%s&rule=%s&kind=%s&item=%s&state=%s&q=%s&order=%s&min_risk=%.7f",
    pick(shares), pick(zones), pick(rules), pick(kinds), pick(items), pick(states), text(),
    pick(orders), risk)
  if math.random(2) == 1 then
    path = path .. string.format("&after=%d&page=%d", math.random(1, files), math.random(2, 5000))
  end
  return wrk.format("GET", path)
end
LUA

# Fifty people at the console: the same distinct queries, each client thinking 0.5-1.5 s
# between pages (wrk's delay()) as a person reading a list does.
for kind in varied distinct; do
  { cat "$WORK/$kind.lua"; echo 'delay = function() return math.random(500, 1500) end'; } \
    >"$WORK/$kind-users.lua"
done

# The limit applies to what 50 people do (limited=1); the two closed loops without think time
# are a stress test (every client re-asks the instant it is answered, uncached: latency is
# then 50 / throughput whatever the plan) and are printed, not judged.
declare -a names urls scripts limited
names+=("dashboard");         urls+=("/dashboard"); scripts+=("");                  limited+=(1)
names+=("findings");          urls+=("/findings");  scripts+=("");                  limited+=(1)
names+=("findings filtered"); urls+=("/findings?zone=internet&min_risk=10&state=open&q=dept-01")
                                                    scripts+=("");                  limited+=(1)
names+=("varied, 50 users");  urls+=("/findings");  scripts+=("$WORK/varied-users.lua");   limited+=(1)
names+=("distinct, 50 users"); urls+=("/findings"); scripts+=("$WORK/distinct-users.lua"); limited+=(1)
names+=("varied, stress");    urls+=("/findings");  scripts+=("$WORK/varied.lua");   limited+=(0)
names+=("distinct, stress");  urls+=("/findings");  scripts+=("$WORK/distinct.lua"); limited+=(0)

to_ms() {  # wrk prints 812.00us, 12.34ms, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
                          else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}

printf '\nconsole_load: %s files, store %s, %s clients, %s per run, %s server threads, client %s\n' \
  "$FILES" "$DB" "$CONNECTIONS" "$DURATION" "$THREADS" \
  "$([ -n "${CLIENT_CPU:-}" ] && echo "wrk -t1 pinned to CPU $CLIENT_CPU" || echo "wrk -t2 unpinned")"
printf '%-20s %9s %9s %9s %9s %10s %8s\n' page p50_ms p75_ms p90_ms p99_ms req/s errors
status=0
for i in "${!names[@]}"; do
  curl -sf -o /dev/null -H "$cookie" "$base${urls[$i]}" || { echo "console_load: ${urls[$i]} failed" >&2; exit 2; }
  script=()
  [ -n "${scripts[$i]}" ] && script=(-s "${scripts[$i]}")
  if [ -n "${CLIENT_CPU:-}" ]; then
    client=(taskset -c "$CLIENT_CPU" wrk -t1)
  else
    client=(wrk -t2)
  fi
  out=$("${client[@]}" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$cookie" "${script[@]}" "$base${urls[$i]}")
  echo "$out" >"$WORK/wrk-$i.txt"
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p75=$(to_ms "$(awk '$1 == "75%" { print $2 }' <<<"$out")")
  p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ { s = s $0 " " } END { print (s == "" ? 0 : s) }' <<<"$out")
  printf '%-20s %9s %9s %9s %9s %10s %8s\n' "${names[$i]}" "$p50" "$p75" "$p90" "$p99" "$rps" "$errors"
  grep '^cut at the time budget' <<<"$out" | sed 's/^/  /' || true
  if [ "${limited[$i]}" = 1 ] && awk -v p="$p99" -v l="$LIMIT_MS" 'BEGIN { exit !(p > l) }'; then
    echo "console_load: ${names[$i]}: p99 $p99 ms > $LIMIT_MS ms" >&2
    status=1
  fi
  [ "$errors" = 0 ] || status=1
done
exit $status
