#!/usr/bin/env bash
# Compare pruning methods on PTB at about 40% and 60% parameter reduction (Mogrifier LSTM, r = 5):
#   unstructured (element) and structured (hidden units) pruning with the magnitude |w| and the
#   data-driven Taylor |w dL/dw| criteria, one-shot (at half of the epochs, then fine-tuning) and
#   gradual (cubic schedule over the first half); L0 hard-concrete unit gates driven to a target
#   size by Lagrange multipliers (moglm.l0), exported as a smaller model, without and with
#   layer-wise hidden-state distillation from the ungated network (--kd-hidden-weight); low-rank
#   SVD factorisation (moglm.lowrank) of every matrix: mogrifier rounds (--rank), LSTM (--lstm-rank)
#   and the tied embedding/output matrix (--embed-rank), all at one rank k chosen for about 40% /
#   60% fewer parameters (k40, k60, computed from the dense model's sizes): one-shot (dense -> k,
#   fine-tuned), incremental (dense -> k40 -> k60, each fine-tuned from the previous; its 40% point
#   is the one-shot k40 model) and nested (ONE file: the k40 model with rank level k60,
#   export-rank --rank-levels, no fine-tuning per level). The low-rank rows train ft = epochs/2 more
#   epochs than the others, so "dense-long" (the dense model resumed for ft more epochs) is their
#   reference. L0 also with gates on units, LSTM gate rows and mogrifier rows (l0-struct,
#   --l0-structures=units,gate-rows,mog). Every final model is evaluated as its
#   deployable export with `moglm info --text test` (params, file size, test ppl, tokens/s).
#
# Usage: recipes/ptb/compare_methods.sh [--quick] [--stage N] [--epochs N] [--size H] [--layers N] [--data DIR] [--exp DIR] [--only REGEX]
# e.g.   recipes/ptb/compare_methods.sh --quick     # slice of PTB, 64-unit models (tens of minutes, loaded machine)
#        recipes/ptb/compare_methods.sh             # full PTB, 2 x 200 models (many hours on 2 cores)
#        recipes/ptb/compare_methods.sh --quick --only lowrank   # dense + the low-rank rows only
#        recipes/ptb/compare_methods.sh --size 128 --layers 1 --epochs 2 --only 'lowrank|taylor-oneshot'   # full PTB, smaller
#
# Stages: 0 build + data; 1 dense model; 2 every pruned model (two at a time, one BLAS thread each);
# 3 exports + evaluation; 4 table EXP/results.tsv, EXP/results.md.
# Unit sparsities 0.3 / 0.5 remove about 40% / 60% of the parameters of the tied E = H models here
# (embedding linear in H, LSTM and mogrifier quadratic); the low-rank models are factored
# physically (embed.left/right, layer<l>.lstm.left/right, mog<i>.left/right), so their size and
# speed gains are real. tokens/s come from separate `moglm info` runs: noisy on a shared machine.
# L0_HIDDEN_WEIGHT=W (environment, default 0.1) sets the layer-wise distillation weight of the l0-hidden rows.
set -e
set -o pipefail

quick=false
stage=0
epochs=
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ptb
exp=
only=.
size_h=
layers=2

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --stage) stage=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --exp) exp=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --size) size_h=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;   # train/evaluate only the methods whose name matches (grep -E); dense always
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

B=32; T=35
if [ "$quick" = true ]; then
  exp=${exp:-$here/exp/compare_quick}   # under the git-ignored exp/
  epochs=${epochs:-5}
  size_h=${size_h:-64}
  train_lines=3000; valid_lines=400; test_lines=800; vocab=2000
else
  exp=${exp:-$here/exp/compare}
  epochs=${epochs:-12}
  size_h=${size_h:-200}
  vocab=0
fi
size="--embed-size=$size_h --hidden-size=$size_h --layers=$layers --tied=true"
common="$size --rounds=5 --optimizer=adam --lr=0.003 --clip=1.0 --lr-decay=0.5 --lr-patience=0 --min-lr=1e-5
  --batch-size=$B --bptt=$T --eval-interval=0 --eval-batch-size=10 --checkpoint-minutes=30 --seed=1
  --dropout-embed=0.3 --dropout-state=0.2 --dropout-layers=0.2 --dropout-output=0.3"
moglm=$root/bin/moglm
mkdir -p "$exp"

if [ $stage -le 0 ]; then
  . "$here/utils/prepare_data.sh"
fi

# planned steps (chunks of B x T tokens, </s> included) for the gradual schedule
tokens=$(( $(wc -w < "$exp/data/train.txt") + $(wc -l < "$exp/data/train.txt") ))
per_epoch=$(( (tokens + B * T - 1) / (B * T) ))
half=$(( per_epoch * epochs / 2 ))
every=$(( half / 10 > 0 ? half / 10 : 1 ))
gradual="--prune-schedule=cubic:0:$half:$every"
l0="--l0-warmup=$half"   # target lowered over the first half, then held (default gate/multiplier rates)
l0_hidden=${L0_HIDDEN_WEIGHT:-0.1}   # weight W of W * sum_l MSE(h_l gated, h_l ungated)

