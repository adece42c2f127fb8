#!/usr/bin/env bash
# PTB recipe: a small Mogrifier LSTM LM (2 x 200, tied, r = 5) and a plain LSTM (r = 0) of the same
# size, each trained within a wall-time budget on the Penn Treebank LM split (Mikolov), then
# evaluated (PTB counting: every word and every </s>, state carried over the whole text).
#
# Usage: recipes/ptb/run.sh [--stage N] [--budget MINUTES] [--parallel true|false] [--threads N]
#                           [--mog-epochs N] [--lstm-epochs N] [--data DIR] [--exp DIR]
# e.g.   recipes/ptb/run.sh                            # everything, 60 min per model, both at once
#        recipes/ptb/run.sh --stage 3                  # only evaluate and tabulate finished runs
#        recipes/ptb/run.sh --stage 1 --resume true    # continue interrupted trainings from checkpoints
#
# Stages: 0 build + check data; 1 train the Mogrifier and the LSTM (concurrently with --parallel true,
# one BLAS thread each; sequentially with --threads each otherwise); 2 valid/test perplexity;
# 3 results table (exp/results.md) and the training speed.
set -e
set -o pipefail

stage=0
budget=60            # minutes of wall time per model (training + periodic evaluation)
parallel=true        # train both models at the same time, 1 thread each (2-core machine)
threads=2            # BLAS threads per training when not parallel
resume=false
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ptb
exp=$here/exp

# the common hyper-parameters (measured choices, see docs/training.md and results/baseline.md)
common="--embed-size=200 --hidden-size=200 --layers=2 --tied=true
  --optimizer=adam --lr=0.003 --lr-schedule=cosine --min-lr=1e-5 --clip=1.0
  --batch-size=64 --bptt=35 --eval-interval=0 --eval-batch-size=16
  --dropout-embed=0.3 --dropout-state=0.2 --dropout-layers=0.25 --dropout-output=0.35
  --checkpoint-minutes=5 --seed=1"
# the cosine schedule anneals over --epochs, so each model gets the epochs that fit the budget at
# its speed measured here (one BLAS thread each, both at once: Mogrifier ~3.3k, LSTM ~4.6k tokens/s,
# 0.93M tokens per epoch), with ~15% to spare; --max-time stops a slower machine anyway.
mog_epochs=10
lstm_epochs=14
mog_opts="--rounds=5 --rank=0"
lstm_opts="--rounds=0"

while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --resume) resume=$2; shift 2 ;;
    --mog-epochs) mog_epochs=$2; shift 2 ;;
    --lstm-epochs) lstm_epochs=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --exp) exp=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

mkdir -p "$exp"
# the runs use a snapshot of the build (exp/build), so that rebuilding the checkout during a long
# run cannot swap classes or the native library under a running JVM
snapshot=$exp/build
moglm() { java -Xmx3g -cp "$snapshot/classes:$snapshot/lib/*" moglm.cli.Main "$@"; }

if [ $stage -le 0 ]; then
  for f in ptb.train.txt ptb.valid.txt ptb.test.txt; do
    [ -f "$data/$f" ] || { echo "$0: missing $data/$f (the PTB LM split, see ../shared/data/ptb/README.md)" >&2; exit 1; }
  done
  if [ ! -d "$root/target/lib" ]; then (cd "$root" && mvn -B -q package -DskipTests); fi
  rm -rf "$snapshot"; mkdir -p "$snapshot"
  cp -r "$root/target/classes" "$root/target/lib" "$snapshot/"
  (cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown) > "$snapshot/COMMIT"
fi

train_one() {  # name extra-options n-threads
  local name=$1 opts=$2 nt=$3 res=""
  [ "$resume" = true ] && [ -f "$exp/$name/checkpoint.mlmc" ] && res="--resume"
  echo "$(date -u +%FT%TZ) training $name (budget $budget min, $nt thread(s)) -> $exp/$name.log"
  # shellcheck disable=SC2086
  moglm train $common $opts --max-time="$budget" --threads="$nt" --progress-interval=60 $res \
    --valid-text="$data/ptb.valid.txt" "$data/ptb.train.txt" "$exp/$name" > "$exp/$name.out" 2> "$exp/$name.log"
}

if [ $stage -le 1 ]; then
  if [ "$parallel" = true ]; then
    export OPENBLAS_NUM_THREADS=1
    train_one mogrifier "$mog_opts --epochs=$mog_epochs" 1 & p1=$!
    train_one lstm "$lstm_opts --epochs=$lstm_epochs" 1 & p2=$!
    wait $p1 || { echo "$0: mogrifier training failed, see $exp/mogrifier.log" >&2; exit 1; }
    wait $p2 || { echo "$0: lstm training failed, see $exp/lstm.log" >&2; exit 1; }
  else
    train_one mogrifier "$mog_opts --epochs=$mog_epochs" "$threads"
    train_one lstm "$lstm_opts --epochs=$lstm_epochs" "$threads"
  fi
fi

if [ $stage -le 2 ]; then
  for name in mogrifier lstm; do
    for set in valid test; do
      moglm ppl --threads=2 "$exp/$name/final.mlm" "$data/ptb.$set.txt" | tee "$exp/$name.ppl.$set"
    done
  done
fi

if [ $stage -le 3 ]; then
  ppl_of() { sed -n 's/.*: ppl \([0-9.]*\) .*/\1/p' "$1"; }
  {
    echo "| model | params | valid ppl | test ppl | training tokens/s | tokens seen | train time (min) |"
    echo "|---|---|---|---|---|---|---|"
    for name in mogrifier lstm; do
      out=$exp/$name.out
      tps=$(sed -n 's/.*tokens\/s \([0-9]*\) .*/\1/p' "$out" | tail -1)
      params=$(grep -o '[0-9]* parameters' "$exp/$name.log" | head -1 | cut -d' ' -f1)
      tokens=$(tail -1 "$exp/$name/metrics.jsonl" | sed -n 's/.*"tokens":\([0-9]*\),.*/\1/p')
      tmin=$(tail -1 "$exp/$name/metrics.jsonl" | sed -n 's/.*"train_s":\([0-9.]*\),.*/\1/p' | awk '{printf "%.1f", $1/60}')
      echo "| $name | $params | $(ppl_of "$exp/$name.ppl.valid") | $(ppl_of "$exp/$name.ppl.test") | $tps | $tokens | $tmin |"
    done
  } > "$exp/results.md"
  cat "$exp/results.md"
fi
