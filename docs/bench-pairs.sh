#!/usr/bin/env bash
# Paired timing of two builds of replicasim on a noisy machine (docs/benchmarks.md, 2026-12-07).
# Usage: docs/bench-pairs.sh BEFORE_DIR AFTER_DIR PAIRS [bench arguments...]
#   BEFORE_DIR, AFTER_DIR: folders holding a Release build's replicasim.dll (copy bin/Release/net10.0 of each)
# Runs `bench ARGS` of BEFORE then AFTER, PAIRS times, and prints each pair's model wall times (the last
# 'wall time' line of bench) with their ratio after/before, then the median ratio.
set -euo pipefail
before=$1; after=$2; pairs=$3; shift 3
time_of() { dotnet "$1/replicasim.dll" bench "${@:2}" 2>/dev/null | grep 'wall time' | tail -n 1 | awk '{print $3}'; }
ratios=()
for _ in $(seq "$pairs"); do
  a=$(time_of "$before" "$@")
  b=$(time_of "$after" "$@")
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  echo "before $a s  after $b s  after/before $r"
  ratios+=("$r")
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print "median after/before: " v[int((NR + 1) / 2)] }'
