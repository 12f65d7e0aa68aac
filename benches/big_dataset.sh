#!/usr/bin/env bash
# Peak memory of a build with one large dataset, as CSV and as YAML (see BENCHMARKS.md).
#
#   benches/big_dataset.sh [MB] [DIR]     # default: 50 MB under /tmp/brief-big
#
# Writes the same kind of rows as a CSV and as a YAML dataset, MB megabytes of each
# (benches/dataset_inputs.sh), then builds each brief with `/usr/bin/time -v` RUNS times and
# prints the dataset's size, the median peak RSS and their ratio.
#
#   RUNS=3 benches/big_dataset.sh 50
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-50}
dir=${2:-/tmp/brief-big}
runs=${RUNS:-3}
cargo build --release --locked --quiet --bin brief
brief="$(pwd)/target/release/brief"
benches/dataset_inputs.sh "$mb" "$dir"
printf '%-5s %12s %14s %7s\n' format "size (bytes)" "peak RSS (kB)" ratio
for kind in csv yaml; do
  file="$dir/$kind/content/data/trade.$kind"
  size=$(stat -c %s "$file")
  # The median of RUNS peaks.
  rss=$(for _ in $(seq "$runs"); do
    { /usr/bin/time -v "$brief" --quiet build --root "$dir/$kind" >/dev/null; } 2>&1 |
      awk '/Maximum resident set size/ { print $6 }'
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  awk -v k="$kind" -v s="$size" -v r="$rss" 'BEGIN { printf "%-5s %12d %14d %6.2fx\n", k, s, r, r * 1024 / s }'
done
