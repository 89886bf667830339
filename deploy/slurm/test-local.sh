#!/usr/bin/env bash
# Tests deploy/slurm/sweep.sbatch on a real Slurm: a sweep of 4 shards through the job array and the
# merge job must give sweep.csv, sweep.json and runs.csv byte for byte as the unsharded run does; then
# shard 3 is deleted and run again by its number, which must rewrite only its own file, and merged again.
#
#   deploy/slurm/test-local.sh            # the test; exit 0 only if the bytes agree
#   deploy/slurm/test-local.sh --speed    # also time 1 shard against 2 shards through Slurm (about 3 minutes)
#
# If a Slurm already answers (scontrol ping), it is used as it is. Otherwise, as root, it starts a
# single-node Slurm on this machine from Debian's slurm-wlm and munge packages
# (apt-get install slurm-wlm munge): its own munge key and munged, a slurm.conf with this host as the
# one node (ProctrackType=proctrack/linuxproc, TaskPlugin=task/none, no cgroup.conf), slurmctld and
# slurmd, all under one temporary folder and on ports of their own; and stops exactly those
# processes, by their ids, when it ends, however it ends.
#
# Environment: REPLICASIM (how to start the tool; default: dotnet on this checkout's Release build,
# built if missing), SLURM_TEST_TIMEOUT (seconds to wait for the jobs, default 600), SLURM_TEST_DIR
# (where its temporary folder goes, default /tmp; on a multi-node Slurm, a folder every node sees).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
speed=0
[ "${1:-}" = "--speed" ] && speed=1
timeout_s=${SLURM_TEST_TIMEOUT:-600}

say() { echo "slurm-test: $*"; }
fail() { echo "slurm-test: FAILED: $*" >&2; exit 1; }

