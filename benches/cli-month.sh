#!/usr/bin/env bash
# A month through the command line, as users run it, against the floor of reading it.
#
# Generates the month with the release binary (`kaohe gen-month`: 50,000 agents, about 20
# incidents each, seed 7), its incidents in date order as HR systems export them and,
# beside it, the same month grouped by agent. Each round runs, alternated, the floor
# (`benches/floor.rs`: both files parsed with csv + serde into typed rows and joined) and
# `kaohe eval … --format F --output FILE` for each format, each under /usr/bin/time -v
# (wall time, peak resident set). Ratios are taken within a round, so a shared machine's
# load moves both sides; the medians over the rounds are printed with the load.
#
# usage: benches/cli-month.sh [ROUNDS] [AGENTS] [FORMATS]  (from the project root)
#        defaults: 5 rounds, 50000 agents, "json csv table xlsx"
#        KAOHE=path: the binary to time (default: the release build);
#        BASE=path: another binary (an older build) timed beside it, `eval → json` only
set -euo pipefail
rounds=${1:-5}
agents=${2:-50000}
formats=${3:-json csv table xlsx}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
floor=$(cargo bench --bench floor --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1)
bin=${KAOHE:-$target/release/kaohe}
base=${BASE:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for order in date agent; do
  "$bin" gen-month --month 2024-12 --agents "$agents" --per-agent 20 --seed 7 --order "$order" --out "$dir/$order"
done
incidents=$(($(wc -l < "$dir/date/incidents.csv") - 1))

# One timed run: prints "seconds peak_MB".
timed() {
  /usr/bin/time -v -o "$dir/time" "$@" > /dev/null
  local secs kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$dir/time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time")
  echo "$secs $((kb / 1024))"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "month: $agents agents, $incidents incidents; $rounds rounds; $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$dir/results"
for round in $(seq "$rounds"); do
  for order in date agent; do
    m=$dir/$order
    read -r fs fmb < <(timed "$floor" "$m/agents.csv" "$m/incidents.csv")
    echo "$order floor $fs $fmb 1" >> "$dir/results"
    for format in $formats; do
      read -r s mb < <(timed "$bin" eval policies/customer-service.kh --month 2024-12 \
        --agents "$m/agents.csv" --incidents "$m/incidents.csv" --format "$format" --output "$dir/out.$format")
      echo "$order $format $s $mb $(awk -v a="$s" -v b="$fs" 'BEGIN {printf "%.2f", a / b}')" >> "$dir/results"
    done
    if [ -n "$base" ]; then
      read -r s mb < <(timed "$base" eval policies/customer-service.kh --month 2024-12 \
        --agents "$m/agents.csv" --incidents "$m/incidents.csv" --format json --output "$dir/base.json")
      echo "$order base-json $s $mb $(awk -v a="$s" -v b="$fs" 'BEGIN {printf "%.2f", a / b}')" >> "$dir/results"
    fi
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-6s %10s %10s %10s %10s\n' order output median_s min_s ratio peak_MB
for order in date agent; do
  for what in floor $formats ${base:+base-json}; do
    rows=$(awk -v o="$order" -v w="$what" '$1 == o && $2 == w' "$dir/results")
    printf '%-6s %-6s %10s %10s %9sx %10s\n' "$order" "$what" \
      "$(echo "$rows" | awk '{print $3}' | median)" "$(echo "$rows" | awk '{print $3}' | sort -g | head -1)" \
      "$(echo "$rows" | awk '{print $5}' | median)" "$(echo "$rows" | awk '{print $4}' | sort -g | tail -1)"
  done
done
