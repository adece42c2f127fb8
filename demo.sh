#!/usr/bin/env bash
# The README's first command: build moglm, then rescore the 20 bundled real LJSpeech dev lattices
# (lattices/ljspeech-dev20) with the bundled on-demand Mogrifier LM (lattices/model: ONE file, the
# dense network and its pruned levels) and print the WER before and after (best path at acoustic
# scale 0.1) for the dense network and two levels, with the time each rescoring took.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
lat=lattices/ljspeech-dev20
model=lattices/model/ljspeech-od.mlm
arpa=lattices/model/lm_3gram.arpa.gz
weight=0.5     # LM weight (the recipe chose 0.65 on the dev lattices, recipes/ljspeech/results/on_demand.md)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wer() {  # <lattice-rspecifier>: best path -> words -> %WER line
  bin/moglm lattice-best-path --acoustic-scale=0.1 "$1" ark,t:- 2>/dev/null \
    | bin/moglm int2sym -f 2- $lat/words.txt 2>/dev/null > "$out/hyp.txt"
  bin/moglm compute-wer --text --mode=present ark:$lat/text ark:"$out/hyp.txt" 2>/dev/null | grep '^%WER'
}
echo "== 20 LJSpeech dev lattices, old LM: trigram; new LM: $model ($(du -h $model | cut -f1), levels 0.2-0.8 inside)"
echo "before (lattice best path): $(wer "ark:gunzip -c $lat/lat.1.gz|")"
for level in 0 0.4 0.8; do
  start=$(date +%s.%N)
  OPENBLAS_NUM_THREADS=1 bin/moglm lattice-lmrescore-pruned --level=$level --lm-scale=$weight --max-ngram-order=4 \
    --acoustic-scale=0.1 $arpa $model "ark:gunzip -c $lat/lat.1.gz|" "ark:$out/rescored.ark" 2> "$out/log" \
    || { cat "$out/log" >&2; exit 1; }
  secs=$(awk -v s=$start -v e=$(date +%s.%N) 'BEGIN{printf "%.1f", e - s}')
  name=$([ $level = 0 ] && echo "dense network" || echo "level $level ($(awk -v l=$level 'BEGIN{printf "%d", l * 100}')% of the weights pruned)")
  echo "after, $name: $(wer "ark:$out/rescored.ark")  [${secs} s, JVM start and model load included]"
done
echo "(pruned lattice rescoring, weight $weight, 4-gram history; pick a level for a budget: bin/moglm pick-level --max-bytes=8M $model)"
