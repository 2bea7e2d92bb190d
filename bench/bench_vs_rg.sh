#!/usr/bin/env bash
# Times `mamori scan` and ripgrep on the same generated CSV/text corpus, in the same run,
# warm cache, and prints seconds, MB/s, files/s and peak RSS for each (MB = 2^20 bytes).
# rg searches for the same identifier shapes mamori looks for; it is the reference for
# raw speed (issue 3 target: mamori within 2x of rg's time, peak RSS under 200 MB). rg runs
# twice: counting matching lines (-c, the issue's figure) and counting every match
# (--count-matches, the same job as mamori's); both ratios are printed. A third rg run,
# "rg-names", adds what else mamori looks for in running text (its built-in surname
# dictionary and prefecture + municipality) to -c's patterns: the issue's "same identifier
# patterns" taken at their widest, to show how much of the ratio the narrower set explains.
#
# mamori is the profile-guided build (build/pgo/mamori, made by scripts/build-pgo.sh) when
# there is one, else the release build; with both present the release build is timed too,
# as "mamori-O2", so the profile's share of the figure is in the same table.
#
# "readers" is bench/read_floor from the same build directory when it was built: mamori's
# readers alone (sniffing, decoding, CSV splitting, NFKC) with no detector, tally or report
# behind them. It is the part of a scan no detector work can remove, printed as a ratio to rg
# so the target can be judged against what reading costs. "split" is the same binary with
# --split-only: each file's raw bytes through the CSV splitter alone, nothing decoded or
# normalised, the floor of a design that matched on the encoded bytes.
#
# Each command runs --runs times (default 3), the tools in turn within a round, so a burst of
# another tenant's load falls on all of them; the table gives each tool's median run, its
# fastest and slowest wall time, and its highest peak RSS.
#
#   bench/bench_vs_rg.sh [--mb 1024] [--threads 2] [--runs 3] [--seed 1] [--mamori PATH]
#                        [--hyperfine] [--accuracy]
#
# The corpus is cached in bench/out/corpus-s<seed>-<mb>mb/ (labels beside the share, not
# in it). Exit 0 unless a tool fails (rg 1 = no match and mamori 1 = findings are fine).
set -euo pipefail
cd "$(dirname "$0")/.."

mb=1024
threads=2
runs=3
seed=1
mamori=""
use_hyperfine=0
accuracy=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --mamori) mamori="$2"; shift 2 ;;
    --hyperfine) use_hyperfine=1; shift ;;
    --accuracy) accuracy=1; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

mamori_o2=""
if [ -z "$mamori" ]; then
  for candidate in build/pgo/mamori build/release/mamori build/dev/mamori; do
    if [ -x "$candidate" ]; then mamori="$candidate"; break; fi
  done
  if [ "$mamori" = build/pgo/mamori ] && [ -x build/release/mamori ]; then
    mamori_o2=build/release/mamori
  fi
fi
readers=""
for candidate in "$(dirname "$mamori")/bench/read_floor" build/release/bench/read_floor; do
  if [ -n "$mamori" ] && [ -x "$candidate" ]; then readers="$candidate"; break; fi
done
# A read_floor from before --split-only answers it with a usage error: no split row then.
# (Given /dev/null, which is no directory, a newer one reads nothing and exits 0.)
split_floor=0
if [ -n "$readers" ] && "$readers" --split-only /dev/null > /dev/null 2>&1; then
  split_floor=1
fi
# The scan built with the same flags as the readers, for the share detection takes.
readers_peer=mamori
if [ -n "$readers" ] && [ -n "$mamori_o2" ] &&
    [ "$(dirname "$(dirname "$readers")")" = "$(dirname "$mamori_o2")" ]; then
  readers_peer=mamori-O2
fi
# GNU time measures every run's peak RSS; ripgrep is the reference.
# shellcheck source=scripts/lib/debian_packages.sh
source scripts/lib/debian_packages.sh
install_missing_debian_packages bench_vs_rg time ripgrep

# ---- corpus (cached by seed and size)
out="bench/out/corpus-s${seed}-${mb}mb"
share="$out/share"
labels="$out/share.labels.jsonl"
if [ ! -f "$out/.complete" ]; then
  rm -rf "$out"
  mkdir -p "$out"
  echo "generating ${mb} MiB corpus (seed $seed) in $share ..." >&2
  start=$(date +%s.%N)
  python3 bench/gen_corpus.py --out "$share" --labels "$labels" --seed "$seed" --files 100 \
    --total-mb "$mb" --kinds csv,text
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "generated in %.1f s\n", e - s}' >&2
  touch "$out/.complete"
fi
bytes=$(du -sb "$share" | cut -f1)
files=$(find "$share" -type f | wc -l)

# ---- warm the page cache once, so both tools read from memory
find "$share" -type f -print0 | xargs -0 cat > /dev/null

