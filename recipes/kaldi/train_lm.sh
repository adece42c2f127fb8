#!/usr/bin/env bash
# Multi-job training of a moglm Mogrifier LM in the manner of Kaldi's rnnlm/train_rnnlm.sh:
# per iteration N jobs through $cmd (run.pl, queue.pl, slurm.pl), each training from the previous
# iteration's model on its own split of the text, then the N models are averaged, the average is
# evaluated on dev, and the best iteration becomes final.mlm. Written for moglm (not Kaldi's code).
#
# Iteration x (0-based) with nj jobs:
#   nj = round(num_jobs_initial + (num_jobs_final - num_jobs_initial) * x / num_iters)
#   job n (1..nj) trains on split (k mod num_splits) + 1, k = splits processed before x + n - 1,
#   from $dir/x.mlmc for exactly S updates (S = the update count of one pass over the smallest
#   split), learning rate = nj * the effective rate, which decays exponentially from
#   --initial-effective-lrate to --final-effective-lrate over the splits processed (Kaldi's rule:
#   averaging nj models divides each job's step by nj); then
#   moglm average-models <the nj checkpoints> $dir/(x+1).mlmc, and its dev perplexity -> $dir/(x+1).ppl.
# num_iters = num_epochs * num_splits * 2 / (num_jobs_initial + num_jobs_final) unless --num-iters.
# Restartable: an iteration is done when $dir/(x+1).mlmc exists (written atomically); re-running
# with the same --stage skips finished iterations and continues from the last one. A failed job
# fails the iteration, naming its log.
# On-demand pruning / distillation options in --train-opts work: masks change only at the first
# update of an iteration, computed in every job alike from the averaged weights; without an
# explicit --prune-schedule the recipe sets one (dense for the first half of the iterations, then
# a cubic ramp with one mask update per iteration over the next quarter), and only iterations
# trained with the final masks are candidates for final.mlm.

# Begin configuration section.
cmd=$(dirname "$0")/utils/run.pl
stage=-2                 # -2 split the text, -1 initial model, 0.. iterations, num_iters: final model
num_jobs_initial=1
num_jobs_final=1
num_epochs=4             # passes over the training text (sets num_iters)
num_iters=               # set directly instead of through num_epochs
num_splits=              # default: from words_per_split
words_per_split=5000000  # aim for jobs of at least a few minutes (Kaldi's prepare_rnnlm_dir.sh default)
initial_effective_lrate=0.002
final_effective_lrate=0.0002
train_opts=              # passed to every moglm train: model size, dropout, --batch-size, --bptt, --levels ...
words=                   # Kaldi words.txt of the LM (default: built from the text, see vocab_size)
vocab_size=0             # with no --words: the most frequent words (0 = all)
oov_word=                # with --words: the OOV word (default <unk>)
utt_ids=false            # texts are Kaldi data/text (first field an utterance id)
seed=1                   # initialisation; job n of the run uses seed <seed>00<n> for its dropout
moglm=                   # the moglm command; default: bin/moglm of this checkout
java_opts=               # JVM options of every moglm run, e.g. -Xmx4g (default: bin/moglm's -Xmx8g)
cleanup=true             # remove each job's model files once the iteration is averaged
# End configuration section.

usage() {
  cat <<USAGE
Trains a moglm LM with N parallel jobs per iteration and model averaging (Kaldi rnnlm style).

Usage: $0 [options] <train-text> <dev-text> <dir>
 e.g.: $0 --cmd utils/run.pl --num-jobs-initial 2 --num-jobs-final 2 --num-epochs 4 \\
          --train-opts "--rounds 5 --hidden-size 200 --embed-size 200 --batch-size 32" \\
          data/lm/train.txt data/lm/dev.txt exp/moglm_mj
Options:
  --cmd <cmd>                      job runner: run.pl, queue.pl, slurm.pl     [$cmd]
  --stage <n>                      -2 split, -1 init, 0.. iterations          [$stage]
  --num-jobs-initial <n>           jobs in the first iteration               [$num_jobs_initial]
  --num-jobs-final <n>             jobs in the last iteration                [$num_jobs_final]
  --num-epochs <n>                 passes over the text                      [$num_epochs]
  --num-iters <n>                  iterations (instead of --num-epochs)
  --num-splits <n>                 text splits (default: text words / --words-per-split)
  --words-per-split <n>            words per split                           [$words_per_split]
  --initial-effective-lrate <lr>   effective learning rate at the start      [$initial_effective_lrate]
  --final-effective-lrate <lr>     effective learning rate at the end        [$final_effective_lrate]
  --train-opts <opts>              options for every moglm train job
  --words <words.txt>, --vocab-size <n>, --oov-word <w>, --utt-ids <bool>, --seed <n>, --moglm <cmd>, --cleanup <bool>
  --java-opts <opts>               JVM options of every moglm run, on each job's command line (e.g. "-Xmx4g")
USAGE
}

