#!/usr/bin/env bash
# Times `ttx validate` (release build) on the hostile-input harness's grown shapes, one process
# each: wall seconds and peak memory, the figures behind docs/scenario-format.md ("Limits").
# The shapes come from tests/fuzz/grow.rs at scale S (1 = the size CI runs; 8 reaches 8 MiB).
# Usage: bench/hostile.sh [SCALE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
runs=${2:-3}
shapes=$(mktemp -d)
trap 'rm -rf "$shapes"' EXIT

cargo build --release --quiet
TTX_FUZZ_KEEP="$shapes" TTX_FUZZ_SCALE="$scale" cargo test --quiet --test fuzz grown_shapes_keep_the_promise >/dev/null
printf '%-26s %9s %6s %12s %12s\n' shape bytes exit best_wall_s peak_kib
for file in "$shapes"/*.ron; do
    best=""; peak=0
    for _ in $(seq "$runs"); do
        code=0
        /usr/bin/time -o "$shapes/time" -f '%e %M' target/release/ttx validate "$file" >/dev/null 2>&1 || code=$?
        read -r wall kib <<<"$(tail -1 "$shapes/time")"
        if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best=$wall; fi
        if [ "$kib" -gt "$peak" ]; then peak=$kib; fi
    done
    printf '%-26s %9s %6s %12s %12s\n' "$(basename "$file" .ron)" "$(stat -c %s "$file")" "$code" "$best" "$peak"
done
