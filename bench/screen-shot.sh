#!/usr/bin/env bash
# Renders the participant screen as a projector would show it: starts a live hospital drill with
# `--serve` on a free port, plays a few console commands into it, and has headless Chromium save
# a screenshot of the page. Needs chromium (`apt-get install -y chromium`).
# Usage: bench/screen-shot.sh [PNG] [WIDTHxHEIGHT]   (default target/screen-shot.png 1920x1080)
set -euo pipefail
cd "$(dirname "$0")/.."
png=$(realpath -m "${1:-target/screen-shot.png}")
size=${2:-1920x1080}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install -y chromium" >&2; exit 1; }

cargo build --quiet
ttx="${CARGO_TARGET_DIR:-target}/debug/ttx"
work=$(mktemp -d)
pid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/commands"
"$ttx" run hospital-ransomware --plan enterprise-24x7 --serve 127.0.0.1:0 --out "$work/runs" \
    <"$work/commands" >"$work/console.txt" 2>"$work/stderr.txt" &
pid=$!
exec 3>"$work/commands"
url=""
for _ in $(seq 100); do
    url=$(grep -o 'http://[0-9.:]*/' "$work/stderr.txt" || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/stderr.txt" >&2; exit 1; }

for command in \
    "next" \
    "decide classify sev2 --by incident_commander" \
    "decide collect-evidence corporate --by soc_analyst --why \"scope the login prompt\"" \
    "next" "next" \
    "decide reset-credentials nurse-manager --by it_operations" \
    "decide patch citrix-gateway-cve --by it_operations" \
    "next" \
    "decide isolate-segment corporate --by it_operations"; do
    echo "$command" >&3
    sleep 0.3
done

mkdir -p "$(dirname "$png")"
# (No --virtual-time-budget: the event stream never goes idle, so virtual time would never end.)
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${size/x/,}" \
    --screenshot="$png" "$url" 2>/dev/null
echo "quit" >&3
wait "$pid" || true
pid=""
echo "wrote $png ($size) from $url"
