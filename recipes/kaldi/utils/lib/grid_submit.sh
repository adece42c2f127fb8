# Sourced by queue.pl and slurm.pl (moglm's own, bash): the part the two runners share.
# Kaldi's queue.pl / slurm.pl are perl scripts in Kaldi's repository that moglm does not ship;
# these keep their calling convention:
#   queue.pl|slurm.pl [options] [JOB=1:N] <log-file-with-JOB> <command ...>
# The command runs on the grid with PATH as its only environment (SGE -v PATH, slurm
# --export=PATH), in the current directory. Each task writes its log (command, "# Started at",
# output, "# Accounting: time=S threads=T", "# Ended (code C) at") and a done file with its exit
# code; the runner waits for every done file, then exits 1 naming the logs if any task failed.
#
# The runner sets: runner (its name), submit_array (a function: submit_array <script> <first>
# <last> <grid-log-pattern>; the script reads the task id from $task_var), task_var, and the
# option variables below, then calls grid_main "$@".
max_jobs_run=0; num_threads=1; mem=; gpu=0; time_limit=
grid_parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --max-jobs-run) max_jobs_run=$2; shift 2 ;;
      --num-threads) num_threads=$2; shift 2 ;;
      --mem) mem=$2; shift 2 ;;
      --gpu) gpu=$2; shift 2 ;;
      --time) time_limit=$2; shift 2 ;;
      --config) shift 2 ;;
      --*=*) shift ;;
      *) break ;;
    esac
  done
  rest=("$@")
}
grid_main() {
  grid_parse_options "$@"; set -- "${rest[@]}"
  if [ $# -lt 2 ]; then echo "Usage: $runner [--mem M] [--num-threads N] [--gpu N] [--max-jobs-run N] [JOB=1:N] <log-file> <command ...>" >&2; exit 1; fi
  jobvar=""; first=1; last=1
  if [[ "$1" =~ ^([A-Za-z_][A-Za-z0-9_]*)=([0-9]+):([0-9]+)$ ]]; then
    jobvar=${BASH_REMATCH[1]}; first=${BASH_REMATCH[2]}; last=${BASH_REMATCH[3]}; shift
    [ "$first" -le "$last" ] || { echo "$runner: bad job range $first:$last" >&2; exit 1; }
  elif [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*=[0-9]+$ ]]; then
    jobvar=${1%%=*}; first=${1#*=}; last=$first; shift
  fi
  logfile=$1; shift
  local cmd="" w
  for w in "$@"; do   # joined as run.pl joins them
    if [[ ! "$w" =~ [[:space:]] ]]; then cmd+="$w "
    elif [[ "$w" == *\"* ]]; then cmd+="'$w' "
    else cmd+="\"$w\" "; fi
  done
  local qdir base
  qdir=$(dirname "$logfile")/q; mkdir -p "$qdir" "$(dirname "$logfile")"
  base=$(basename "$logfile"); [ -n "$jobvar" ] && base=${base//$jobvar/TASK}
  local script=$qdir/$base.sh donepat=$qdir/done.$base
  for ((n = first; n <= last; n++)); do rm -f "$donepat.$n"; done
  # the task script: everything it needs is written into it (the grid passes only PATH)
  {
    echo "#!/usr/bin/env bash"
    echo "cd $(printf %q "$PWD")"
    echo "n=\${$task_var:-$first}"
    printf 'c=%q\n' "$cmd"
    printf 'l=%q\n' "$logfile"
    [ -n "$jobvar" ] && printf 'c=${c//%s/$n}; l=${l//%s/$n}\n' "$jobvar" "$jobvar"
    echo 'mkdir -p "$(dirname "$l")"; t0=$(date +%s)'
    echo '{ echo "# $c"; echo "# Started at $(date)"; echo "#"; } > "$l"'
    echo 'bash -c "$c" >> "$l" 2>&1; rc=$?; t1=$(date +%s)'
    echo "{ echo \"# Accounting: time=\$((t1 - t0)) threads=$num_threads\"; echo \"# Ended (code \$rc) at \$(date), elapsed time \$((t1 - t0)) seconds\"; } >> \"\$l\""
    printf 'echo $rc > %q.$n\n' "$donepat"
    echo 'exit $rc'
  } > "$script"
  chmod +x "$script"
  submit_array "$script" "$first" "$last" "$qdir/$base" || { echo "$runner: submitting $script failed" >&2; exit 1; }
  local failed=0 n sleep=1
  for ((n = first; n <= last; n++)); do
    while [ ! -f "$donepat.$n" ]; do sleep $sleep; [ $sleep -lt 5 ] && sleep=$((sleep + 1)); done
    [ "$(cat "$donepat.$n")" = 0 ] || failed=$((failed + 1))
  done
  if [ $failed -gt 0 ]; then
    if [ -n "$jobvar" ]; then echo "$runner: $failed / $((last - first + 1)) failed, log is in ${logfile//$jobvar/*}" >&2
    else echo "$runner: job failed, log is in $logfile" >&2; fi
    exit 1
  fi
  exit 0
}
