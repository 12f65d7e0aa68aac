#!/usr/bin/env bash
# Benchmarks brief against its in-process floor and against Hugo, pandoc and mdBook on the same
# generated text (see BENCHMARKS.md). Usage:
#
#   benches/run.sh              # N = 10, 1000, 10000
#   benches/run.sh 1000         # one size
#   RUNS=5 BENCH_DIR=/tmp/b benches/run.sh 10 1000
#
# For every size N it generates the inputs (benches/gen.rs), then runs each tool RUNS times
# (default 10; 3 at N >= 10000) after one warm-up run, each run into a fresh output folder
# (removed before the run, outside the timing), under `/usr/bin/time`. A tool whose warm-up
# took longer than SLOW seconds (default 20) is not run again: the warm-up is its one
# measurement (pandoc at N = 10,000 takes minutes). TOOLS="brief hugo" runs only those.
# It reports the median
# wall time, the median CPU time (user + system) and the median peak memory (max RSS), brief's
# median stage times (BRIEF_TIMINGS=1), and the floor (benches/floor.rs, in-process, median),
# with both cores and with one.
# Results: $BENCH_DIR/results.md (and printed). Tools that are not installed are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bench_dir=${BENCH_DIR:-/tmp/brief-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 1000 10000)
mkdir -p "$bench_dir"

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
cargo build --release --locked --quiet --bin brief --example gen
cargo bench --locked --quiet --bench floor --no-run 2>/dev/null
brief="$root/target/release/brief"
gen="$root/target/release/examples/gen"
floor=$(find "$root/target/release/deps" -maxdepth 1 -type f -executable -name 'floor-*' -printf '%T@ %p\n' | sort -rn | head -1 | cut -d' ' -f2)

results="$bench_dir/results.md"
details="$bench_dir/details.md"
: >"$details"
{
  echo "# brief benchmarks, $(date -u +%Y-%m-%d) ($(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo
  echo "| N | tool | wall (median) | CPU user+sys (median) | peak memory (median) | wall vs brief |"
  echo "|---:|---|---:|---:|---:|---:|"
} >"$results"

# median < numbers (one per line)
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME OUTPUT CMD...: runs CMD (after removing OUTPUT) once to warm up, then RUNS times;
# leaves "wall cpu rss" medians in $stats.
measure() {
  local name=$1 out=$2; shift 2
  local log="$bench_dir/n$n/$name.time"
  : >"$log"
  : >"$log.wall"
  : >"$bench_dir/n$n/$name.stderr"
  rm -rf "$out"
  sync
  local start end
  start=$(date +%s%N)
  /usr/bin/time -a -o "$log.warmup" -f '%U %S %M' "$@" >/dev/null 2>&1 ||
    { echo "  $name failed; skipped" >&2; stats=""; return; }
  end=$(date +%s%N)
  local tool_runs=$runs
  if [ $(( (end - start) / 1000000000 )) -ge "${SLOW:-20}" ]; then
    echo "  (slow: its warm-up run is its one measurement)" >&2
    tail -1 "$log.warmup" >"$log"
    echo "$(( (end - start) / 1000 ))" >"$log.wall"
    tool_runs=0
  fi
  rm -f "$log.warmup"
  for _ in $(seq "$tool_runs"); do
    rm -rf "$out"
    sync
    # Wall time from the clock in ns (`time`'s %e has 10 ms steps); CPU and memory from rusage.
    start=$(date +%s%N)
    /usr/bin/time -a -o "$log" -f '%U %S %M' "$@" >/dev/null 2>>"$bench_dir/n$n/$name.stderr"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 ))" >>"$log.wall"
  done
  local wall cpu rss
  wall=$(awk '{print $1 / 1e6}' "$log.wall" | median)
  cpu=$(awk '{print $1 + $2}' "$log" | median)
  rss=$(awk '{print $3}' "$log" | median)
  stats="$wall $cpu $rss"
}

for n in "${sizes[@]}"; do
  runs=${RUNS:-$([ "$n" -ge 10000 ] && echo 3 || echo 10)}
  dir="$bench_dir/n$n"
  echo "== N = $n ($runs runs each)" >&2
  "$gen" "$n" "$dir"

  declare -A wall=() cpu=() rss=()
  run_tool() {
    local name=$1; shift
    if [ -n "${TOOLS:-}" ] && [[ " $TOOLS " != *" $name "* ]]; then return 0; fi
    echo "  $name" >&2
    measure "$name" "$@"
    [ -n "$stats" ] || return 0
    read -r wall[$name] cpu[$name] rss[$name] <<<"$stats"
  }

  run_tool brief "$dir/out-brief" env BRIEF_TIMINGS=1 "$brief" build -q --root "$dir/brief" --out "$dir/out-brief"
  if command -v hugo >/dev/null; then
    run_tool hugo "$dir/out-hugo" hugo --quiet --noBuildLock -s "$dir/hugo" -d "$dir/out-hugo"
    run_tool hugo-one-page "$dir/out-hugo-one" hugo --quiet --noBuildLock -s "$dir/hugo-one" -d "$dir/out-hugo-one"
  fi
  if command -v pandoc >/dev/null; then
    run_tool pandoc "$dir/out-pandoc.html" pandoc -f commonmark_x -s "$dir/pandoc/all.md" -o "$dir/out-pandoc.html"
  fi
  if command -v mdbook >/dev/null; then
    run_tool mdbook "$dir/out-mdbook" mdbook build "$dir/mdbook" -d "$dir/out-mdbook"
  fi

  for name in brief hugo hugo-one-page pandoc mdbook; do
    [ -n "${wall[$name]:-}" ] || continue
    ratio=$(awk -v a="${wall[$name]}" -v b="${wall[brief]:-0}" 'BEGIN {if (b > 0) printf "%.1f×", a / b; else print "–"}')
    printf '| %s | %s | %.3f s | %.2f s | %.0f MB | %s |\n' "$n" "$name" "${wall[$name]}" "${cpu[$name]}" \
      "$(awk -v k="${rss[$name]}" 'BEGIN {print k / 1024}')" "$ratio" >>"$results"
  done

  # brief's stage times (stderr of the timed runs): the median of each stage.
  {
    echo
    echo "## N = $n"
    echo
    echo "brief stages, N = $n (median of $runs runs, ms):"
    echo
    grep -E '^ +[0-9.]+ ms  ' "$dir/brief.stderr" | sed -E 's/^ +([0-9.]+) ms  (.*)$/\2\t\1/' |
      awk -F'\t' '{v[$1] = v[$1] " " $2; if (!($1 in seen)) {seen[$1] = 1; order[++k] = $1}}
        END {for (i = 1; i <= k; i++) print order[i] "\t" v[order[i]]}' |
      while IFS=$'\t' read -r stage values; do
        printf -- '- %s: %s ms\n' "$stage" "$(tr ' ' '\n' <<<"$values" | grep . | median)"
      done
    echo
    echo '```'
    "$floor" "$dir/brief" "$([ "$n" -ge 10000 ] && echo 3 || echo 11)"
    echo
    # The libraries one after another on one thread: the floor as the issue sums it.
    RAYON_NUM_THREADS=1 "$floor" "$dir/brief" "$([ "$n" -ge 10000 ] && echo 3 || echo 11)"
    echo '```'
  } >>"$details"
  unset wall cpu rss
done
cat "$details" >>"$results"
cat "$results"
