#!/bin/sh
# A ttx campaign over GNU parallel: SHARDS shards on the local cores, or on ssh hosts with
#   PARALLEL_HOSTS="-S 4/host1,4/host2" (each host needs ttx and the scenarios folder at the same
#   path). Prints the merged result; the parts are kept in parts/.
set -eu
SHARDS=${SHARDS:-8}
RUNS=${RUNS:-100000}
SEED=${SEED:-1}
TTX=${TTX:-ttx}
mkdir -p parts
# shellcheck disable=SC2086 # PARALLEL_HOSTS is a list of options
seq 1 "$SHARDS" | parallel --halt now,fail=1 ${PARALLEL_HOSTS:-} \
    "$TTX simulate hospital-ransomware --plan enterprise-24x7 \
        --decisions scenarios/decisions/hospital-ransomware-good.ron \
        --runs $RUNS --seed $SEED --threads 1 --shard {}/$SHARDS --format json > parts/part-{}.json"
"$TTX" merge parts/part-*.json --format json
