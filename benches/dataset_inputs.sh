#!/usr/bin/env bash
# Writes the same kind of rows twice, MB megabytes of each, for the dataset benchmarks
# (benches/big_dataset.sh, benches/csv_vs_yaml.sh): `DIR/csv/content/data/trade.csv` (a
# publisher's table: years, partner and product names, grouped and quoted exports, a `%`
# share) and `DIR/yaml/content/data/trade.yaml` (fewer rows: YAML spends more bytes on each),
# each in a brief of its own with one small section. The data are deterministic.
#
#   benches/dataset_inputs.sh MB DIR
set -euo pipefail
mb=$1
dir=$2
rm -rf "$dir"
for kind in csv yaml; do
  mkdir -p "$dir/$kind/content/data"
  printf 'title: A large dataset\n' >"$dir/$kind/content/brief.yaml"
  printf -- '---\ntitle: Figures\n---\n\nThe data are available as CSV.\n' >"$dir/$kind/content/01-figures.md"
done
awk -v bytes=$((mb * 1024 * 1024)) -v csv="$dir/csv/content/data/trade.csv" \
  -v yaml="$dir/yaml/content/data/trade.yaml" 'BEGIN {
  split("Germany France Spain Italy India Japan Brazil Canada Mexico Kenya", partner, " ")
  split("Semiconductors Pharmaceuticals Machinery Textiles Vehicles Chemicals", product, " ")
  print "year,partner,product,exports,share" > csv
  print "rows:" > yaml
  x = 12345; size = 0; ysize = 6
  while (size < bytes || ysize < bytes) {
    x = (x * 1103515245 + 12345) % 2147483648
    year = 1990 + x % 35; p = partner[1 + int(x / 7) % 10]; q = product[1 + int(x / 11) % 6]
    exports = (x % 9000000) / 10; share = (x % 10000) / 100
    grouped = sprintf("%.1f", exports)
    while (grouped ~ /[0-9][0-9][0-9][0-9][.,]/) sub(/[0-9][0-9][0-9][.,]/, ",&", grouped)
    line = sprintf("%d,%s,%s,\"%s\",%.2f%%", year, p, q, grouped, share)
    if (size < bytes) { print line > csv; size += length(line) + 1 }
    yline = sprintf("  - {year: %d, partner: %s, product: %s, exports: %.1f, share: %.2f}", year, p, q, exports, share)
    if (ysize < bytes) { print yline > yaml; ysize += length(yline) + 1 }
  }
}'