echo "$0 $*"
. "$(dirname "$0")/utils/parse_options.sh"

if [ $# != 3 ]; then usage >&2; exit 1; fi
text=$1; dev=$2; dir=$3

here=$(cd "$(dirname "$0")/../.." && pwd)
[ -z "$moglm" ] && moglm=$here/bin/moglm
. "$(dirname "$0")/utils/java_opts.sh"
for f in "$text" "$dev"; do [ -f "$f" ] || { echo "$0: expected file $f to exist" >&2; exit 1; }; done
[ -z "$words" ] || [ -f "$words" ] || { echo "$0: expected file $words to exist" >&2; exit 1; }
case " $train_opts " in
  *" --threads"*|*" --start-from"*|*" --max-steps"*|*" --resume"*|*" --init-only"*|*" --valid-text"*|*" --seed"*|*" --lr "*|*" --lr="*|*" --lr-schedule"*)
    echo "$0: --train-opts must not set --threads, --start-from, --max-steps, --resume, --init-only, --valid-text, --seed, --lr or --lr-schedule: the recipe sets them" >&2
    exit 1 ;;
esac
case " $train_opts " in
  *" --criterion"*taylor*) echo "$0: --criterion taylor is not supported here: each job's Taylor scores come from its own data" >&2; exit 1 ;;
  *" --granularity"*l0*|*" --granularity"*lowrank*) echo "$0: L0 and low-rank training are not supported here (average-models does not average L0 gates)" >&2; exit 1 ;;
esac
mkdir -p "$dir/log" "$dir/split"
calc() { awk "BEGIN { $1 }"; }

