#!/usr/bin/env bash
# A local job runner with the calling convention of Kaldi's utils/run.pl (written in bash for
# moglm; not Kaldi's code). Scripts call "$cmd" with it, so the same script also runs under
# Kaldi's queue.pl / slurm.pl on a cluster.
#
#   run.pl [options] JOB=1:N <log-file-with-JOB> <command ...>   # N jobs, JOB replaced by 1..N
#   run.pl [options] <log-file> <command ...>                     # one job
# Options (accepted like Kaldi's): --max-jobs-run N (parallel jobs, default: all), --mem X,
# --num-threads N, --gpu N, --config F (the last four are accepted and ignored: this runs locally).
# Each log starts with the command and "# Started at", ends with "# Accounting: time=S threads=T"
# and "# Ended (code C) at"; the exit code is non-zero when any job failed.
set -u
max_jobs_run=0
num_threads=1
while [ $# -gt 0 ]; do
  case "$1" in
    --max-jobs-run) max_jobs_run=$2; shift 2 ;;
    --num-threads) num_threads=$2; shift 2 ;;
    --mem|--gpu|--config|--time) shift 2 ;;
    --*=*) shift ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ]; then
  echo "Usage: $0 [--max-jobs-run N] [JOB=1:N] <log-file> <command ...>" >&2
  exit 1
fi
jobvar=""; first=1; last=1
if [[ "$1" =~ ^([A-Za-z_][A-Za-z0-9_]*)=([0-9]+):([0-9]+)$ ]]; then
  jobvar=${BASH_REMATCH[1]}; first=${BASH_REMATCH[2]}; last=${BASH_REMATCH[3]}; shift
  if [ "$first" -gt "$last" ]; then echo "$0: bad job range $first:$last" >&2; exit 1; fi
elif [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*=[0-9]+$ ]]; then
  jobvar=${1%%=*}; first=${1#*=}; last=$first; shift
fi
logfile=$1; shift
# join the command words as Kaldi's run.pl does: a word without whitespace is passed as is (so a
# bare "|" or ">" stays a shell operator); a word with whitespace is quoted as one word.
cmd=""
for w in "$@"; do
  if [[ ! "$w" =~ [[:space:]] ]]; then cmd+="$w "
  elif [[ "$w" == *\"* ]]; then cmd+="'$w' "
  else cmd+="\"$w\" "; fi
done
run_one() {
  local n=$1 c=$cmd l=$logfile
  if [ -n "$jobvar" ]; then c=${c//$jobvar/$n}; l=${l//$jobvar/$n}; fi
  mkdir -p "$(dirname "$l")"
  local t0=$(date +%s)
  { echo "# $c"; echo "# Started at $(date)"; echo "#"; } > "$l"
  bash -c "$c" >> "$l" 2>&1
  local rc=$?
  local t1=$(date +%s)
  { echo "# Accounting: time=$((t1 - t0)) threads=$num_threads"; echo "# Ended (code $rc) at $(date), elapsed time $((t1 - t0)) seconds"; } >> "$l"
  return $rc
}
pids=(); failed=0; running=0
for ((n = first; n <= last; n++)); do
  run_one $n & pids+=($!)
  running=$((running + 1))
  if [ "$max_jobs_run" -gt 0 ] && [ $running -ge "$max_jobs_run" ]; then
    wait -n || failed=$((failed + 1))
    running=$((running - 1))
  fi
done
while [ $running -gt 0 ]; do
  wait -n || failed=$((failed + 1))
  running=$((running - 1))
done
if [ $failed -gt 0 ]; then
  total=$((last - first + 1))
  if [ -n "$jobvar" ]; then
    echo "$0: $failed / $total failed, log is in ${logfile//$jobvar/*}" >&2
  else
    echo "$0: job failed, log is in $logfile" >&2
  fi
  exit 1
fi
exit 0
