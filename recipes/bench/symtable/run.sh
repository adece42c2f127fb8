#!/usr/bin/env bash
# Loading a model's vocabulary (SymbolTable, Vocabulary) at V = 12.6k and 200k, two builds side by side
# (recipes/bench/results/vocabulary/2-symtable.txt):
#
#   recipes/bench/symtable/run.sh OLD NEW OUT
#
# OLD, NEW: built checkouts (mvn -B -q package -DskipTests), or copies of their bin/, target/classes and
# target/lib; OUT: recipes/bench/vocabulary.sh's output directory after stage 1 (samp12k/ and samp200k/
# with final.mlm, words200k.txt). In turn, alternating OLD and NEW:
#   A  the table load alone, five times: a fresh JVM with the C1-only JIT of the rescoring commands;
#      SectionFile.read, then the vocabulary as ModelFile.load builds it (LoadPhases.java)
#   B  stage 2's --normalize-probs=false command, six times: process CPU and peak RSS (/usr/bin/time);
#      the output lattices of OLD and NEW compared
#   C  lookups by String (default JIT, as training): Vocabulary.modelIndex of every token of the
#      LJSpeech gutenberg.txt, new Strings each pass (LookupLoop.java), three times
#   D  Corpus.read of the same text, six reads in one JVM (Lookups.java), three times
# The harness is compiled against OLD (it uses only what both builds have). nice 10, one BLAS thread.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); out=$(cd "$3" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
data=$root/../shared/data/ljspeech-asr
export OPENBLAS_NUM_THREADS=1
h=$(mktemp -d)
trap 'rm -rf "$h"' EXIT
javac -cp "$old/target/classes" -d "$h" "$here"/*.java
cpof() { echo "$1/target/classes:$1/target/lib/*:$h"; }
echo "## A. table load alone: fresh JVM, C1 only (-XX:TieredStopAtLevel=1, as bin/moglm for rescoring); SectionFile.read, then"
echo "## the model's vocabulary as ModelFile.load builds it; process CPU = every thread (/proc/self/task/*/schedstat)"
for round in 1 2 3 4 5; do
  for m in samp12k samp200k; do
    for b in old new; do
      echo "# $m $b"
      nice -n 10 java -Xmx8g -XX:TieredStopAtLevel=1 -cp "$(cpof ${!b})" LoadPhases real "$out/$m/final.mlm"
    done
  done
done
echo "## B. stage 2's --normalize-probs=false command through each build's bin/moglm (C1 only), /usr/bin/time user+sys, peak RSS"
lat="ark:gunzip -c $root/lattices/ljspeech-dev20/lat.1.gz|"
for round in 1 2 3 4 5 6; do
  for m in samp12k samp200k; do
    for b in old new; do
      /usr/bin/time -v nice -n 10 "${!b}/bin/moglm" lattice-lmrescore-pruned --lm-scale=0.5 --acoustic-scale=0.1 \
        --max-ngram-order=4 --normalize-probs=false "$root/lattices/model/lm_3gram.arpa.gz" "$out/$m/final.mlm" "$lat" \
        "ark,t:$h/rescore_${m}_$b.lat" > "$h/log" 2> "$h/time"
      awk -v m=$m -v b=$b -F': ' '/Maximum resident set size/ { r = $2 / 1024 } /User time|System time/ { c += $2 }
        END { printf "%s %s cpu %.2f s, peak RSS %.0f MB\n", m, b, c, r }' "$h/time"
    done
    cmp "$h/rescore_${m}_old.lat" "$h/rescore_${m}_new.lat" && echo "$m: old and new output lattices identical"
  done
done
echo "## C. lookups by String, default JIT (as training): Vocabulary.modelIndex of every token of gutenberg.txt"
echo "## (1.33M tokens, new String objects each pass), ns per lookup (thread CPU) by pass"
for round in 1 2 3; do
  for b in old new; do
    for w in "$data/lang/words.txt" "$out/words200k.txt"; do
      echo -n "$b "; nice -n 10 java -Xmx8g -cp "$(cpof ${!b})" LookupLoop "$w" "$data/lm-text/gutenberg.txt" 8
    done
  done
done
echo "## D. Corpus.read of gutenberg.txt (what moglm train does with its text), default JIT, thread CPU per read"
for round in 1 2 3; do
  for b in old new; do
    for w in "$data/lang/words.txt" "$out/words200k.txt"; do
      echo -n "$b "; nice -n 10 java -Xmx8g -cp "$(cpof ${!b})" Lookups "$w" "$data/lm-text/gutenberg.txt" 6
    done
  done
done
