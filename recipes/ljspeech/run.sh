#!/usr/bin/env bash
# LJSpeech rescoring recipe (Kaldi-style stages): train a Mogrifier LM on the LJSpeech LM text with
# the recogniser's words.txt, rescore the dev lattices (pruned lattice rescoring) and the 100-best
# lists at several weights, and print a WER table with speed (real-time factor against the 1189.3 s
# of dev audio) and peak memory.
#
#   recipes/ljspeech/run.sh                          # everything
#   recipes/ljspeech/run.sh --stage 2 --model lattices/model/ljspeech-small.mlm   # rescore with a given model
#
# Stages: 0 build + data + LM text split; 1 train; 2 baseline best path; 3 lattice rescoring;
# 4 n-best rescoring; 5 results table (exp/results.md).
set -euo pipefail
stage=0
budget=20               # minutes of training wall time
weights="0.25 0.5 0.75"
max_ngram_order=4       # Kaldi's script default
acwt=0.1
nj_threads=1            # BLAS threads per rescoring job (2 jobs run in parallel)
gutenberg=false         # also train on the Gutenberg text
model=                  # an existing model: skip training
train_opts="--embed-size=128 --hidden-size=128 --layers=1 --rounds=5 --rank=0 --tied=true
  --optimizer=adam --lr=0.003 --clip=1.0 --lr-decay=0.5 --lr-patience=0 --min-lr=1e-5
  --batch-size=32 --bptt=35 --epochs=100 --eval-interval=0 --eval-batch-size=10
  --dropout-embed=0.3 --dropout-state=0.2 --dropout-layers=0.2 --dropout-output=0.3
  --reset-state-at-sentence-start=true --checkpoint-minutes=5 --seed=1"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ljspeech-asr
exp=$here/exp

while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --weights) weights=$2; shift 2 ;;
    --max-ngram-order) max_ngram_order=$2; shift 2 ;;
    --gutenberg) gutenberg=$2; shift 2 ;;
    --model) model=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --data) data=$2; shift 2 ;;
    --exp) exp=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
moglm=$root/bin/moglm
mkdir -p "$exp"
words=$data/lang/words.txt
arpa=$data/lang/lm_3gram.arpa.gz
audio_secs=$(awk '{s += $2} END {printf "%.1f", s}' "$data/dev/utt2dur")
[ -z "$model" ] && model=$exp/model/final.mlm

