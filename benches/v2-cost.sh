#!/usr/bin/env bash
# What language v2's constructs cost: the rider scheme (policies/rider-penalties.kh) on a
# generated month, against the same policy with its caps left out and its fine by
# occurrence made a plain fine (`* (if occurrence >= 3 then 2 else 1)` → `* 1`), on the
# same month, through the command line with the write (`--format json --output`, and
# `--format csv`, whose rows differ only by the `withheld_…` columns, where the JSON of
# a policy with caps carries each violation's and severity's amounts before and after
# caps). Alternated within each round; the medians, their ratio and the peaks are printed.
#
# usage: benches/v2-cost.sh [ROUNDS] [RIDERS] [FORMATS]
#        (from the project root; defaults 5, 50000, "json csv")
#        KAOHE=path: the binary to time (default: the release build)
set -euo pipefail
rounds=${1:-5}
riders=${2:-50000}
formats=${3:-json csv}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin=${KAOHE:-$target/release/kaohe}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" gen-month --policy rider --month 2024-11 --agents "$riders" --per-agent 20 --seed 7 --out "$dir/month"
records=$(($(wc -l < "$dir/month/incidents.csv") - 1))
cp policies/rider-penalties.kh "$dir/v2.kh"
# Without the constructs: no `cap` line (nor its doc comment), no `occurrence`. The worked examples, which
# expect the caps, are left out too (`kaohe eval` does not run them, but they must check).
# (from the first `test`, with the doc comment above it).
awk '/^test /{exit} {print}' policies/rider-penalties.kh | tac | awk 'kept || !/^(\/\/\/|$)/ {kept = 1; print}' | tac \
  | awk '/^ *\/\/\// {doc = doc $0 "\n"; next} /^  cap / {doc = ""; next} {printf "%s", doc; doc = ""; print}' \
  | sed -e 's/ \* (if occurrence >= 3 then 2 else 1)/ * 1/' > "$dir/plain.kh"
if grep -q 'occurrence >=\|^  cap ' "$dir/plain.kh"; then
  echo "the policy without v2 constructs still has some" >&2
  exit 1
fi

# Wall seconds, peak MB and CPU seconds (user + system, every thread).
timed() {
  /usr/bin/time -f '%e %M %U %S' -o "$dir/time" "$@" > /dev/null
  read -r secs kb user sys < "$dir/time"
  echo "$secs $((kb / 1024)) $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "month: $riders riders, $records records; $rounds rounds; load $(cut -d' ' -f1-3 /proc/loadavg)"
for format in $formats; do
  for policy in v2 plain; do : > "$dir/$policy.times"; done
  for _ in $(seq "$rounds"); do
    for policy in v2 plain; do
      timed "$bin" eval "$dir/$policy.kh" --month 2024-11 --agents "$dir/month/agents.csv" \
        --incidents "$dir/month/incidents.csv" --format "$format" --output "$dir/out.$format" >> "$dir/$policy.times"
    done
  done
  printf '%-12s %10s %10s %8s\n' "$format" median_s median_cpu peak_MB
  for policy in v2 plain; do
    printf '%-12s %10s %10s %8s\n' "$policy" "$(cut -d' ' -f1 "$dir/$policy.times" | median)" \
      "$(cut -d' ' -f3 "$dir/$policy.times" | median)" "$(cut -d' ' -f2 "$dir/$policy.times" | sort -n | tail -1)"
  done
  for k in 1 3; do
    v2=$(cut -d' ' -f$k "$dir/v2.times" | median)
    plain=$(cut -d' ' -f$k "$dir/plain.times" | median)
    what=$([ $k = 1 ] && echo wall || echo CPU)
    awk -v a="$v2" -v b="$plain" -v f="$format" -v w="$what" \
      'BEGIN {printf "v2 constructs, %s, %s: %+.0f%%\n", f, w, (a / b - 1) * 100}'
  done
done