train_one() {  # name epochs options...
  local name=$1 ep=$2; shift 2
  if [ -f "$exp/$name/done" ]; then echo "$name: done before, skipped"; return 0; fi
  echo "$(date -u +%FT%TZ) training $name -> $exp/$name.log"
  # shellcheck disable=SC2086
  OPENBLAS_NUM_THREADS=1 $moglm train $common --epochs=$ep "$@" --threads=1 --progress-interval=60 --words="$exp/data/words.txt" \
    --oov-word='<unk>' --valid-text="$exp/data/valid.txt" "$exp/data/train.txt" "$exp/$name" > "$exp/$name.out" 2> "$exp/$name.log" \
    || { echo "$0: training $name failed, see $exp/$name.log" >&2; return 1; }
  touch "$exp/$name/done"
}

ft=$(( epochs / 2 > 0 ? epochs / 2 : 1 ))   # fine-tuning epochs of each low-rank target

if [ $stage -le 1 ]; then
  train_one dense "$epochs"
  # the dense model trained on for the low-rank rows' extra fine-tuning epochs (--resume of a copy):
  # the fair reference for them, since the 5-epoch dense model is still improving
  if [ ! -f "$exp/dense-long/done" ]; then
    rm -rf "$exp/dense-long"; cp -r "$exp/dense" "$exp/dense-long"; rm -f "$exp/dense-long/done"
    train_one dense-long "$((epochs + ft))" --resume
  fi
fi

# rank k (mogrifier = LSTM = embedding/output, tied) whose factored model has about (1 - red) of the
# dense model's parameters; sizes from the dense model file (moglm info's first line)
lowrank_ranks() {  # -> "k40 k60" into $exp/lowrank_ranks.txt
  local arch
  arch=$($moglm info "$exp/dense/final.mlm" | head -1)
  awk -v a="$arch" 'BEGIN {
    n = split(a, f, /[ =,]+/); for (i = 1; i < n; i++) v[f[i]] = f[i + 1]
    V = v["V"]; E = v["E"]; H = v["H"]; L = v["layers"]; r = v["rounds"]
    dense = V * E + V; perk = V + E; const = V
    for (l = 0; l < L; l++) {
      m = l == 0 ? E : H; b = 0
      for (i = 1; i <= r; i++) b += (i % 2 == 1) ? m : H
      dense += 4 * H * (m + H) + 4 * H + r * m * H + b
      perk += (4 * H + m + H) + r * (m + H); const += 4 * H + b
    }
    printf "%d %d\n", (0.6 * dense - const) / perk + 0.5, (0.4 * dense - const) / perk + 0.5 }' > "$exp/lowrank_ranks.txt"
}
lr_opts() {  # k init-model -> train options of a rank-k low-rank run
  echo "--granularity=lowrank --rank=$1 --lstm-rank=$1 --embed-rank=$1 --init-from=$2"
}

runs() {  # "name|epochs|options"
  for p in 40:0.4:0.3 60:0.6:0.5; do
    IFS=: read -r pct s u <<< "$p"
    echo "elem-mag-oneshot-$pct|$epochs|--prune-to=$s --criterion=magnitude"
    echo "elem-taylor-oneshot-$pct|$epochs|--prune-to=$s --criterion=taylor"
    echo "elem-mag-gradual-$pct|$epochs|--prune-to=$s --criterion=magnitude $gradual"
    echo "unit-mag-oneshot-$pct|$epochs|--prune-to=$u --granularity=unit --criterion=magnitude"
    echo "unit-taylor-oneshot-$pct|$epochs|--prune-to=$u --granularity=unit --criterion=taylor"
    echo "unit-mag-gradual-$pct|$epochs|--prune-to=$u --granularity=unit --criterion=magnitude $gradual"
    echo "l0-$pct|$epochs|--granularity=l0 --target-size=$(awk -v s=$s 'BEGIN{print 1 - s}') $l0"
    echo "l0-hidden-$pct|$epochs|--granularity=l0 --target-size=$(awk -v s=$s 'BEGIN{print 1 - s}') $l0 --kd-hidden-weight=$l0_hidden"
    echo "l0-struct-$pct|$epochs|--granularity=l0 --target-size=$(awk -v s=$s 'BEGIN{print 1 - s}') $l0 --l0-structures=units,gate-rows,mog"
  done
  read -r k40 k60 < "$exp/lowrank_ranks.txt"
  echo "lowrank-oneshot-40|$ft|$(lr_opts "$k40" "$exp/dense/final.mlm")"
  echo "lowrank-oneshot-60|$ft|$(lr_opts "$k60" "$exp/dense/final.mlm")"
}

