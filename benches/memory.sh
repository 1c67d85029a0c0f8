#!/usr/bin/env bash
# Peak memory and wall time of `kaohe eval` on generated months of 10k, 100k and 1M
# incidents (about 20 per agent), for docs/performance.md.
# usage: benches/memory.sh   (from the project root; needs /usr/bin/time)
set -euo pipefail
cargo build --release --quiet
bin=target/release/kaohe
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%-10s %-10s %-7s %10s %12s\n' agents incidents format seconds peak_MB
for agents in 500 5000 50000; do
  "$bin" gen-month --month 2024-12 --agents "$agents" --per-agent 20 --seed 7 --out "$dir/$agents"
  incidents=$(($(wc -l < "$dir/$agents/incidents.csv") - 1))
  for format in json csv; do
    /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" eval policies/customer-service.kh --month 2024-12 \
      --agents "$dir/$agents/agents.csv" --incidents "$dir/$agents/incidents.csv" \
      --format "$format" --output "$dir/out.$format"
    read -r secs kb < "$dir/time"
    printf '%-10s %-10s %-7s %10s %12s\n' "$agents" "$incidents" "$format" "$secs" "$((kb / 1024))"
  done
done
