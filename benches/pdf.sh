#!/usr/bin/env bash
# Benchmark: the PDF step of `brief build --pdf` against a bare Chromium print of the same page.
#
#   benches/pdf.sh [brief-folder]        (default: the bundled brief, the repository root)
#
# Four commands, measured with hyperfine (Debian: apt-get install hyperfine):
#   html         brief build                  the website alone
#   html+pdf     brief build --pdf            the website, then the PDF printed from it
#   bare         chromium --print-to-pdf      the same page (already built), the flags a user
#                                             would type: --headless --no-sandbox(root) --no-pdf-header-footer
#                                             --generate-pdf-document-outline, a fresh profile
#   bare+flags   chromium --print-to-pdf      the same, with every flag brief passes
# The PDF step costs (html+pdf − html); compare it with bare. Medians are printed at the end.
# Uses target/release/brief (built here when missing) unless BRIEF names a binary.
# The browser: BRIEF_CHROME, else chromium on PATH. RUNS (default 10) runs after 1 warm-up.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "${1:-$repo}" && pwd)"
runs="${RUNS:-10}"

command -v hyperfine >/dev/null || { echo "benches/pdf.sh needs hyperfine (Debian: apt-get install hyperfine)" >&2; exit 1; }
chrome="${BRIEF_CHROME:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -n "$chrome" ] || { echo "benches/pdf.sh needs Chromium (apt-get install chromium) or BRIEF_CHROME" >&2; exit 1; }
brief="${BRIEF:-$repo/target/release/brief}"
if [ -z "${BRIEF:-}" ] && [ ! -x "$brief" ]; then
  (cd "$repo" && cargo build --release --locked)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/public"
"$brief" build --root "$root" --out "$out" --quiet
page="file://$out/index.html"

sandbox=""
[ "$(id -u)" = 0 ] && sandbox="--no-sandbox"
bare="p=\$(mktemp -d) && '$chrome' --headless $sandbox --no-pdf-header-footer --generate-pdf-document-outline --user-data-dir=\$p --print-to-pdf=$work/bare.pdf '$page' >/dev/null 2>&1; rm -rf \$p"
flags="--disable-gpu --disable-background-networking --disable-component-update --disable-sync --disable-extensions --disable-default-apps --no-first-run --no-default-browser-check --mute-audio"
bare_flags="p=\$(mktemp -d) && '$chrome' --headless $sandbox $flags --no-pdf-header-footer --generate-pdf-document-outline --user-data-dir=\$p --print-to-pdf=$work/bare.pdf '$page' >/dev/null 2>&1; rm -rf \$p"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $("$chrome" --version 2>/dev/null | tail -1)"
echo "brief:   $brief ($("$brief" --version))"
echo "page:    $root ($(du -h "$out/index.html" | cut -f1) of HTML)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start: other work on the machine skews the numbers"
echo

hyperfine --warmup 1 --runs "$runs" --export-json "$work/results.json" \
  -n html "'$brief' build --root '$root' --out '$work/site-html' --quiet" \
  -n html+pdf "'$brief' build --root '$root' --out '$work/site-pdf' --quiet --pdf --chrome '$chrome'" \
  -n bare "$bare" \
  -n bare+flags "$bare_flags"

python3 - "$work/results.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
median = {name: r["median"] * 1000 for name, r in results.items()}
print()
print("medians (ms):", ", ".join(f"{n} {m:.0f}" for n, m in median.items()))
step = median["html+pdf"] - median["html"]
print(f"PDF step in brief (html+pdf - html): {step:.0f} ms; bare Chromium print: {median['bare']:.0f} ms "
      f"(with brief's flags: {median['bare+flags']:.0f} ms); overhead: {step - median['bare']:+.0f} ms")
PY