if [ $stage -le 2 ]; then
  lowrank_ranks
  runs | grep -E "^[^|]*($only)" > "$exp/runs.txt" || true
  pids=()
  while IFS='|' read -r name ep opts; do
    # shellcheck disable=SC2086
    train_one "$name" "$ep" $opts &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || exit 1; pids=("${pids[@]:1}"); fi
  done < "$exp/runs.txt"
  for p in "${pids[@]}"; do wait "$p" || exit 1; done
  read -r k40 k60 < "$exp/lowrank_ranks.txt"
  if grep -q '^lowrank-oneshot-40|' "$exp/runs.txt" && grep -Eq "$only" <<< "lowrank-incr-60 lowrank-nested-60"; then
  # incremental low-rank: dense -> k40 (the one-shot k40 run) -> k60, fine-tuned from the previous
  # shellcheck disable=SC2046
  train_one lowrank-incr-60 "$ft" $(lr_opts "$k60" "$exp/lowrank-oneshot-40/final.mlm")
  # nested: one file, the k40 model re-factored by SVD (factors ordered by singular value) with
  # rank level k60 (every rank capped at k60; moglm ppl/export --level=$k60)
  mkdir -p "$exp/lowrank-nested"
  $moglm export-rank --rank="$k40" --lstm-rank="$k40" --embed-rank="$k40" --rank-levels="$k60" \
    -o "$exp/lowrank-nested/final.mlm" "$exp/lowrank-oneshot-40/final.mlm" > "$exp/lowrank-nested/export.txt"
  fi
fi

# deployable model of a run: pruned-to models through moglm export, L0 through export-l0, the rest as trained
deployable() {  # name -> path of the model to evaluate
  local name=$1
  case "$name" in
    elem-*|unit-*)
      local s; s=$(grep -o 'prune-to=[0-9.]*' <<< "$(grep "^$name|" "$exp/runs.txt")" | cut -d= -f2)
      $moglm export --level="$s" -o "$exp/$name/export.mlm" "$exp/$name/final.mlm" > /dev/null
      echo "$exp/$name/export.mlm" ;;
    l0-*)
      $moglm export-l0 -o "$exp/$name/export.mlm" "$exp/$name/final.mlm" > "$exp/$name/export.txt"
      echo "$exp/$name/export.mlm" ;;
    lowrank-incr-40) echo "$exp/lowrank-oneshot-40/final.mlm" ;;   # the chain's first step
    lowrank-nested-40) echo "$exp/lowrank-nested/final.mlm" ;;     # level 0: the whole file
    lowrank-nested-60)
      local k40 k60; read -r k40 k60 < "$exp/lowrank_ranks.txt"
      $moglm export --level="$k60" -o "$exp/lowrank-nested/export-$k60.mlm" "$exp/lowrank-nested/final.mlm" > /dev/null
      echo "$exp/lowrank-nested/export-$k60.mlm" ;;
    *) echo "$exp/$name/final.mlm" ;;
  esac
}

all_runs() {
  echo dense; echo dense-long; cut -d'|' -f1 "$exp/runs.txt"
  if grep -q '^lowrank-oneshot-40|' "$exp/runs.txt"; then
    printf '%s\n' lowrank-incr-40 lowrank-incr-60 lowrank-nested-40 lowrank-nested-60 | grep -E "$only"
  fi
}

if [ $stage -le 3 ]; then
  for name in $(all_runs); do
    echo "$(date -u +%FT%TZ) evaluating $name"
    m=$(deployable "$name")
    OPENBLAS_NUM_THREADS=2 $moglm info --threads=2 --batch-size=10 --text="$exp/data/test.txt" "$m" > "$exp/$name.info"
  done
fi

if [ $stage -le 4 ]; then
  dense_params=$(awk '/^level/ {hdr=1; next} hdr && NF >= 6 {print $(NF-4); exit}' "$exp/dense.info")
  {
    printf "method\tparams\tnonzero\treduction\tfile_bytes\ttest_ppl\ttokens_per_s\tfamily\n"
    for name in $(all_runs); do
      awk -v name="$name" -v d="$dense_params" '/^level/ {hdr=1; next}
        hdr && NF >= 6 && !done { n=NF; fam=name; sub(/-(r?[0-9]+)$/, "", fam)
          printf "%s\t%s\t%s\t%.1f%%\t%s\t%s\t%s\t%s\n", name, $(n-4), $(n-3), 100 * (1 - $(n-3) / d), $(n-2), $(n-1), $n, fam; done=1 }' \
        "$exp/$name.info"
    done
  } > "$exp/results.tsv"
  {
    echo "| method | params (export) | non-zero | reduction (non-zero) | file bytes | test ppl | tokens/s |"
    echo "|---|---|---|---|---|---|---|"
    tail -n +2 "$exp/results.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1,$2,$3,$4,$5,$6,$7}'
  } > "$exp/results.md"
  cat "$exp/results.md"
  # one line per method family (the -40/-60 or rank suffix dropped): perplexity and speed against size
  title="PTB: pruning methods"; if [ "$quick" = true ]; then title="PTB (quick slice): pruning methods"; fi
  $moglm plot-tradeoff --series=family --title="$title, test perplexity" "$exp/results.tsv" "$exp/ppl_vs_params.png"
  $moglm plot-tradeoff --series=family --y=tokens_per_s --title="$title, evaluation speed" "$exp/results.tsv" "$exp/speed_vs_params.png"
fi
