#!/bin/sh
# Runs the shipped cluster recipes for real on this machine and checks that each merged result is
# byte-identical to the same campaign run unsharded: GNU parallel (deploy/gnu-parallel.sh) over
# the local cores, and a Slurm job array (deploy/slurm-array.sbatch) on a single-node cluster that
# this script starts (munged, slurmctld, slurmd, with a slurm.conf of its own) and stops again.
# Needs root and Debian's `parallel`, `slurm-wlm` and `munge` (installed if missing).
# Usage: bench/cluster-check.sh [RUNS] [SHARDS]
set -eu
RUNS=${1:-400}
SHARDS=${2:-4}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d /tmp/ttx-cluster.XXXXXX)
export TTX="$ROOT/target/release/ttx"
started=$(date +%s)

if ! command -v parallel >/dev/null || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq parallel slurm-wlm munge >/dev/null
fi
cargo build --release --quiet

echo "unsharded: $RUNS runs"
"$TTX" simulate hospital-ransomware --plan enterprise-24x7 \
    --decisions scenarios/decisions/hospital-ransomware-good.ron \
    --runs "$RUNS" --seed 1 --format json > "$WORK/whole.json"

echo "GNU parallel: $SHARDS shards"
(cd "$WORK" && ln -s "$ROOT/scenarios" scenarios && SHARDS=$SHARDS RUNS=$RUNS SEED=1 \
    "$ROOT/deploy/gnu-parallel.sh" > "$WORK/parallel.json")
cmp "$WORK/whole.json" "$WORK/parallel.json"
echo "  merged result identical to the unsharded run"

echo "Slurm: a job array of $SHARDS tasks on a single-node cluster"
SLURM="$WORK/slurm"
mkdir -p "$SLURM/state" "$SLURM/spool" "$SLURM/munge" "$WORK/slurm-run"
HOST=$(hostname -s)
cat > "$SLURM/slurm.conf" <<CONF
ClusterName=ttx-check
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=$SLURM/state
SlurmdSpoolDir=$SLURM/spool
SlurmctldPidFile=$SLURM/slurmctld.pid
SlurmdPidFile=$SLURM/slurmd.pid
SlurmctldLogFile=$SLURM/slurmctld.log
SlurmdLogFile=$SLURM/slurmd.log
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=check Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$SLURM/slurm.conf"
munged --force --socket="$SLURM/munge/munge.socket" --pid-file="$SLURM/munge/munged.pid" \
    --log-file="$SLURM/munge/munged.log" --seed-file="$SLURM/munge/munged.seed"
stop() {
    kill "$(cat "$SLURM/slurmd.pid" 2>/dev/null)" "$(cat "$SLURM/slurmctld.pid" 2>/dev/null)" 2>/dev/null || true
    kill "$(cat "$SLURM/munge/munged.pid" 2>/dev/null)" 2>/dev/null || true
    rm -f /run/munge/munge.socket.2
}
trap stop EXIT
# Slurm's daemons and clients find munged through this socket.
export MUNGE_SOCKET="$SLURM/munge/munge.socket"
mkdir -p /run/munge && ln -sf "$SLURM/munge/munge.socket" /run/munge/munge.socket.2
slurmctld
slurmd
for _ in $(seq 1 30); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 1; done
(cd "$WORK/slurm-run" && ln -s "$ROOT/scenarios" scenarios && mkdir -p parts \
    && PATH="$ROOT/target/release:$PATH" SHARDS=$SHARDS RUNS=$RUNS SEED=1 \
       sbatch --wait --array=1-"$SHARDS" --export=ALL "$ROOT/deploy/slurm-array.sbatch" >/dev/null)
"$TTX" merge "$WORK"/slurm-run/parts/part-*.json --format json > "$WORK/slurm.json"
cmp "$WORK/whole.json" "$WORK/slurm.json"
echo "  merged result identical to the unsharded run"
echo "took $(( $(date +%s) - started )) s; work files in $WORK"
