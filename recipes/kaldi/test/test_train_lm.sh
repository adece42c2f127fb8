#!/usr/bin/env bash
# End-to-end check of recipes/kaldi/train_lm.sh on the bundled LJSpeech sample (a tiny model;
# about a minute): 2 jobs per iteration through run.pl, then through queue.pl and slurm.pl with the
# stub qsub / sbatch of test/bin (which give each task only PATH, as a grid does); restart after a
# lost iteration; --java-opts reaches grid jobs; a failing job fails the iteration and names its
# log; on-demand levels with online distillation. Usage: recipes/kaldi/test/test_train_lm.sh [work-dir]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)        # recipes/kaldi
root=$(cd "$here/../.." && pwd)
work=${1:-$(mktemp -d)}; mkdir -p "$work"
data=$root/tests/moglm/train/data
export OPENBLAS_NUM_THREADS=1
tiny="--embed-size 12 --hidden-size 12 --rounds 2 --batch-size 4 --bptt 10 --checkpoint-minutes 0"
common=(--num-jobs-initial 2 --num-jobs-final 2 --num-splits 4 --num-iters 3 --vocab-size 150 --train-opts "$tiny")
fail() { echo "FAIL: $*" >&2; exit 1; }

for runner in run.pl queue.pl slurm.pl; do
  d=$work/$runner
  # through queue.pl, JVM options reach the grid tasks (which get only PATH) on their command lines
  jvm=(); [ $runner = queue.pl ] && jvm=(--java-opts "-Xmx1g -XX:+UseSerialGC -Xlog:gc")
  PATH=$here/test/bin:$PATH "$here/train_lm.sh" --cmd "$here/utils/$runner" "${jvm[@]}" "${common[@]}" \
    "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$d" > "$work/$runner.out" 2>&1 \
    || { cat "$work/$runner.out"; fail "train_lm.sh with $runner"; }
  [ -f "$d/final.mlm" ] || fail "$runner: no final.mlm"
  for i in 1 2 3; do [ -f "$d/$i.ppl" ] || fail "$runner: no $d/$i.ppl"; done
  grep -q "averaged 2 checkpoint files" "$d/log/average.3.log" || fail "$runner: iteration 2 did not average 2 jobs"
  if [ $runner = queue.pl ]; then
    grep -q "Using Serial" "$d/log/train.1.2.log" || fail "queue.pl: the job's JVM did not get --java-opts"
  fi
  echo "ok: $runner: $(cat "$d/report.txt")"
done
# every runner computed the same models (same jobs, same seeds; the runner only transports them).
# Equal to the printed precision, not bit for bit: a grid task gets only PATH, and OpenBLAS picks
# its kernel from the environment (OPENBLAS_CORETYPE) or the node's CPU, which changes the last bits.
[ "$(cat "$work/run.pl/report.txt")" = "$(cat "$work/queue.pl/report.txt")" ] || fail "queue.pl dev perplexities differ from run.pl's"
[ "$(cat "$work/run.pl/report.txt")" = "$(cat "$work/slurm.pl/report.txt")" ] || fail "slurm.pl dev perplexities differ from run.pl's"
# models compared as model files (a checkpoint also holds timings)
same_model() {
  "$root/bin/moglm" average-models "$1" "$work/a.mlm" 2>/dev/null && "$root/bin/moglm" average-models "$2" "$work/b.mlm" 2>/dev/null \
    && cmp -s "$work/a.mlm" "$work/b.mlm"
}
echo "ok: run.pl, queue.pl and slurm.pl give the same dev perplexities"

# restart: lose the last iteration, re-run with the same --stage: only iteration 2 runs again
d=$work/run.pl
cp "$d/3.mlmc" "$work/3.first.mlmc"; rm "$d/3.mlmc" "$d/3.ppl"
before=$(stat -c %Y "$d/2.mlmc")
"$here/train_lm.sh" --stage 0 "${common[@]}" "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$d" > "$work/restart.out" 2>&1 \
  || { cat "$work/restart.out"; fail "restart"; }
grep -q "iteration 2: 2 jobs" "$work/restart.out" || fail "restart did not redo iteration 2"
! grep -q "iteration 1: 2 jobs" "$work/restart.out" || fail "restart redid iteration 1"
[ "$(stat -c %Y "$d/2.mlmc")" = "$before" ] || fail "restart rewrote 2.mlmc"
same_model "$d/3.mlmc" "$work/3.first.mlmc" || fail "the restarted iteration differs from the first run's"
echo "ok: restart continues from the last finished iteration, same result"

