#!/usr/bin/env bash
# Runs the fuzz targets one after another, each until it has used CPU_MINUTES of CPU time
# (not wall time: the machine is shared), at the lowest priority. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); libFuzzer needs nightly flags, which RUSTC_BOOTSTRAP=1 allows
# on a stable toolchain. Usage: fuzz/run.sh [CPU_MINUTES] [TARGET...]
# WALL_MINUTES=N also stops each target after N minutes of wall time (a busy shared machine).
set -euo pipefail
cd "$(dirname "$0")"
minutes=${1:-30}
shift || true
targets=("${@:-markdown}")
[ $# -eq 0 ] && targets=(markdown chart dataset)
RUSTC_BOOTSTRAP=1 cargo fuzz build -O
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t: until $minutes CPU-minutes ($(date -u +%FT%TZ))"
  nice -n 19 "$bin/$t" "corpus/$t" "seeds/$t" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t-" > "logs/$t.log" 2>&1 &
  pid=$!
  mkdir -p artifacts
  clk=$(getconf CLK_TCK)
  started=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    read -r -a stat < "/proc/$pid/stat" 2>/dev/null || break
    cpu=$(( (stat[13] + stat[14]) / clk ))
    if [ "$cpu" -ge $((minutes * 60)) ]; then kill -INT "$pid"; fi
    if [ -n "${WALL_MINUTES:-}" ] && [ $((SECONDS - started)) -ge $((WALL_MINUTES * 60)) ]; then
      kill -INT "$pid"
    fi
  done
  wait "$pid" && status=0 || status=$?
  echo "$t: exit $status, cpu ${cpu:-?} s"; tail -n 12 "logs/$t.log"
done