int2sym() {  # ids -> words of words.txt, first field kept
  awk -v w="$words" 'BEGIN { while ((getline l < w) > 0) { split(l, f, " "); s[f[2]] = f[1] } }
       { printf "%s", $1; for (i = 2; i <= NF; i++) printf " %s", s[$i]; printf "\n" }'
}
best_path_wer() {  # <lattice-rspecifier> <out-text>: best path at acwt, WER line on stdout
  "$moglm" lattice-best-path --acoustic-scale=$acwt "$1" ark,t:- 2>/dev/null | int2sym > "$2"
  "$moglm" compute-wer --text --mode=present "ark:$data/dev/text" "ark:$2" | grep '^%WER'
}
timed() {  # <log> <command...>: runs under /usr/bin/time -v, prints "wall_seconds peak_MB cpu_seconds"
  local log=$1; shift
  /usr/bin/time -v "$@" > "$log" 2> "$log.time" || { echo "$0: failed: $* (see $log.time)" >&2; tail -5 "$log.time" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { m = $2 / 1024 } /User time|System time/ { c += $2 }
              END { printf "%.1f %.0f %.1f\n", s, m, c }' "$log.time"
}

if [ $stage -le 0 ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
  for f in "$words" "$arpa" "$data/lm-text/train.txt" "$data/dev/text" "$data/decode_dev/lat.1.gz" "$data/nbest_dev/trans.int"; do
    [ -f "$f" ] || { echo "$0: missing $f" >&2; exit 1; }
  done
  mkdir -p "$exp/lm"
  # the last 500 LM sentences are held out for validation (the dev references stay unseen)
  head -n -500 "$data/lm-text/train.txt" > "$exp/lm/train.txt"
  $gutenberg && cat "$data/lm-text/gutenberg.txt" >> "$exp/lm/train.txt"
  tail -n 500 "$data/lm-text/train.txt" > "$exp/lm/valid.txt"
  wc -w "$exp/lm/train.txt" "$exp/lm/valid.txt"
fi

if [ $stage -le 1 ] && [ "$model" = "$exp/model/final.mlm" ]; then
  echo "$(date -u +%FT%TZ) training ($budget min) -> $exp/model/train.log"
  $moglm train $train_opts --words="$words" --oov-file="$data/lang/oov.txt" --threads=2 --max-time="$budget" \
    --progress-interval=60 --valid-text="$exp/lm/valid.txt" "$exp/lm/train.txt" "$exp/model" \
    > "$exp/model/train.out" 2> "$exp/model/train.log" || { echo "$0: training failed, see $exp/model/train.log" >&2; exit 1; }
  $moglm ppl --threads=2 "$model" "$exp/lm/valid.txt" | tee "$exp/model/ppl.valid"
fi

if [ $stage -le 2 ]; then
  best_path_wer "ark:gunzip -c $data/decode_dev/lat.*.gz|" "$exp/baseline.txt" | tee "$exp/baseline.wer"
fi

if [ $stage -le 3 ]; then
  for w in $weights; do
    out=$exp/decode_dev_lat_w$w
    read -r secs mb cpu < <(MOGLM_JAVA_OPTS=-Xmx3g timed "$exp/lat_w$w.log" \
      "$root/recipes/kaldi/lmrescore_pruned.sh" --skip-scoring true --threads "$nj_threads" --lattice-prune-beam 6 \
      --weight "$w" --max-ngram-order "$max_ngram_order" \
      --acwt $acwt --old-lm "$arpa" --model "$model" "$data/lang" "$(dirname "$model")" "$data/dev" "$data/decode_dev" "$out")
    wer=$(best_path_wer "ark:gunzip -c $out/lat.*.gz|" "$out/best_path.txt")
    echo "lattice w=$w: $wer; wall ${secs}s, RTF $(awk -v s=$secs -v a=$audio_secs 'BEGIN{printf "%.4f", s/a}'), peak ${mb} MB" | tee "$exp/lat_w$w.result"
    echo "$w|$wer|$secs|$mb|$cpu" > "$exp/lat_w$w.row"
  done
fi

if [ $stage -le 4 ]; then
  for w in $weights; do
    out=$exp/nbest_dev_w$w
    read -r secs mb cpu < <(OPENBLAS_NUM_THREADS=1 MOGLM_JAVA_OPTS=-Xmx3g timed "$exp/nbest_w$w.log" \
      "$moglm" nbest-rescore --lm-scale="$w" --acoustic-scale=$acwt "$arpa" "$model" "$data/nbest_dev" "$out")
    wer=$("$moglm" compute-wer --text --mode=present "ark:$data/dev/text" "ark:$out/text" | grep '^%WER')
    echo "n-best w=$w: $wer; wall ${secs}s, RTF $(awk -v s=$secs -v a=$audio_secs 'BEGIN{printf "%.4f", s/a}'), peak ${mb} MB" | tee "$exp/nbest_w$w.result"
    echo "$w|$wer|$secs|$mb|$cpu" > "$exp/nbest_w$w.row"
  done
fi

if [ $stage -le 5 ]; then
  {
    echo "LJSpeech dev (185 utts, 3,186 words, ${audio_secs} s audio); model $(basename "$model") ($(du -h "$model" | cut -f1)); acoustic scale $acwt, max-ngram-order $max_ngram_order"
    echo
    echo "| system | weight | %WER | errors | RTF (wall) | RTF (CPU) | peak RSS |"
    echo "|---|---|---|---|---|---|---|"
    b=$(cat "$exp/baseline.wer")
    echo "| baseline lattice best path | - | $(echo "$b" | awk '{print $2}') | $(echo "$b" | cut -d' ' -f3-) | - | - | - |"
    for kind in lat nbest; do
      for w in $weights; do
        f=$exp/${kind}_w$w.row
        [ -f "$f" ] || continue
        IFS='|' read -r ww wer secs mb cpu < "$f"
        name=$([ $kind = lat ] && echo "lattice rescored (pruned)" || echo "100-best rescored")
        echo "| $name | $ww | $(echo "$wer" | awk '{print $2}') | $(echo "$wer" | cut -d' ' -f3-) | $(awk -v s=$secs -v a=$audio_secs 'BEGIN{printf "%.4f", s/a}') | $(awk -v s=$cpu -v a=$audio_secs 'BEGIN{printf "%.4f", s/a}') | ${mb} MB |"
      done
    done
  } | tee "$exp/results.md"
fi
