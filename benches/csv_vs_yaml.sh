#!/usr/bin/env bash
# The same dataset as CSV and as YAML, MB megabytes of each (default 10; see
# benches/dataset_inputs.sh), in a one-section brief: `brief check` (load, plan and checks, no
# output written) timed with hyperfine, and its peak memory (/usr/bin/time -v), the median of
# RUNS runs. Prints each format's median time, peak and peak/size, and CSV's speed-up.
#
#   RUNS=5 benches/csv_vs_yaml.sh [MB] [DIR]      # default: 10 MB under /tmp/brief-csv-yaml
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
dir=${2:-/tmp/brief-csv-yaml}
runs=${RUNS:-5}
cargo build --release --locked --quiet --bin brief
brief="$(pwd)/target/release/brief"
benches/dataset_inputs.sh "$mb" "$dir"
hyperfine --style none --warmup 1 --runs "$runs" --export-json "$dir/times.json" \
  -n csv "$brief --quiet check --root $dir/csv" \
  -n yaml "$brief --quiet check --root $dir/yaml" >/dev/null
printf '%-5s %12s %10s %14s %7s\n' format "size (bytes)" "time (ms)" "peak RSS (kB)" ratio
for kind in csv yaml; do
  size=$(stat -c %s "$dir/$kind/content/data/trade.$kind")
  ms=$(python3 -c "import json,sys; r={x['command']: x for x in json.load(open(sys.argv[1]))['results']}; print(round(r[sys.argv[2]]['median'] * 1000))" "$dir/times.json" "$kind")
  rss=$(for _ in $(seq "$runs"); do
    { /usr/bin/time -v "$brief" --quiet check --root "$dir/$kind" >/dev/null; } 2>&1 |
      awk '/Maximum resident set size/ { print $6 }'
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  eval "ms_$kind=$ms"
  awk -v k="$kind" -v s="$size" -v t="$ms" -v r="$rss" \
    'BEGIN { printf "%-5s %12d %10d %14d %6.2fx\n", k, s, t, r, r * 1024 / s }'
done
awk -v c="$ms_csv" -v y="$ms_yaml" 'BEGIN { printf "CSV is %.1fx as fast as YAML (median times)\n", y / c }'
