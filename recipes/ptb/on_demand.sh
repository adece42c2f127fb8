#!/usr/bin/env bash
# On-demand pruning on PTB: test perplexity against parameter count for
#   (a) dense; (b) separately pruned models, one per level (one-shot magnitude pruning at half of
#   the epochs, then fine-tuning: the same number of epochs as every other model); (c) on-demand
#   training of all levels in one model without distillation; (d) the same with online
#   distillation (the dense pass teaches the levels); (e) Mogrifier only: (d) with structured
#   levels (whole hidden units removed), to measure the speed of the smaller exported models;
# for the Mogrifier LSTM (r = 5) and the plain LSTM (r = 0). Element levels unless noted.
#
# Usage: recipes/ptb/on_demand.sh [--quick] [--stage N] [--levels L] [--epochs N] [--dropout P] [--layers N]
#                                 [--size H] [--archs "mog lstm"] [--data DIR] [--exp DIR]
# e.g.   recipes/ptb/on_demand.sh --quick          # slice of PTB, small models: a smoke test in minutes
#        recipes/ptb/on_demand.sh                  # full PTB, 2 x 200 models (hours on 2 cores)
#        recipes/ptb/on_demand.sh --quick --stage 2   # only re-evaluate and re-tabulate
#        recipes/ptb/on_demand.sh --size 128 --layers 1 --epochs 3 --archs mog   # full PTB, smaller runs
#
# Stages: 0 build + data (slice in --quick); 1 train every model (two at a time, one BLAS thread
# each); 2 evaluate every level of every model with `moglm info --text test` (perplexity, non-zero
# parameters, export file size, tokens/s); 3 table (EXP/results.tsv, EXP/results.md) and plot
# (EXP/ppl_vs_params.png). EXP defaults to recipes/ptb/exp/on_demand[_quick] (git-ignored).
set -e
set -o pipefail

quick=false
stage=0
levels=0.2,0.4,0.6,0.8
epochs=
dropout=
layers=2
size_h=
archs="mog lstm"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ptb
exp=

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --stage) stage=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --dropout) dropout=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;
    --size) size_h=$2; shift 2 ;;
    --archs) archs=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --exp) exp=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

if [ "$quick" = true ]; then
  exp=${exp:-$here/exp/on_demand_quick}
  epochs=${epochs:-6}
  size_h=${size_h:-64}
  train_lines=4000; valid_lines=500; test_lines=800; vocab=2500
else
  exp=${exp:-$here/exp/on_demand}
  epochs=${epochs:-12}
  size_h=${size_h:-200}
  vocab=0
fi
size="--embed-size=$size_h --hidden-size=$size_h --layers=$layers --tied=true"
common="$size --optimizer=adam --lr=0.003 --clip=1.0 --lr-schedule=cosine --min-lr=1e-5
  --batch-size=32 --bptt=35 --epochs=$epochs --eval-interval=0 --eval-batch-size=10 --checkpoint-minutes=30 --seed=1
  --dropout-embed=${dropout:-0.3} --dropout-state=${dropout:-0.2} --dropout-layers=${dropout:-0.2} --dropout-output=${dropout:-0.3}"
kd="--distill=online --kd-alpha=0.5 --kd-temp=1.0"
moglm=$root/bin/moglm
mkdir -p "$exp"

if [ $stage -le 0 ]; then
  . "$here/utils/prepare_data.sh"
fi

train_one() {  # name options...
  local name=$1; shift
  if [ -f "$exp/$name/final.mlm" ] && [ -f "$exp/$name/done" ]; then echo "$name: done before, skipped"; return 0; fi
  echo "$(date -u +%FT%TZ) training $name -> $exp/$name.log"
  # shellcheck disable=SC2086
  OPENBLAS_NUM_THREADS=1 $moglm train $common "$@" --threads=1 --progress-interval=60 --words="$exp/data/words.txt" \
    --oov-word='<unk>' --valid-text="$exp/data/valid.txt" "$exp/data/train.txt" "$exp/$name" > "$exp/$name.out" 2> "$exp/$name.log" \
    || { echo "$0: training $name failed, see $exp/$name.log" >&2; return 1; }
  touch "$exp/$name/done"
}

