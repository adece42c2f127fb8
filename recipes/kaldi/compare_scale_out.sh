#!/usr/bin/env bash
# Multi-job training against single-job training at equal total tokens, on a PTB slice:
#   mj2: recipes/kaldi/train_lm.sh with 2 jobs per iteration (run.pl), lr x 2 (Kaldi's rule)
#   mj1: the same recipe with 1 job per iteration (same splits, same effective learning rates)
#   plain: one `moglm train` run over the same text for the same number of epochs
# Each run: wall time and CPU time (user + sys of every process it started), dev perplexity of
# its final model. Usage: recipes/kaldi/compare_scale_out.sh [work-dir]
# Results: recipes/kaldi/results/scale-out.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-exp/scale_out}
ptb=${PTB:-$root/../shared/data/ptb}
lines=${LINES_TRAIN:-10000}      # first 10,000 sentences of ptb.train.txt (211k words)
epochs=${EPOCHS:-3}
splits=${SPLITS:-4}
ilr=${ILR:-0.002}; flr=${FLR:-0.002}   # effective learning rates of the recipe (constant: as the plain run's)
runs=${RUNS:-"mj2 mj1 plain"}
opts=${OPTS:-"--embed-size 128 --hidden-size 128 --layers 1 --rounds 5 --batch-size 32 --bptt 35 --dropout-embed 0.2 --dropout-state 0.1 --dropout-layers 0 --dropout-output 0.2"}
export OPENBLAS_NUM_THREADS=1
mkdir -p "$work"
head -n $lines "$ptb/ptb.train.txt" > "$work/train.txt"
head -n 1000 "$ptb/ptb.valid.txt" > "$work/dev.txt"     # dev: first 1,000 validation sentences
timed() {   # <name> <command ...>: runs it, appends "name wall_s cpu_s" to $work/times.txt
  local name=$1; shift
  local t0 c0 t1 c1
  t0=$(date +%s.%N); c0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
  "$@"
  t1=$(date +%s.%N); c1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
  echo "$name $(awk "BEGIN { printf \"%.1f %.1f\", $t1 - $t0, ($c1 - $c0) / $(getconf CLK_TCK) }")" >> "$work/times.txt"
}
touch "$work/times.txt"
for nj in 2 1; do
  [[ " $runs " == *" mj$nj "* ]] || continue
  rm -rf "$work/mj$nj"
  timed mj$nj nice -n 10 "$here/train_lm.sh" --num-jobs-initial $nj --num-jobs-final $nj --num-splits $splits --num-epochs $epochs \
    --initial-effective-lrate $ilr --final-effective-lrate $flr \
    --vocab-size 10000 --train-opts "$opts" "$work/train.txt" "$work/dev.txt" "$work/mj$nj" > "$work/mj$nj.log" 2>&1
done
[[ " $runs " == *" plain "* ]] && rm -rf "$work/plain" && timed plain nice -n 10 "$root/bin/moglm" train $opts --vocab-size 10000 --threads 1 --epochs $epochs --lr 0.002 \
  --valid-text "$work/dev.txt" --checkpoint-minutes 0 "$work/train.txt" "$work/plain" > "$work/plain.log" 2>&1
for r in mj2 mj1; do
  [ -f "$work/$r/report.txt" ] || continue
  echo "$r: $(grep -o 'best iteration.*' "$work/$r.log"); $(cat "$work/$r/report.txt")"
done
[ -f "$work/plain.log" ] && echo "plain: $(grep -o 'best-valid-ppl [0-9.]*' "$work/plain.log")"
cat "$work/times.txt"