# --- stage -2: split the text into num_splits contiguous pieces of equal size (whole lines)
if [ $stage -le -2 ] && [ ! -f "$dir/split/done" ]; then
  nw=$(awk -v u=$utt_ids '{ n += NF - (u == "true" ? 1 : 0) } END { print n + 0 }' "$text")
  [ -z "$num_splits" ] && num_splits=$(calc "n = int($nw / $words_per_split); print (n < 1 ? 1 : n)")
  rm -f "$dir"/split/*.txt
  # line l goes to split floor(l * num_splits / lines) + 1
  awk -v ns=$num_splits -v d="$dir/split" -v lines=$(wc -l < "$text") \
    '{ k = int((NR - 1) * ns / lines) + 1; print > (d "/" k ".txt") }' "$text"
  for n in $(seq $num_splits); do
    [ -s "$dir/split/$n.txt" ] || { echo "$0: split $n is empty: fewer lines than --num-splits $num_splits" >&2; exit 1; }
  done
  echo $num_splits > "$dir/split/num_splits"
  touch "$dir/split/done"
fi
[ -f "$dir/split/done" ] || { echo "$0: $dir/split is not complete: run from --stage -2" >&2; exit 1; }
num_splits=$(cat "$dir/split/num_splits")
if [ $num_jobs_initial -gt $num_splits ] || [ $num_jobs_final -gt $num_splits ]; then
  echo "$0: number of initial or final jobs $num_jobs_initial/$num_jobs_final exceeds num-splits=$num_splits; reduce the number of jobs" >&2
  exit 1
fi
[ -z "$num_iters" ] && num_iters=$(( (num_epochs * num_splits * 2) / (num_jobs_initial + num_jobs_final) ))
[ $num_iters -ge 1 ] || { echo "$0: no iterations (num_epochs=$num_epochs, num_splits=$num_splits)" >&2; exit 1; }
num_splits_to_process=0
for ((x = 0; x < num_iters; x++)); do
  num_splits_to_process=$((num_splits_to_process + $(calc "print int(0.5 + $num_jobs_initial + ($num_jobs_final - $num_jobs_initial) * $x / $num_iters)")))
done

vocab_opts="--words=$dir/words.txt"
[ -n "$oov_word" ] && vocab_opts="$vocab_opts --oov-word=$oov_word"
text_opts="--utt-ids=$utt_ids"

# --- stage -1: the updates per job and iteration (one pass over the smallest split), the prune
# schedule in those units, and the initial model 0.mlmc
if [ $stage -le -1 ] && [ ! -f "$dir/0.mlmc" ]; then
  if [ -n "$words" ]; then cp "$words" "$dir/words.txt"; init_vocab="--words=$words"
  else init_vocab="--vocab-size=$vocab_size"; fi
  [ -n "$oov_word" ] && init_vocab="$init_vocab --oov-word=$oov_word"
  # smallest in tokens (words + one </s> per line), not in lines: equal line counts can hold
  # different numbers of words, and a job must not run out of text before its S updates
  smallest=$(for f in "$dir"/split/*.txt; do echo "$(( $(wc -w < "$f") + $(wc -l < "$f") )) $f"; done \
    | sort -n | head -1 | awk '{ print $2 }')
  # a dry initialisation on the smallest split reports its updates per pass ("N chunks/epoch")
  $cmd "$dir/log/probe.log" "${moglm_env[@]}" "$moglm" train $train_opts $text_opts $init_vocab --threads=1 --init-only "$smallest" "$dir/probe" \
    || { echo "$0: probing the split size failed, see $dir/log/probe.log" >&2; exit 1; }
  S=$(grep -o '[0-9]* chunks/epoch' "$dir/log/probe.log" | head -1 | awk '{ print $1 }')
  [ -n "$S" ] && [ "$S" -ge 1 ] || { echo "$0: could not read the updates per split from $dir/log/probe.log" >&2; exit 1; }
  rm -rf "$dir/probe"
  echo $S > "$dir/updates_per_iter"
  schedule_opts=""
  case " $train_opts " in
    *" --levels"*|*" --prune-to"*)
      if [[ " $train_opts " =~ \ --prune-schedule[=\ ]([^ ]+) ]]; then
        for v in $(echo "${BASH_REMATCH[1]}" | tr ':' ' ' | tr -d 'a-z'); do
          [ $((v % S)) -eq 0 ] || { echo "$0: --prune-schedule ${BASH_REMATCH[1]}: every step must be a multiple of the $S updates per iteration, so that masks change only at iteration starts" >&2; exit 1; }
        done
      else
        half=$((num_iters / 2)); quarter=$(( num_iters / 4 > 0 ? num_iters / 4 : 1 ))
        case " $train_opts " in
          *" --prune-to"*) schedule_opts="--prune-schedule=oneshot:$((half * S))" ;;
          *) schedule_opts="--prune-schedule=cubic:$((half * S)):$(((half + quarter) * S)):$S" ;;
        esac
      fi ;;
  esac
  echo "$schedule_opts" > "$dir/schedule_opts"
  $cmd "$dir/log/init.log" "${moglm_env[@]}" "$moglm" train $train_opts $schedule_opts $text_opts $init_vocab --threads=1 --seed=$seed \
      --init-only "$text" "$dir/init" || { echo "$0: initialisation failed, see $dir/log/init.log" >&2; exit 1; }
  [ -z "$words" ] && cp "$dir/init/words.txt" "$dir/words.txt"
  cp "$dir/init/checkpoint.mlmc" "$dir/0.mlmc.tmp" && mv "$dir/0.mlmc.tmp" "$dir/0.mlmc"
  rm -rf "$dir/init"
fi
for f in "$dir/0.mlmc" "$dir/updates_per_iter" "$dir/words.txt"; do
  [ -f "$f" ] || { echo "$0: expected $f: run from --stage -1" >&2; exit 1; }
done
S=$(cat "$dir/updates_per_iter")
schedule_opts=$(cat "$dir/schedule_opts")
# the first iteration trained with the final masks ends in model final_from (0 for plain training)
final_from=0
if [[ "$schedule_opts $train_opts" =~ --prune-schedule[=\ ]([a-z]+):([0-9]+)(:([0-9]+))? ]]; then
  last=${BASH_REMATCH[2]}; [ -n "${BASH_REMATCH[4]}" ] && last=${BASH_REMATCH[4]}
  final_from=$((last / S + 1))
fi
cat > "$dir/info.txt" <<EOF
num_iters=$num_iters
num_splits=$num_splits
num_jobs_initial=$num_jobs_initial
num_jobs_final=$num_jobs_final
updates_per_iter=$S
initial_effective_lrate=$initial_effective_lrate
final_effective_lrate=$final_effective_lrate
train_opts=$train_opts $schedule_opts
EOF
echo "$0: will train for $num_iters iterations of $S updates per job ($num_splits splits)"

# --- stages 0 .. num_iters-1: the iterations
x=0
num_splits_processed=0
while [ $x -lt $num_iters ]; do
  nj=$(calc "print int(0.5 + $num_jobs_initial + ($num_jobs_final - $num_jobs_initial) * $x / $num_iters)")
  lr=$(calc "ilr = $initial_effective_lrate; flr = $final_effective_lrate;
             e = ($x + 1 >= $num_iters) ? flr : ilr * exp($num_splits_processed * log(flr / ilr) / $num_splits_to_process);
             printf \"%.8g\", e * $nj")
  next=$((x + 1))
  if [ $stage -le $x ] && [ ! -f "$dir/$next.mlmc" ]; then
    echo "$0: iteration $x: $nj jobs, learning rate $lr"
    rm -rf "$dir/iter$x"; mkdir -p "$dir/iter$x"
    for n in $(seq $nj); do
      k=$((num_splits_processed + n - 1))
      ln -s "../split/$(( k % num_splits + 1 )).txt" "$dir/iter$x/text.$n"
    done
    $cmd JOB=1:$nj "$dir/log/train.$x.JOB.log" \
      "${moglm_env[@]}" "$moglm" train $train_opts $schedule_opts $text_opts $vocab_opts --threads=1 \
        --start-from="$dir/$x.mlmc" --epochs=1 --max-steps=$((next * S)) --lr=$lr --seed=${seed}00JOB \
        "$dir/iter$x/text.JOB" "$dir/iter$x/JOB" \
      || { echo "$0: failure on iteration $x of training, see $dir/log/train.$x.*.log for details" >&2; exit 1; }
    # averaging runs here, not on the queue (as Kaldi does)
    models=$(for n in $(seq $nj); do echo -n "$dir/iter$x/$n/checkpoint.mlmc "; done)
    "$(dirname "$0")/utils/run.pl" "$dir/log/average.$next.log" "$moglm" average-models $models "$dir/$next.mlmc" \
      || { echo "$0: averaging failed on iteration $x, see $dir/log/average.$next.log" >&2; exit 1; }
    if $cleanup; then rm -f "$dir"/iter$x/*/checkpoint.mlmc "$dir"/iter$x/*/final.mlm; fi
  fi
  if [ $stage -le $x ] && [ ! -f "$dir/$next.ppl" ]; then
    $cmd "$dir/log/compute_prob.$next.log" "${moglm_env[@]}" "$moglm" ppl $text_opts --threads=1 "$dir/$next.mlmc" "$dev" \
      || { echo "$0: dev perplexity failed, see $dir/log/compute_prob.$next.log" >&2; exit 1; }
    p=$(grep -o ': ppl [0-9.]*' "$dir/log/compute_prob.$next.log" | tail -1 | awk '{ print $3 }')
    [ -n "$p" ] || { echo "$0: no perplexity in $dir/log/compute_prob.$next.log" >&2; exit 1; }
    echo "$p" > "$dir/$next.ppl.tmp" && mv "$dir/$next.ppl.tmp" "$dir/$next.ppl"
    echo "$0: iteration $x: dev perplexity $p"
  fi
  num_splits_processed=$((num_splits_processed + nj))
  x=$next
done

# --- stage num_iters: the best iteration on dev becomes final.mlm
if [ $stage -le $num_iters ]; then
  best=; best_ppl=
  for ((i = (final_from > 1 ? final_from : 1); i <= num_iters; i++)); do
    [ -f "$dir/$i.ppl" ] || { echo "$0: expected $dir/$i.ppl" >&2; exit 1; }
    p=$(cat "$dir/$i.ppl")
    if [ -z "$best" ] || [ "$(calc "print ($p < $best_ppl)")" = 1 ]; then best=$i; best_ppl=$p; fi
  done
  [ -n "$best" ] || { echo "$0: no iteration trained with the final masks (final_from=$final_from > num_iters=$num_iters)" >&2; exit 1; }
  "$(dirname "$0")/utils/run.pl" "$dir/log/final.log" "$moglm" average-models "$dir/$best.mlmc" "$dir/final.mlm" \
    || { echo "$0: writing final.mlm failed, see $dir/log/final.log" >&2; exit 1; }
  echo $best > "$dir/best_iter"
  echo "$0: best iteration (out of $num_iters) was $best, dev perplexity $best_ppl: $dir/final.mlm"
  { printf "Dev ppl:"; for ((i = 1; i <= num_iters; i++)); do printf " %s" "$(cat "$dir/$i.ppl")"; done; echo; } > "$dir/report.txt"
  cat "$dir/report.txt"
fi
exit 0
