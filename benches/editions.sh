#!/usr/bin/env bash
# The cost of a second edition (see BENCHMARKS.md), with hyperfine; prints each median and
# their ratio, for two briefs:
#
# - the bundled brief with its Hindi edition (content/hi/) and without it. The Hindi edition
#   translates two of the five sections; the three others are the original's, rendered again
#   in the edition (with its charts, tables and page), so it does the work of a full
#   translation;
# - the generated 1,000-section brief (benches/gen.rs) with and without a full second edition
#   (`content/fr/`: every section, copied).
#
#   benches/editions.sh [RUNS] [DIR]     # default: 20 runs under /tmp/brief-editions
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
dir=${2:-/tmp/brief-editions}
cargo build --release --locked --quiet --bin brief --example gen
brief="$(pwd)/target/release/brief"
rm -rf "$dir"
for case in one two; do
  mkdir -p "$dir/$case"
  cp -r content templates static "$dir/$case/"
done
rm -r "$dir/one/content/hi"
target/release/examples/gen 1000 "$dir/gen" >/dev/null
cp -r "$dir/gen/brief" "$dir/gen-one"
cp -r "$dir/gen/brief" "$dir/gen-two"
mkdir -p "$dir/gen-two/content/fr"
printf 'title: Une édition complète\n' >"$dir/gen-two/content/fr/brief.yaml"
cp "$dir/gen-two/content/"*.md "$dir/gen-two/content/fr/"

# compare NAME ONE TWO: the medians of building ONE and TWO, and their ratio.
compare() {
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$dir/$1.json" \
    -n "one edition" "$brief --quiet build --root $2" \
    -n "two editions" "$brief --quiet build --root $3" >&2
  python3 - "$1" "$dir/$1.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[2]))["results"]
median = {r["command"]: r["median"] * 1000 for r in results}
one, two = median["one edition"], median["two editions"]
print(f"{sys.argv[1]}: one edition {one:.1f} ms, two editions {two:.1f} ms (medians); ratio {two / one:.2f}")
PY
}
# interleaved NAME ONE TWO: the same, one build of each after the other, RUNS times: on a
# shared, noisy machine, load that comes and goes falls on both alike. Also the CPU time
# (user + system, from getrusage), which the other builds' load changes less.
interleaved() {
  python3 - "$1" "$brief" "$2" "$3" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
name, brief, one, two, runs = sys.argv[1:6]
times = {one: [], two: []}
cpu = {one: [], two: []}
def used():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for _ in range(int(runs)):
    for root in (one, two):
        start, start_cpu = time.perf_counter(), used()
        subprocess.run([brief, "--quiet", "build", "--root", root], check=True)
        times[root].append((time.perf_counter() - start) * 1000)
        cpu[root].append((used() - start_cpu) * 1000)
a, b = statistics.median(times[one]), statistics.median(times[two])
print(f"{name} (interleaved): one edition {a:.1f} ms, two editions {b:.1f} ms (medians); ratio {b / a:.2f}")
a, b = statistics.median(cpu[one]), statistics.median(cpu[two])
load = ", ".join(f"{l:.1f}" for l in os.getloadavg())
print(f"{name} (interleaved, CPU time): one edition {a:.1f} ms, two editions {b:.1f} ms (medians); ratio {b / a:.2f}; load average {load}")
PY
}
compare bundled "$dir/one" "$dir/two"
compare gen1000 "$dir/gen-one" "$dir/gen-two"
interleaved bundled "$dir/one" "$dir/two"
interleaved gen1000 "$dir/gen-one" "$dir/gen-two"
