#!/usr/bin/env bash
# A Slurm job runner with the calling convention of Kaldi's utils/slurm.pl (moglm's own, bash;
# see lib/grid_submit.sh):
#   slurm.pl [--mem 4G] [--num-threads N] [--gpu N] [--max-jobs-run N] [--time T] JOB=1:N <log-file-with-JOB> <command ...>
# Submits one job array through sbatch (--export=PATH --array=first-last[%max-jobs-run];
# --mem -> --mem-per-cpu; --num-threads -> --cpus-per-task; --gpu -> --gres=gpu:N) and waits for it.
runner=$0
task_var=SLURM_ARRAY_TASK_ID
submit_array() {   # <script> <first> <last> <grid-log-prefix>
  local array="$2-$3"; [ "$max_jobs_run" -gt 0 ] && array="$array%$max_jobs_run"
  local opts=(--export=PATH --chdir="$PWD" --array="$array" -o "$4.%a.slog")
  [ -n "$mem" ] && opts+=(--mem-per-cpu="$mem")
  [ "$num_threads" -gt 1 ] && opts+=(--cpus-per-task="$num_threads")
  [ "$gpu" -gt 0 ] && opts+=(--gres="gpu:$gpu")
  [ -n "$time_limit" ] && opts+=(--time="$time_limit")
  sbatch "${opts[@]}" "$1" > "$4.submit" 2>&1 || { cat "$4.submit" >&2; return 1; }
}
. "$(dirname "$0")/lib/grid_submit.sh"
grid_main "$@"
