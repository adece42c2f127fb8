#!/usr/bin/env bash
# A Sun/Univa Grid Engine job runner with the calling convention of Kaldi's utils/queue.pl
# (moglm's own, bash; see lib/grid_submit.sh):
#   queue.pl [--mem 4G] [--num-threads N] [--gpu N] [--max-jobs-run N] JOB=1:N <log-file-with-JOB> <command ...>
# Submits one array job through qsub (-v PATH -cwd -t first:last; --mem -> -l mem_free,ram_free;
# --num-threads -> -pe smp N; --gpu -> -l gpu=N; --max-jobs-run -> -tc N) and waits for it.
runner=$0
task_var=SGE_TASK_ID
submit_array() {   # <script> <first> <last> <grid-log-prefix>
  local opts=(-v PATH -cwd -S /bin/bash -j y -o "$4.\$TASK_ID.qlog" -t "$2:$3")
  [ -n "$mem" ] && opts+=(-l "mem_free=$mem,ram_free=$mem")
  [ "$num_threads" -gt 1 ] && opts+=(-pe smp "$num_threads")
  [ "$gpu" -gt 0 ] && opts+=(-l "gpu=$gpu")
  [ "$max_jobs_run" -gt 0 ] && opts+=(-tc "$max_jobs_run")
  qsub "${opts[@]}" "$1" > "$4.submit" 2>&1 || { cat "$4.submit" >&2; return 1; }
}
. "$(dirname "$0")/lib/grid_submit.sh"
grid_main "$@"