# a failing job fails the iteration and names its log
d=$work/fail
if "$here/train_lm.sh" "${common[@]}" --train-opts "$tiny --dropout-embed 2" "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$d" \
    > "$work/fail.out" 2>&1; then fail "a failing job did not fail the run"; fi
grep -q "see $d/log/probe.log" "$work/fail.out" || { cat "$work/fail.out"; fail "the failure does not name the log"; }
mkdir -p "$work/fail2"
"$here/train_lm.sh" --stage -2 "${common[@]}" --num-iters 1 "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$work/fail2" > /dev/null 2>&1
rm "$work/fail2/1.mlmc" "$work/fail2/1.ppl" "$work/fail2/split/2.txt"   # job 2's split vanished
if "$here/train_lm.sh" --stage 0 "${common[@]}" --num-iters 1 "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$work/fail2" \
    > "$work/fail2.out" 2>&1; then fail "a missing split did not fail the iteration"; fi
grep -q "failure on iteration 0 of training, see $work/fail2/log/train.0.\*.log" "$work/fail2.out" || { cat "$work/fail2.out"; fail "no log named"; }
echo "ok: a failed job fails the iteration and names its logs"

# on-demand levels with online distillation: masks change only at iteration starts, final levels kept
d=$work/ondemand
"$here/train_lm.sh" --num-jobs-initial 2 --num-jobs-final 2 --num-splits 4 --num-iters 4 --vocab-size 150 \
  --train-opts "$tiny --levels 0.3,0.6 --distill online" "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$d" \
  > "$work/ondemand.out" 2>&1 || { cat "$work/ondemand.out"; fail "on-demand run"; }
grep -q "prune-schedule=cubic" "$d/schedule_opts" || fail "no aligned schedule"
"$root/bin/moglm" ppl --level 0.6 --threads 1 "$d/final.mlm" "$data/ljspeech_lm_valid60.txt" > "$work/ondemand.ppl" 2>&1 || fail "final.mlm has no 0.6 level"
echo "ok: on-demand: $(cat "$d/schedule_opts"), best $(cat "$d/best_iter"), level 0.6: $(grep -o 'ppl [0-9.]*' "$work/ondemand.ppl")"
# splits with equal line counts but unequal tokens: the updates per job come from the split with
# the fewest tokens (a line-count choice let the job on the short split run out of text before
# its updates, and average-models refused the unequal step counts)
d=$work/unequal
awk 'NR <= 200 { long[NR] = $0 } NR > 200 { printf "%s %s\n", long[NR - 200], $0 } END { for (i = 1; i <= 200; i++) { split(long[i], w, " "); print w[1], w[2] } }' \
  "$data/ljspeech_lm_400.txt" > "$work/unequal.txt"
"$here/train_lm.sh" --num-jobs-initial 2 --num-jobs-final 2 --num-splits 2 --num-iters 1 --vocab-size 150 --train-opts "$tiny" \
  "$work/unequal.txt" "$data/ljspeech_lm_valid60.txt" "$d" > "$work/unequal.out" 2>&1 || { cat "$work/unequal.out"; fail "splits of unequal tokens"; }
grep -q "averaged 2 checkpoint files" "$d/log/average.1.log" || fail "unequal splits: iteration 0 did not average 2 jobs"
echo "ok: splits of equal lines and unequal tokens: $(cat "$d/updates_per_iter") updates per job"

# the sampled output layer (issue 12) through the recipe: jobs sample with their own seeds, the
# lazily updated Adam rows average like every other moment
d=$work/sampled
"$here/train_lm.sh" --num-jobs-initial 2 --num-jobs-final 2 --num-splits 4 --num-iters 2 --vocab-size 150 \
  --train-opts "$tiny --output sampled --num-samples 32" "$data/ljspeech_lm_400.txt" "$data/ljspeech_lm_valid60.txt" "$d" \
  > "$work/sampled.out" 2>&1 || { cat "$work/sampled.out"; fail "sampled-output run"; }
grep -q "averaged 2 checkpoint files" "$d/log/average.2.log" || fail "sampled: iteration 1 did not average 2 jobs"
grep -q -- "--output sampled" "$d/log/train.1.1.log" || fail "sampled: the jobs did not train the sampled output"
echo "ok: sampled output: $(cat "$d/report.txt")"
echo "all train_lm.sh checks passed ($work)"
