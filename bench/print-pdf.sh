#!/usr/bin/env bash
# Prints an HTML file (a report, a situation manual, a handbook, an MSEL) to PDF with headless
# Chromium, as a facilitator's browser would print it, and says how many pages it took.
# Needs chromium (`apt-get install -y chromium`) and python3.
# Usage: bench/print-pdf.sh <HTML> [PDF]   (default: the HTML's path with .pdf)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <HTML> [PDF]" >&2; exit 2; }
html=$(realpath "$1")
pdf=$(realpath -m "${2:-${html%.html}.pdf}")
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install -y chromium" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" 2>/dev/null

# Page objects are `/Type /Page` (not `/Type /Pages`, the tree's nodes), uncompressed in
# Chromium's PDFs.
pages=$(python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(sys.argv[1], "rb").read())))' "$pdf")
echo "$pdf: $pages pages"
