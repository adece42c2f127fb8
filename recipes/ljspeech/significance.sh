#!/usr/bin/env bash
# Are the WER differences between on-demand levels more than chance? Rescores the 185 LJSpeech dev
# lattices with every level of one model file, then compares best paths with Kaldi's paired
# bootstrap (moglm compute-wer-bootci): each level against the lattices' own best path (the gain)
# and against the dense network (the loss).
#
#   recipes/ljspeech/significance.sh [--model M] [--weight W] [--levels "0 0.4 0.6 0.8"] [--out DIR] [--data DIR]
#
# Defaults: the bundled model lattices/model/ljspeech-od.mlm, weight 0.65 (chosen on dev by
# run.sh's stage 4), --max-ngram-order 4, acoustic scale 0.1; output in recipes/ljspeech/exp/significance
# (the table on stdout). One BLAS thread; about 20 s of CPU per level.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ljspeech-asr
model=$root/lattices/model/ljspeech-od.mlm
weight=0.65
levels="0 0.4 0.6 0.8"
out=$here/exp/significance
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=$2; shift 2 ;;
    --weight) weight=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
[ -f "$data/dev/text" ] || { echo "$0: no LJSpeech data at $data (see ../shared/data/ljspeech-asr/README)" >&2; exit 1; }
[ -f "$root/target/classes/moglm/cli/Main.class" ] || (cd "$root" && mvn -B -q package -DskipTests)
export OPENBLAS_NUM_THREADS=1
moglm="nice -n 10 $root/bin/moglm"
words=$data/lang/words.txt
mkdir -p "$out"
best_path() {  # <lattice-rspecifier> <out-text>
  $moglm lattice-best-path --acoustic-scale=0.1 "$1" ark,t:- 2>/dev/null | $moglm int2sym -f 2- "$words" 2>/dev/null > "$2"
}
lats="ark:gunzip -c $data/decode_dev/lat.*.gz|"
[ -s "$out/baseline.txt" ] || best_path "$lats" "$out/baseline.txt"
for l in $levels; do
  [ -s "$out/level_$l.txt" ] && continue
  $moglm lattice-lmrescore-pruned --level="$l" --lm-scale="$weight" --acoustic-scale=0.1 --max-ngram-order=4 \
    "$data/lang/lm_3gram.arpa.gz" "$model" "$lats" "ark:$out/level_$l.lat" 2> "$out/level_$l.log"
  best_path "ark:$out/level_$l.lat" "$out/level_$l.txt"
  rm -f "$out/level_$l.lat"
done
wer() { $moglm compute-wer --text --mode=present "ark:$data/dev/text" "ark:$1" 2>/dev/null | grep '^%WER' | cut -d' ' -f2; }
p() {  # P(set 2 improves set 1), in percent
  $moglm compute-wer-bootci --mode=present "ark:$data/dev/text" "ark:$1" "ark:$2" 2>/dev/null | sed -n 's/^Probability of Set2 improving Set1: //p'
}
echo "# $(basename "$model"), weight $weight, 185 dev lattices (3,186 words); P = Kaldi's paired bootstrap probability, 10,000 resamples"
printf "level\t%%WER\tP(better than the lattices' best path)\tP(better than the dense network)\n"
printf "best path\t%s\t\t\n" "$(wer "$out/baseline.txt")"
dense=$(echo $levels | cut -d' ' -f1)
for l in $levels; do
  if [ "$l" = "$dense" ]; then vs=""; else vs=$(p "$out/level_$dense.txt" "$out/level_$l.txt"); fi
  printf "%s\t%s\t%s\t%s\n" "$l" "$(wer "$out/level_$l.txt")" "$(p "$out/baseline.txt" "$out/level_$l.txt")" "$vs"
done
