#!/usr/bin/env bash
# Does pretraining on lm-text/gutenberg.txt (17 public-domain books, 1.33M words, 10.7% of them
# outside the recogniser's vocabulary) help the LJSpeech LM? Dense networks only, the sampled
# output layer (the setting of sampled.sh, without levels), plateau learning rate (0.003, halved
# when the held-out perplexity does not improve), held-out = run.sh's exp/lm/valid.txt:
#   A   in-domain text only, 6 epochs
#   G   Gutenberg, 2 epochs; then GF: G's checkpoint (--start-from: weights, Adam state, step
#       count) trained on the in-domain text for 6 epochs
# For A and GF: held-out perplexity and log Z (best epoch), dev lattice WER at weight 0.5 with raw
# logits and with exact normalization (185 lattices, --max-ngram-order=4).
#   recipes/ljspeech/pretrain.sh [--exp DIR] [--lm DIR]      Results: results/pretrain.md
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ljspeech-asr
exp=$here/exp/pretrain
lm=$here/exp/lm
while [ $# -gt 0 ]; do
  case "$1" in
    --exp) exp=$2; shift 2 ;;
    --lm) lm=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1" >&2; exit 1 ;;
  esac
done
export OPENBLAS_NUM_THREADS=1
moglm=$root/bin/moglm
words=$data/lang/words.txt
mkdir -p "$exp"
c="--embed-size=256 --hidden-size=256 --layers=1 --rounds=5 --rank=0 --tied=true --optimizer=adam --lr=0.003 --clip=1.0
  --lr-schedule=plateau --lr-decay=0.5 --lr-patience=0 --min-lr=1e-5 --batch-size=32 --bptt=35 --eval-interval=0
  --eval-batch-size=10 --dropout-embed=0.4 --dropout-state=0.25 --dropout-layers=0.25 --dropout-output=0.4
  --reset-state-at-sentence-start=true --checkpoint-minutes=5 --seed=1 --output=sampled --num-samples=4096 --log-z-penalty=1
  --threads=1 --progress-interval=60 --words=$words --oov-file=$data/lang/oov.txt --valid-text=$lm/valid.txt"
train() {  # <name> <options...> <text>: trains exp/<name> unless it has a final.mlm
  local name=$1; shift
  [ -f "$exp/$name/final.mlm" ] && return 0
  # shellcheck disable=SC2086
  nice -n 5 "$moglm" train $c "$@" "$exp/$name" > "$exp/$name.out" 2> "$exp/$name.log"
}
train A --epochs=6 "$lm/train.txt" &
train G --epochs=2 "$data/lm-text/gutenberg.txt"
g_steps=$(awk '{ print $2 }' "$exp/G.out" | tail -1)
# 383 = updates per epoch of exp/lm/train.txt at B = 32, T = 35 (the training log says "383 chunks/epoch")
train GF --epochs=6 --max-steps=$(( g_steps + 6 * 383 )) --start-from="$exp/G/checkpoint.mlmc" "$lm/train.txt"
wait
int2sym() {  # ids -> words of words.txt, first field (the key) kept
  "$moglm" int2sym -f 2- "$words"
}
for m in A GF; do
  echo "$m: held-out $("$moglm" ppl --threads=1 "$exp/$m/final.mlm" "$lm/valid.txt" 2>/dev/null | grep -E 'log Z|ppl' \
    | sed 's/ (how far.*//; s/^[^:]*: //; s/ (.*tokens\/s\]//' | tr '\n' ' ')"
  for n in false true; do
    "$moglm" lattice-lmrescore-pruned --lm-scale=0.5 --acoustic-scale=0.1 --max-ngram-order=4 --normalize-probs=$n \
      "$data/lang/lm_3gram.arpa.gz" "$exp/$m/final.mlm" "ark:gunzip -c $data/decode_dev/lat.*.gz|" "ark:$exp/$m.$n.lat" 2>/dev/null
    "$moglm" lattice-best-path --acoustic-scale=0.1 "ark:$exp/$m.$n.lat" ark,t:- 2>/dev/null | int2sym > "$exp/$m.$n.txt"
    echo "$m: dev lattices, --normalize-probs=$n: $("$moglm" compute-wer --text --mode=present "ark:$data/dev/text" "ark:$exp/$m.$n.txt" 2>/dev/null | grep '^%WER')"
  done
done | tee "$exp/results.txt"