# Same identifier shapes as mamori's prefilter: pension number, 12/13-digit numbers,
# era and Western dates, postal codes, e-mail addresses.
rg_patterns=(
  -e '[0-9]{4}-?[0-9]{6}'
  -e '[0-9]{12,13}'
  -e '(明治|大正|昭和|平成|令和|[MTSHR])[0-9元]{1,2}[年./][0-9]{1,2}[月./][0-9]{1,2}'
  -e '[0-9]{4}[/-][0-9]{1,2}[/-][0-9]{1,2}'
  -e '〒?[0-9]{3}-[0-9]{4}'
  -e '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+')
# rg: the issue's reference, matching lines counted (-c), so rg leaves a line at its first
# match. rg-all: every match counted (--count-matches), the job mamori does, which has to
# find every identifier of every record to count records, items and people.
rg_args=(-c --no-messages -j "$threads" "${rg_patterns[@]}" "$share")
rg_all_args=(--count-matches --no-messages -j "$threads" "${rg_patterns[@]}" "$share")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The surnames and their readings from the dictionary mamori builds in, one per line (plain
# kanji and kana: no character in them is special to a regex).
sed -n '/^R"SURNAMES(/,/^)SURNAMES"/p' src/detect/surnames.inc | sed '1s/^R"SURNAMES(//; /^)SURNAMES"/d' |
  tr '\t' '\n' | sed '/^$/d' | sort -u > "$tmp/surnames.txt"
rg_names_args=(-c --no-messages -j "$threads" "${rg_patterns[@]}" -f "$tmp/surnames.txt"
  -e '(北海道|東京都|京都府|大阪府|\p{Han}{2,3}県)\p{Han}{1,9}[市区町村郡]' "$share")
export MAMORI_KEY_FILE="${MAMORI_KEY_FILE:-$PWD/bench/out/key}"

# run NAME OKCODES CMD... : GNU time appends "wall_s peak_kb exit cpu% user_s sys_s" to
# $tmp/NAME.runs
run() {
  local name="$1" ok="$2"; shift 2
  local status=0
  /usr/bin/time -f "%e %M %x %P %U %S" -o "$tmp/$name.time" "$@" > /dev/null 2> "$tmp/$name.err" || status=$?
  if ! [[ " $ok " == *" $status "* ]]; then
    echo "$name failed with exit $status:" >&2
    tail -5 "$tmp/$name.err" >&2
    return 1
  fi
  tail -n 1 "$tmp/$name.time" >> "$tmp/$name.runs"
}

# The median run of NAME (by wall time): the line of $tmp/NAME.runs in the middle.
median() { sort -n "$tmp/$1.runs" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }
# The highest peak RSS (kB) of NAME's runs.
peak_kb() { awk '$2 > kb { kb = $2 } END { print kb }' "$tmp/$1.runs"; }

failed=0
have_mamori=0
if [ -n "$mamori" ] && [ -x "$mamori" ]; then
  have_mamori=1
else
  echo "mamori binary not found (build/pgo, build/release, build/dev): timing rg only" >&2
fi
for ((round = 1; round <= runs && failed == 0; round++)); do
  if [ "$have_mamori" = 1 ]; then
    run mamori "0 1" "$mamori" scan --format jsonl --threads "$threads" "$share" || failed=1
    if [ -n "$mamori_o2" ]; then
      run mamori-O2 "0 1" "$mamori_o2" scan --format jsonl --threads "$threads" "$share" || failed=1
    fi
  fi
  if [ -n "$readers" ]; then
    run readers "0" "$readers" --threads "$threads" "$share" || failed=1
  fi
  if [ "$split_floor" = 1 ]; then
    run split "0" "$readers" --threads "$threads" --split-only "$share" || failed=1
  fi
  run rg "0 1" rg "${rg_args[@]}" || failed=1
  run rg-all "0 1" rg "${rg_all_args[@]}" || failed=1
  run rg-names "0 1" rg "${rg_names_args[@]}" || failed=1
done

# ---- report
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
echo
echo "machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
echo "corpus:  $share: $files files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}') MB (CSV/TSV/text, seed $seed)"
echo "threads: $threads; warm page cache; MB = 2^20 bytes; median of $runs runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rg:      $(rg --version | head -1)"
[ "$have_mamori" = 1 ] && echo "mamori:  $mamori ($("$mamori" --version 2>/dev/null | head -1 || echo 'version unknown'))"
[ -n "$mamori_o2" ] && echo "mamori-O2: $mamori_o2 (the same sources without the profile)"
[ -n "$readers" ] && echo "readers: $readers (mamori's readers alone: no detection, tally or report)"
[ "$split_floor" = 1 ] && echo "split:   $readers --split-only (raw bytes through the CSV splitter alone: nothing decoded)"
echo
# CPU is (user + sys) / wall: about 100% per thread when every thread stays busy to the end.
# "CPU s" (user + sys seconds, all threads) moves less than wall time on a shared machine.
printf '%-9s %9s %11s %9s %10s %13s %6s %7s\n' tool seconds "fast-slow" "MB/s" "files/s" "peak RSS MB" "CPU" "CPU s"
for name in mamori mamori-O2 readers split rg rg-all rg-names; do
  [ -f "$tmp/$name.runs" ] || continue
  read -r secs _ _ cpu user sys < <(median "$name")
  read -r fastest slowest < <(awk 'NR == 1 || $1 < lo { lo = $1 } NR == 1 || $1 > hi { hi = $1 }
    END { print lo, hi }' "$tmp/$name.runs")
  kb=$(peak_kb "$name")
  awk -v n="$name" -v s="$secs" -v lo="$fastest" -v hi="$slowest" -v kb="$kb" -v b="$bytes" \
      -v f="$files" -v c="$cpu" -v u="$user" -v y="$sys" 'BEGIN {
    if (s <= 0) s = 0.01
    printf "%-9s %9.2f %11s %9.1f %10.1f %13.1f %6s %7.2f\n", n, s, sprintf("%.2f-%.2f", lo, hi),
      b / 1048576 / s, f / s, kb / 1024, c, u + y }'
done
if [ -f "$tmp/mamori.runs" ] && [ -f "$tmp/rg.runs" ]; then
  read -r ms _ < <(median mamori)
  mkb=$(peak_kb mamori)
  read -r rs _ < <(median rg)
  ras=0
  [ -f "$tmp/rg-all.runs" ] && read -r ras _ < <(median rg-all)
  rns=0
  [ -f "$tmp/rg-names.runs" ] && read -r rns _ < <(median rg-names)
  awk -v m="$ms" -v r="$rs" -v ra="$ras" -v rn="$rns" -v kb="$mkb" 'BEGIN {
    if (r <= 0) r = 0.01
    ratio = m / r
    printf "\nmamori/rg time ratio: %.2f (issue 3 target <= 2.00: %s); mamori peak RSS %.1f MB (target < 200: %s)\n",
      ratio, ratio <= 2 ? "met" : "NOT met", kb / 1024, kb / 1024 < 200 ? "met" : "NOT met"
    if (ra > 0) printf "mamori/rg-all time ratio: %.2f (rg finding every match, as mamori must)\n", m / ra
    if (rn > 0) printf "mamori/rg-names time ratio: %.2f (rg -c with surnames and prefectures too)\n", m / rn }'
  if [ -f "$tmp/mamori-O2.runs" ]; then
    read -r os _ < <(median mamori-O2)
    awk -v o="$os" -v r="$rs" -v ra="$ras" 'BEGIN {
      if (r <= 0) r = 0.01
      printf "mamori-O2 (no profile): %.2f x rg", o / r
      if (ra > 0) printf ", %.2f x rg-all", o / ra
      printf "\n" }'
  fi
  if [ -f "$tmp/readers.runs" ]; then
    read -r fs _ < <(median readers)
    read -r ps _ < <(median "$readers_peer")
    awk -v f="$fs" -v r="$rs" -v p="$ps" -v peer="$readers_peer" 'BEGIN {
      if (r <= 0) r = 0.01
      printf "readers alone (no detection): %.2f x rg; detection, tally and report: %.0f%% of %s'"'"'s time\n",
        f / r, (p > 0 ? 100 * (p - f) / p : 0), peer }'
  fi
  if [ -f "$tmp/split.runs" ]; then
    read -r ss _ < <(median split)
    awk -v s="$ss" -v r="$rs" 'BEGIN {
      if (r <= 0) r = 0.01
      printf "splitting raw bytes alone (nothing decoded): %.2f x rg\n", s / r }'
  fi
fi

if [ "$use_hyperfine" = 1 ] && command -v hyperfine >/dev/null; then
  echo
  cmds=("rg ${rg_args[*]@Q} > /dev/null")
  [ "$have_mamori" = 1 ] && cmds=("${mamori@Q} scan --format jsonl --threads $threads ${share@Q} > /dev/null" "${cmds[@]}")
  hyperfine --warmup 1 --runs 3 -i "${cmds[@]}" || failed=1
fi

if [ "$accuracy" = 1 ] && [ "$have_mamori" = 1 ]; then
  echo
  echo "== accuracy on the throughput corpus"
  "$mamori" scan --format jsonl --all --threads "$threads" "$share" > "$tmp/results.jsonl" || [ $? -le 1 ]
  python3 bench/accuracy.py --labels "$labels" --results "$tmp/results.jsonl" --no-fail
fi
exit "$failed"