runs_for() {  # arch rounds: prints "name|options" lines
  local a=$1 r=$2
  echo "$a-dense|--rounds=$r"
  for s in ${levels//,/ }; do echo "$a-pruned-$s|--rounds=$r --prune-to=$s"; done
  echo "$a-ondemand|--rounds=$r --levels=$levels --subnets=sandwich"
  echo "$a-ondemand-kd|--rounds=$r --levels=$levels --subnets=sandwich $kd"
  if [ "$a" = mog ]; then echo "$a-ondemand-kd-unit|--rounds=$r --levels=$levels --subnets=sandwich $kd --granularity=unit"; fi
}

if [ $stage -le 1 ]; then
  for a in $archs; do
    case "$a" in mog) runs_for mog 5 ;; lstm) runs_for lstm 0 ;; *) echo "$0: --archs takes mog and/or lstm, not $a" >&2; exit 1 ;; esac
  done > "$exp/runs.txt"
  # two trainings at a time, one BLAS thread each (2-core machine)
  pids=()
  while IFS='|' read -r name opts; do
    # shellcheck disable=SC2086
    train_one "$name" $opts &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || exit 1; pids=("${pids[@]:1}"); fi
  done < "$exp/runs.txt"
  for p in "${pids[@]}"; do wait "$p" || exit 1; done
fi

if [ $stage -le 2 ]; then
  while IFS='|' read -r name opts; do
    echo "$(date -u +%FT%TZ) evaluating $name"
    OPENBLAS_NUM_THREADS=2 $moglm info --threads=2 --batch-size=10 --text="$exp/data/test.txt" "$exp/$name/final.mlm" > "$exp/$name.info"
  done < "$exp/runs.txt"
fi

if [ $stage -le 3 ]; then
  # rows of `moglm info`: level export... params non-zero file-bytes ppl tokens/s (the last five fields)
  {
    printf "arch\tmethod\tlevel\tparams\tnonzero\tfile_bytes\ttest_ppl\ttokens_per_s\n"
    while IFS='|' read -r name opts; do
      arch=${name%%-*}; method=${name#*-}
      awk -v arch="$arch" -v method="$method" -v name="$name" '
        /^level/ {hdr=1; next}
        hdr && NF >= 6 && $1 ~ /^[0-9.]+$/ {
          n=NF; lvl=$1
          if (method ~ /^pruned-/) { want=substr(method, 8); if (lvl != want) next; method="pruned" }
          printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", arch, method, lvl, $(n-4), $(n-3), $(n-2), $(n-1), $n
        }' "$exp/$name.info"
    done < "$exp/runs.txt"
  } > "$exp/results.tsv"
  {
    echo "| arch | method | level | params (export) | non-zero | file bytes | test ppl | tokens/s |"
    echo "|---|---|---|---|---|---|---|---|"
    tail -n +2 "$exp/results.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1,$2,$3,$4,$5,$6,$7,$8}'
  } > "$exp/results.md"
  $moglm plot-tradeoff --title="PTB$([ "$quick" = true ] && echo ' (quick slice)'): test perplexity vs non-zero parameters" \
    "$exp/results.tsv" "$exp/ppl_vs_params.png"
  $moglm plot-tradeoff --y=tokens_per_s --title="PTB$([ "$quick" = true ] && echo ' (quick slice)'): evaluation speed vs non-zero parameters" \
    "$exp/results.tsv" "$exp/speed_vs_params.png"
  cat "$exp/results.md"
  echo "plots: $exp/ppl_vs_params.png $exp/speed_vs_params.png"
fi
