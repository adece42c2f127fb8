#!/usr/bin/env bash
# The LJSpeech on-demand model trained with the sampled, self-normalizing output layer (issue 12's
# --output=sampled) instead of the full softmax, and what it gives per level with raw logits
# (--normalize-probs=false, one dot product per word) and with exact normalization.
# One run of `moglm train` (no fork): run.sh's training configuration, 8 epochs on a cosine, dense
# for the first 4, levels 0.2-0.8 grown on a cubic schedule over the 5th (one mask update every 19
# updates), then trained at their final sparsities; online distillation over the sampled set;
# K = 4096 samples, --log-z-penalty=1 (the setting of docs/vocabulary.md that kept the raw-logit WER
# closest to exact normalization). The model kept is the best held-out epoch at the final levels.
# Then for the dense network and every level: held-out perplexity and log Z (moglm ppl), dev lattice
# WER with --normalize-probs=false and =true at the LM weight chosen on dev (dense network, raw
# logits), process CPU of each rescoring run (JVM start and loads included).
#
#   recipes/ljspeech/sampled.sh [--stage 0|1] [--exp DIR]     (stage 0 trains, stage 1 evaluates)
# Results: recipes/ljspeech/results/sampled.md. Needs ../shared/data/ljspeech-asr and run.sh's
# stage 0 (exp/lm/train.txt, exp/lm/valid.txt).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ljspeech-asr
exp=$here/exp/sampled
lm=$here/exp/lm
stage=0
while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage=$2; shift 2 ;;
    --exp) exp=$2; shift 2 ;;
    --lm) lm=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1" >&2; exit 1 ;;
  esac
done
export OPENBLAS_NUM_THREADS=1
moglm=$root/bin/moglm
words=$data/lang/words.txt
mkdir -p "$exp"
common="--embed-size=256 --hidden-size=256 --layers=1 --rounds=5 --rank=0 --tied=true --optimizer=adam --lr=0.003 --clip=1.0
  --lr-schedule=cosine --min-lr=1e-5 --batch-size=32 --bptt=35 --eval-interval=0 --eval-batch-size=10 --dropout-embed=0.4
  --dropout-state=0.25 --dropout-layers=0.25 --dropout-output=0.4 --reset-state-at-sentence-start=true --checkpoint-minutes=5 --seed=1"
if [ "$stage" -le 0 ] && [ ! -f "$exp/od/final.mlm" ]; then
  resume=; [ -f "$exp/od/checkpoint.mlmc" ] && resume=--resume
  # shellcheck disable=SC2086
  nice -n 5 "$moglm" train $common --epochs=8 --output=sampled --num-samples=4096 --log-z-penalty=1 \
    --levels=0.2,0.4,0.6,0.8 --subnets=sandwich --distill=online --kd-alpha=0.5 --kd-temp=1.0 --prune-schedule=cubic:1532:1912:19 \
    $resume --threads=1 --progress-interval=60 --words="$words" --oov-file="$data/lang/oov.txt" --valid-text="$lm/valid.txt" \
    "$lm/train.txt" "$exp/od" > "$exp/od.out" 2>> "$exp/od.log"
fi
int2sym() {  # ids -> words of words.txt, first field (the key) kept
  "$moglm" int2sym -f 2- "$words"
}
rescore() {  # <level> <normalize> <weight>: prints "%WER ... | cpu_s"
  local out=$exp/dev_$1_$2_$3
  /usr/bin/time -f "%U %S" -o "$out.time" "$moglm" lattice-lmrescore-pruned --lm-scale="$3" --acoustic-scale=0.1 --max-ngram-order=4 \
    --level="$1" --normalize-probs="$2" "$data/lang/lm_3gram.arpa.gz" "$exp/od/final.mlm" "ark:gunzip -c $data/decode_dev/lat.*.gz|" \
    "ark:$out.lat" 2> "$out.log"
  "$moglm" lattice-best-path --acoustic-scale=0.1 "ark:$out.lat" ark,t:- 2>/dev/null | int2sym > "$out.txt"
  echo "$("$moglm" compute-wer --text --mode=present "ark:$data/dev/text" "ark:$out.txt" 2>/dev/null | grep '^%WER') | $(awk '{ printf "%.1f", $1 + $2 }' "$out.time")"
  rm -f "$out.lat"
}
if [ "$stage" -le 1 ]; then
  {
    echo "# $(date -u +%F): recipes/ljspeech/sampled.sh --stage 1; model $exp/od/final.mlm ($(stat -c %s "$exp/od/final.mlm") bytes)"
    grep -h "tokens this session" "$exp/od.log" | tail -1
    for l in 0 0.2 0.4 0.6 0.8; do
      echo "held-out, level $l: $("$moglm" ppl --threads=1 --level=$l "$exp/od/final.mlm" "$lm/valid.txt" 2>/dev/null | grep -E 'ppl|log Z' | sed 's/ (how far.*//; s/^[^:]*: //' | tr '\n' ' ')"
    done
    best=; bestw=
    for w in 0.35 0.5 0.65 0.8; do
      r=$(rescore 0 false $w); echo "weight $w, dense, raw logits: $r"
      e=$(echo "$r" | awk '{ print $4 }')
      if [ -z "$best" ] || [ "$e" -lt "$best" ]; then best=$e; bestw=$w; fi
    done
    echo "weight chosen on dev (dense network, raw logits): $bestw"
    for l in 0 0.2 0.4 0.6 0.8; do
      for n in false true; do echo "level $l, --normalize-probs=$n, weight $bestw: $(rescore $l $n $bestw)"; done
    done
  } | tee "$exp/results.txt"
fi