# On a multi-node Slurm this folder must be one every node sees: set SLURM_TEST_DIR to shared scratch.
work="$(mktemp -d "${SLURM_TEST_DIR:-/tmp}/replicasim-slurm.XXXXXX")"
chmod 755 "$work"
pids=()
cleanup() {
  local code=$?
  if [ $code -ne 0 ] && [ -s "$work/jobs" ]; then
    scancel $(cat "$work/jobs") 2>/dev/null || true    # our jobs that may still be queued or running
    sleep 1
  fi
  # Stop what we started, newest first, by process id.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ $code -ne 0 ] && [ -d "$work" ]; then
    for log in "$work"/slurm/slurmctld.log "$work"/slurm/slurmd.log "$work"/slurm/munged.log "$work"/sharded/logs/*.out; do
      [ -f "$log" ] && { echo "---- $log (last lines)" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The tool: the Release build of this checkout unless REPLICASIM says otherwise.
if [ -z "${REPLICASIM:-}" ]; then
  dll="$repo/Simulator/bin/Release/net10.0/replicasim.dll"
  if [ ! -f "$dll" ]; then
    say "building the tool"
    dotnet build "$repo/Simulator/Simulator.csproj" -c Release -v q -nologo >/dev/null
  fi
  export REPLICASIM="$(command -v dotnet) $dll"
fi
read -r -a tool <<<"$REPLICASIM"

# --- a Slurm to use --------------------------------------------------------------------------------
if scontrol ping 2>/dev/null | grep -q 'UP'; then
  say "using the Slurm that is already running ($(scontrol ping | head -n 1))"
else
  [ "$(id -u)" = 0 ] || fail "no Slurm answers and starting one needs root"
  for cmd in munged slurmctld slurmd sbatch scontrol; do
    command -v "$cmd" >/dev/null 2>&1 || fail "$cmd not found: apt-get install -y slurm-wlm munge"
  done
  s="$work/slurm"
  mkdir -p "$s/state" "$s/spool" "$s/munge"
  chmod 711 "$s/munge"
  # A munge key of our own, readable by root only, and a munged on a socket of our own.
  dd if=/dev/urandom of="$s/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$s/munge/munge.key"
  munged --foreground --force --key-file="$s/munge/munge.key" --socket="$s/munge/socket" \
    --pid-file="$s/munge/munged.pid" --log-file="$s/munged.log" --seed-file="$s/munge/seed" >>"$s/munged.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -S "$s/munge/socket" ] && break; sleep 0.1; done
  [ -S "$s/munge/socket" ] || fail "munged did not start"

  node="$(hostname -s 2>/dev/null || uname -n)"
  node="${node%%.*}"
  cpus="$(nproc)"
  # Ports of our own, so that a stopped or foreign Slurm on the default ports does not interfere.
  port=$(( 20000 + ($$ % 20000) ))
  cat >"$s/slurm.conf" <<CONF
ClusterName=replicasim-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$s/munge/socket
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/slurmctld.log
SlurmdLogFile=$s/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
SlurmdTimeout=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$s/slurm.conf"
  slurmctld -D -i -f "$SLURM_CONF" >"$s/slurmctld.stderr.log" 2>&1 &
  pids+=($!)
  slurmd -D -f "$SLURM_CONF" -N "$node" >"$s/slurmd.stderr.log" 2>&1 &
  pids+=($!)
  say "started munged, slurmctld and slurmd (node $node, $cpus CPUs, port $port, config $SLURM_CONF)"
  up=0
  for _ in $(seq 120); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then up=1; break; fi
    sleep 0.5
  done
  [ $up = 1 ] || fail "the node did not become idle: $(sinfo -N 2>&1 | tail -n 1)"
  say "node is $(sinfo -h -N -o '%T')"
fi

# --- the sweep, unsharded and through the job array --------------------------------------------------
scenario="scenarios/two-replicas-sqlite.json"
args=("$scenario" --param service.replicas=1,2,3 --seeds 4)
cd "$repo"

# Waits for every job of "$@" to end; fails naming the first that did not complete.
wait_jobs() {
  local deadline=$(( SECONDS + timeout_s )) id state
  for id in "$@"; do
    while :; do
      state="$(scontrol show job "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort -u | tr '\n' ' ')"
      state="${state% }"
      case "$state" in
        COMPLETED) break ;;
        *FAILED*|*CANCELLED*|*TIMEOUT*|*NODE_FAIL*|*OUT_OF_MEMORY*|*BOOT_FAIL*|*DEADLINE*)
          fail "job $id ended $state" ;;
        "") fail "job $id is unknown to Slurm" ;;
      esac
      if scontrol show job "$id" 2>/dev/null | grep -q 'Reason=DependencyNeverSatisfied'; then
        fail "job $id waits on a dependency that can no longer be satisfied (an array task failed)"
      fi
      [ $SECONDS -lt $deadline ] || fail "job $id still $state after ${timeout_s}s"
      sleep 1
    done
  done
}

# Submits the shipped sbatch and waits for both its jobs; prints the seconds from submission to the merge's end.
run_sbatch() {
  local shards=$1 out=$2 submitted array merge start
  shift 2
  start=$(date +%s.%N)
  submitted="$("$here/sweep.sbatch" "$shards" "$out" "$@")"
  echo "$submitted" >"$out/submitted"
  echo "$submitted" | sed 's/^/slurm-test:   /' >&2
  array="$(sed -n 's/^array job: \([0-9]*\).*/\1/p' <<<"$submitted")"
  merge="$(sed -n 's/^merge job: \([0-9]*\).*/\1/p' <<<"$submitted")"
  [ -n "$array" ] && [ -n "$merge" ] || fail "sweep.sbatch did not print its job ids"
  echo "$array $merge" >>"$work/jobs"
  wait_jobs "$array" "$merge"
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

say "unsharded: replicasim sweep ${args[*]}"
"${tool[@]}" sweep "${args[@]}" --out "$work/whole" >/dev/null 2>"$work/whole.err" || { cat "$work/whole.err" >&2; fail "the unsharded sweep failed"; }

say "through Slurm: deploy/slurm/sweep.sbatch 4 ... (array of 4, then merge)"
seconds="$(run_sbatch 4 "$work/sharded" "${args[@]}")"
count="$(ls "$work/sharded"/sweep-shard-*-of-4.json 2>/dev/null | wc -l)"
[ "$count" -eq 4 ] || fail "expected 4 shard files, found $count"
for f in sweep.csv sweep.json runs.csv; do
  cmp "$work/whole/$f" "$work/sharded/$f" || fail "$f differs from the unsharded run"
  say "$f identical ($(wc -c <"$work/whole/$f") bytes)"
done
say "4 shards and merge in ${seconds}s"

# A lost or failed task run again by its number rewrites its own shard file and nothing else.
say "shard 3 again: sweep.sbatch --one 3 4 ..., then --merge"
mkdir -p "$work/before"
cp -p "$work/sharded"/sweep-shard-*.json "$work/before/"
rm "$work/sharded/sweep-shard-3-of-4.json" "$work/sharded/sweep.csv" "$work/sharded/sweep.json" "$work/sharded/runs.csv"
one="$(sbatch --parsable --output="$work/sharded/logs/one-%j.out" "$here/sweep.sbatch" --one 3 4 "$work/sharded" "${args[@]}")"
one=${one%%;*}
merge="$(sbatch --parsable --dependency="afterok:$one" --kill-on-invalid-dep=yes --output="$work/sharded/logs/merge-%j.out" \
  "$here/sweep.sbatch" --merge 4 "$work/sharded")"
merge=${merge%%;*}
echo "$one $merge" >>"$work/jobs"
wait_jobs "$one" "$merge"
for f in "$work/before"/*.json; do
  cmp "$f" "$work/sharded/$(basename "$f")" || fail "$(basename "$f") differs after running shard 3 again"
  name="$(basename "$f")"
  if [ "$name" != sweep-shard-3-of-4.json ] && [ "$(stat -c %Y "$f")" != "$(stat -c %Y "$work/sharded/$name")" ]; then
    fail "$name was rewritten, though only shard 3 ran again"
  fi
done
for f in sweep.csv sweep.json runs.csv; do
  cmp "$work/whole/$f" "$work/sharded/$f" || fail "$f differs from the unsharded run after running shard 3 again"
done
say "shard 3 rewritten with the same bytes, the others untouched, merge identical again"

if [ $speed = 1 ]; then
  # The lesson's SQLite variant at 200 and 400 requests/s, 4 seeds each (8 runs of 2 simulated hours),
  # as 1 shard and as 2 shards of one CPU each, three times each. "array" is the first task's start to
  # the last task's end (Slurm's times, whole seconds); "total" is submission to the merge's end; "cpu"
  # is the tasks' user + system time (/usr/bin/time), which other work on the machine does not inflate.
  big=(scenarios/lesson.json --variant sqlite --param workload.arrivalRate=200,400 --seeds 4)
  for shards in 1 2; do
    for rep in 1 2 3; do
      out="$work/speed-$shards-$rep"
      mkdir -p "$out"
      total="$(REPLICASIM="/usr/bin/time -a -o $out/cpu -f %U,%S,%e,%C $REPLICASIM" run_sbatch $shards "$out" "${big[@]}")"
      array="$(sed -n 's/^array job: \([0-9]*\).*/\1/p' "$out/submitted")"
      span="$(scontrol show job "$array" | grep -o '[SE][a-z]*Time=[0-9T:-]*' | awk -F= '
        { cmd = "date -d " $2 " +%s"; cmd | getline t; close(cmd) }
        $1 == "StartTime" && (min == "" || t < min) { min = t }
        $1 == "EndTime" && (max == "" || t > max) { max = t }
        END { print max - min }')"
      cpu="$(awk -F, '/ sweep / { s += $1 + $2 } END { printf "%.1f", s }' "$out/cpu")"
      slowest="$(awk -F, '/ sweep / { t = $1 + $2; if (t > m) m = t } END { printf "%.1f", m }' "$out/cpu")"
      requests="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "requests") c = i; next } { s += $c } END { printf "%d", s }' "$out/runs.csv")"
      say "  $shards shard(s), try $rep: array ${span}s, total ${total}s, cpu ${cpu}s (slowest task ${slowest}s), $requests simulated requests," \
          "$(awk -v r="$requests" -v c="$cpu" 'BEGIN { printf "%.0f", r / c }') per CPU-second, load $(cut -d' ' -f1-3 /proc/loadavg)"
      cmp -s "$work/speed-1-1/sweep.csv" "$out/sweep.csv" || fail "the $shards-shard sweep.csv differs from the 1-shard one"
    done
  done
fi

say "passed"
