#!/usr/bin/env bash
# The cost of a second edition (see BENCHMARKS.md): the bundled brief built with its Hindi
# edition (content/hi/) and without it, with hyperfine; prints each median and their ratio.
#
#   benches/editions.sh [RUNS] [DIR]     # default: 20 runs under /tmp/brief-editions
#
# The Hindi edition translates two of the five sections; the three others are the original's,
# rendered again in the edition (with its charts, tables and page), so the edition does the
# work of a full translation.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
dir=${2:-/tmp/brief-editions}
cargo build --release --locked --quiet --bin brief
brief="$(pwd)/target/release/brief"
rm -rf "$dir"
for case in one two; do
  mkdir -p "$dir/$case"
  cp -r content templates static "$dir/$case/"
done
rm -r "$dir/one/content/hi"
hyperfine --warmup 3 --runs "$runs" --export-json "$dir/times.json" \
  -n "one edition" "$brief --quiet build --root $dir/one" \
  -n "two editions" "$brief --quiet build --root $dir/two" >&2
python3 - "$dir/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
median = {r["command"]: r["median"] * 1000 for r in results}
one, two = median["one edition"], median["two editions"]
print(f"one edition: {one:.1f} ms (median)")
print(f"two editions: {two:.1f} ms (median)")
print(f"ratio: {two / one:.2f}")
PY
