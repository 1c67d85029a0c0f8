#!/usr/bin/env bash
# Closing the 1M-incident month against evaluating it (docs/performance.md, "Closing a
# month"). usage: benches/close-vs-eval.sh [path/to/kaohe] [runs]   (from the project root)
# Prints the fastest of `runs` runs of each, wall-clock and CPU (user + system) seconds:
# the first month of a new ledger, and a second month, which reads the first as history.
# On a shared machine the CPU time is the steadier of the two.
set -eu
kaohe="${1:-target/release/kaohe}"
runs="${2:-5}"
policy=policies/customer-service.kh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$kaohe" gen-month --month 2024-11 --agents 50000 --per-agent 20 --seed 7 --out "$work/m11"
"$kaohe" gen-month --month 2024-12 --agents 50000 --per-agent 20 --seed 8 --out "$work/m12"
month() { echo --month "$1" --agents "$work/m${1#*-}/agents.csv" --incidents "$work/m${1#*-}/incidents.csv" --format csv --output "$work/out.csv"; }
"$kaohe" close "$policy" $(month 2024-11) --ledger "$work/first.db" 2>/dev/null
best() { # label, command…
  local label="$1" best="" cpu="" t c
  shift
  for _ in $(seq "$runs"); do
    rm -f "$work/k.db"
    [ "$label" = "close, second month" ] && cp "$work/first.db" "$work/k.db"
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1
    t=$(tail -1 "$work/time" | awk '{print $1}')
    c=$(tail -1 "$work/time" | awk '{print $2 + $3}')
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    if [ -z "$cpu" ] || awk "BEGIN{exit !($c < $cpu)}"; then cpu=$c; fi
  done
  printf '%-30s wall %5s s   cpu %5s s\n' "$label" "$best" "$cpu"
}
best "eval, first month" "$kaohe" eval "$policy" $(month 2024-11)
best "close, first month" "$kaohe" close "$policy" $(month 2024-11) --ledger "$work/k.db"
best "eval, second month" "$kaohe" eval "$policy" $(month 2024-12)
best "eval --ledger, second month" "$kaohe" eval "$policy" $(month 2024-12) --ledger "$work/first.db"
best "close, second month" "$kaohe" close "$policy" $(month 2024-12) --ledger "$work/k.db"
