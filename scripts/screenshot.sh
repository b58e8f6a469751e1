#!/usr/bin/env bash
# Take a screenshot of the desktop app: scripts/screenshot.sh OUT.png [DEAL.ron]
#
# Starts the release binary under Xvfb at the app's default window size (1280x800), waits
# until the figures are computed and drawn, writes the window to OUT.png and exits.
# Installs nothing: it needs xvfb-run (xvfb, xauth) and Mesa's GL (libgl1-mesa-dri); see
# docs or the CI script for the package list. Build first: cargo build --release
#
# Optional: TRANCHE_STUDIO_SCREENSHOT_VIEW picks what is shown, comma separated: a section
# (terms pool tranches enhancements waterfall tokens scenarios; holding-type deals: asset
# spv incentives exits), a results tab (distributions balances poolflows irr sensitivity
# cashflows company nav compare grid), `export` (opens the chart export dialog), a language (zh en), a theme
# (light dark).
#   TRANCHE_STUDIO_SCREENSHOT_VIEW=pool,cashflows,en scripts/screenshot.sh pool.png
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUT.png [DEAL.ron]" >&2
    exit 2
fi
out=$1
deal=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TRANCHE_STUDIO_BIN:-$root/target/release/tranche-studio}
if [[ ! -x $bin ]]; then
    echo "$bin not found: run cargo build --release first" >&2
    exit 2
fi
command -v xvfb-run >/dev/null || { echo "xvfb-run not found (apt-get install xvfb xauth)" >&2; exit 2; }

out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out_abs"
# A fresh data directory: no saved window size, recent files or autosave offer.
data=$(mktemp -d)
runtime=$(mktemp -d)
trap 'rm -rf "$data" "$runtime"' EXIT

args=()
[[ -n $deal ]] && args+=("$deal")
XDG_RUNTIME_DIR=$runtime \
TRANCHE_STUDIO_DATA_DIR=$data \
TRANCHE_STUDIO_SCREENSHOT=$out_abs \
    timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$bin" "${args[@]}"

if [[ ! -s $out_abs ]]; then
    echo "no screenshot was written to $out_abs" >&2
    exit 1
fi
echo "$out_abs"
