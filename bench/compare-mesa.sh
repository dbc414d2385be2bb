#!/usr/bin/env bash
# Runs Mesa's virus_on_network example and ttx's scenarios/bench on the same model, side by side:
# speed at 1k and 10k hosts (100 and 1 000 steps); the whole `ttx run` process at 10k hosts, report and
# charts included, beside Mesa's graph build plus run; and mean final fractions over many seeds at 1k hosts.
# Installs Mesa into bench/.venv on first use (PyPI only). Usage: bench/compare-mesa.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet "mesa==3.3.1" "networkx>=3"
fi
py=bench/.venv/bin/python
cargo build --release --bins --benches --quiet
ttx_bench() { cargo bench --quiet --bench engine -- "$@" 2>/dev/null; }

echo "== speed: Mesa best of 3 seeds vs one ttx run =="
printf '%-6s %6s %14s %14s %8s\n' size steps mesa_run_s ttx_run_s ratio
for run in 1k:100 10k:100 10k:1000; do
    size=${run%%:*}; steps=${run##*:}
    case $size in 1k) n=1000; o=10 ;; 10k) n=10000; o=100 ;; esac
    mesa=$($py bench/mesa_virus.py time $n $o "$steps" 3 | awk '{print $2}')
    ttx=$(ttx_bench measure "$size" "$steps" | awk '{print $5}')
    printf '%-6s %6s %14s %14s %8.0f\n' "$size" "$steps" "$mesa" "$ttx" "$(echo "$mesa / $ttx" | bc -l)"
done

echo "== whole process: ttx run of the 10k scenario (evaluation, report, SVG charts) vs Mesa graph build + 100 steps =="
ttx_bin=${CARGO_TARGET_DIR:-target}/release/ttx
out=$(mktemp -d)
ttx_run=("$ttx_bin" run scenarios/bench/virus-on-network-10k.ron --plan enterprise-24x7 --out "$out" --force)
if command -v farm-bench >/dev/null; then
    # The median wall time of 21 whole processes, measured from outside.
    ttx_whole=$(farm-bench -n 21 --warmup 3 -- "${ttx_run[@]}" | awk '$1 == "A" && $2 == "wall" {print $5}')
else
    samples=()
    for _ in $(seq 21); do
        started=$(date +%s%N); "${ttx_run[@]}" </dev/null >/dev/null; samples+=($(( $(date +%s%N) - started )))
    done
    ttx_whole=$(printf '%s\n' "${samples[@]}" | sort -n | sed -n 11p | awk '{printf "%.4f", $1 / 1e9}')
fi
rm -rf "$out"
mesa_whole=$($py bench/mesa_virus.py whole 10000 100 100 3 | awk '{print $2}')
engine=$(ttx_bench measure 10k 100 | awk '{print $5}')
printf '%-22s %10s\n' "mesa build+run s" "$mesa_whole" "ttx run process s" "$ttx_whole" "ttx engine s" "$engine"
printf 'ratio (whole process)  %9.0fx\n' "$(echo "$mesa_whole / $ttx_whole" | bc -l)"

echo "== mean final fractions at 1k hosts, 100 steps, $runs seeds each (mean ± standard error) =="
mesa=$($py bench/mesa_virus.py fractions 1000 10 100 "$runs")
ttx=$(ttx_bench fractions 1k "$runs")
printf '%-12s %18s %18s %8s\n' state mesa ttx z
paste <(echo "$mesa") <(echo "$ttx") | while read -r name m me _ t te; do
    z=$(echo "($t - $m) / sqrt($me^2 + $te^2 + 0.0000001)" | bc -l)
    printf '%-12s %10s ± %-6s %10s ± %-6s %8.2f\n' "$name" "$m" "$me" "$t" "$te" "$z"
done
