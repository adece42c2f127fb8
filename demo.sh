#!/usr/bin/env bash
# The README's first command: build moglm, then rescore the 20 bundled real LJSpeech dev lattices
# (lattices/ljspeech-dev20) with the bundled small Mogrifier LM (lattices/model) and print the WER
# before and after (best path at acoustic scale 0.1).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
lat=lattices/ljspeech-dev20
model=lattices/model/ljspeech-small.mlm
arpa=lattices/model/lm_3gram.arpa.gz
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wer() {  # <lattice-rspecifier>: best path -> words -> %WER line
  bin/moglm lattice-best-path --acoustic-scale=0.1 "$1" ark,t:- 2>/dev/null \
    | bin/moglm int2sym -f 2- $lat/words.txt 2>/dev/null > "$out/hyp.txt"
  bin/moglm compute-wer --text --mode=present ark:$lat/text ark:"$out/hyp.txt" 2>/dev/null | grep '^%WER'
}
echo "== 20 LJSpeech dev lattices, old LM: trigram; new LM: $model ($(du -h $model | cut -f1))"
echo "before (lattice best path):     $(wer "ark:gunzip -c $lat/lat.1.gz|")"
start=$(date +%s.%N)
bin/moglm lattice-lmrescore-pruned --lm-scale=0.5 --max-ngram-order=4 --acoustic-scale=0.1 \
  $arpa $model "ark:gunzip -c $lat/lat.1.gz|" "ark:$out/rescored.ark" 2> "$out/log" \
  || { cat "$out/log" >&2; exit 1; }
secs=$(awk -v s=$start -v e=$(date +%s.%N) 'BEGIN{printf "%.1f", e - s}')
echo "after (pruned lattice rescoring, weight 0.5, 4-gram history): $(wer "ark:$out/rescored.ark")"
grep -E "Done|Overall" "$out/log" | sed "s/^LOG (moglm lattice-lmrescore-pruned) //"
echo "rescoring took ${secs} s (JVM start and model load included)"
