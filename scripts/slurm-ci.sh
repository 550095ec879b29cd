#!/usr/bin/env bash
# slurm-ci.sh up|down|env — a throwaway single-node Slurm for tests (recipe: ../shared/notes/slurm.md §2).
# Installs Debian's slurmctld/slurmd/slurm-client/munge when missing (needs root and the Debian archive),
# keeps config, munge key/socket, state and logs in $SLURM_CI_DIR (default $TMPDIR/slurm-ci), uses no
# systemd, edits nothing under /etc, and `down` stops only the daemons `up` started (by their pid files).
# `env` prints `export SLURM_CONF=...` for eval. Exit 3 from `up` means "cannot install: skip".
# SLURM_CI_FAKE_GPUS=N gives the node N fake GPUs (character devices aliasing /dev/null, gres.conf with
# File=), enough to test --gres=gpu scheduling and CUDA_VISIBLE_DEVICES without a GPU.
set -euo pipefail
D=${SLURM_CI_DIR:-${TMPDIR:-/tmp}/slurm-ci}
export SLURM_CONF=$D/slurm.conf

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
    && command -v munged >/dev/null && return 0
  command -v apt-get >/dev/null || { echo "slurm-ci: Slurm is not installed and there is no apt-get" >&2; return 3; }
  local rm_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep package scripts from starting daemons (no systemd here)
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; rm_policy=1
  fi
  local ok=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      slurmctld slurmd slurm-client munge >/dev/null; } || ok=$?
  [ -z "$rm_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ "$ok" = 0 ] || { echo "slurm-ci: apt-get install of slurmctld slurmd slurm-client munge failed (no package access?)" >&2; return 3; }
}

up() {
  # slurmd must run as root (it starts jobs as their users); without root there is nothing to test.
  if [ "$(id -u)" != 0 ]; then echo "slurm-ci: not root; slurmd needs root" >&2; return 3; fi
  install_packages || return $?
  down >/dev/null 2>&1 || true                                      # a leftover cluster of ours
  rm -rf "$D/state" "$D/spool"; mkdir -p "$D"/{state,spool,log}      # fresh queue each run
  [ -s "$D/munge.key" ] || { head -c 1024 /dev/urandom >"$D/munge.key"; chmod 600 "$D/munge.key"; }
  /usr/sbin/munged --socket="$D/munge.sock" --key-file="$D/munge.key" \
    --pid-file="$D/munged.pid" --log-file="$D/log/munged.log" --seed-file="$D/munged.seed" --force
  local gres_types=${SLURM_CI_GRESTYPES:-} node_extra=${SLURM_CI_NODE_EXTRA:-} gpus=${SLURM_CI_FAKE_GPUS:-0}
  rm -f "$D/gres.conf" "$D"/fakegpu*
  local i; for i in $(seq 0 $((gpus - 1))); do       # character devices: slurmd rejects regular files
    mknod "$D/fakegpu$i" c 1 3 2>/dev/null || { echo "slurm-ci: cannot mknod fake GPUs here; no gres" >&2; gpus=0; break; }
  done
  if [ "$gpus" -gt 0 ]; then
    printf 'AutoDetect=off\nName=gpu File=%s/fakegpu[0-%d]\n' "$D" $((gpus - 1)) >"$D/gres.conf"
    gres_types=gpu; node_extra="Gres=gpu:$gpus $node_extra"
  fi
  local node cpus mem; node=$(hostname -s); cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo) * 8 / 10 ))
  cat >"$SLURM_CONF" <<CONF
ClusterName=ci
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge.sock,cred_expire=${SLURM_CI_CRED_EXPIRE:-10}
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldPort=${SLURM_CI_CTLD_PORT:-6817}
SlurmdPort=${SLURM_CI_SLURMD_PORT:-6818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/log/jobcomp.txt
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=3600
KillWait=${SLURM_CI_KILL_WAIT:-5}
${SLURM_CI_MAX_ARRAY_SIZE:+MaxArraySize=$SLURM_CI_MAX_ARRAY_SIZE}
${gres_types:+GresTypes=$gres_types}
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,sched_interval=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem $node_extra State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  /usr/sbin/slurmctld; /usr/sbin/slurmd             # both daemonize and write pid files
  for _ in $(seq 1 100); do [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break; sleep 0.2; done
  # sinfo says idle before jobs can start: end start-up with a real job.
  timeout 60 srun -n1 -t 1 true || { echo "slurm-ci: slurm not usable; see $D/log" >&2; return 1; }
  echo "slurm-ci: up (SLURM_CONF=$SLURM_CONF)"
}

down() {   # stops only the daemons this script started, by pid file
  [ -e "$SLURM_CONF" ] && timeout 10 scontrol shutdown >/dev/null 2>&1 || true
  local f p
  for f in slurmd slurmctld munged; do
    [ -s "$D/$f.pid" ] || continue; p=$(cat "$D/$f.pid")
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; [ "$f" = munged ] && kill "$p"; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then kill -9 "$p" || true; fi
    rm -f "$D/$f.pid"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export SLURM_CONF=$SLURM_CONF" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
