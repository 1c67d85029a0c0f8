#!/usr/bin/env bash
# A month held whole against the same month over an in-memory budget (its incidents typed
# once into temporary files, then evaluated a range of agents at a time): the generated
# 1M-incident month in date order, the bundled policy, alternated; each run prints its
# seconds and peak memory (`benches/budget.rs`).
#
# usage: benches/budget.sh [ROUNDS] [BUDGET]  (from the project root; defaults 3, 250000)
set -euo pipefail
rounds=${1:-3}
budget=${2:-250000}
target=${CARGO_TARGET_DIR:-target}
bench=$(cargo bench --bench budget --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1)
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$target/release/kaohe" gen-month --agents 50000 --per-agent 20 --seed 7 --order date --month 2024-12 --out "$dir"
echo "month: $(($(wc -l < "$dir/incidents.csv") - 1)) incidents; load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  for b in 4194304 "$budget"; do
    "$bench" policies/customer-service.kh 2024-12 "$dir/agents.csv" "$dir/incidents.csv" "$b"
  done
done
