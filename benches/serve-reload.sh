#!/usr/bin/env bash
# Edit-to-reload time of `brief serve`: the bundled brief and a generated 1,000-section brief.
# Each edit rewrites one section and is timed until the browser's reload event arrives
# (watcher + rebuild + event); the server's own rebuild times are shown beside.
# Medians are the figure to read: the machine is shared and noisy.
#
#   benches/serve-reload.sh [edits]      (default 30 edits per brief)
set -euo pipefail
cd "$(dirname "$0")/.."
edits="${1:-30}"
cargo build --release --quiet --bin brief --example serve_reload
bench=target/release/examples/serve_reload
"$bench" target/release/brief . "$edits"
"$bench" target/release/brief --generate 1000 "$edits"
