#!/usr/bin/env bash
# Large-vocabulary benchmark (docs/vocabulary.md): what the sampled output layer and
# self-normalized scoring cost at V = 12.6k and V = 200k, and what they give on LJSpeech.
#
#   recipes/bench/vocabulary.sh [--stage N] [--last-stage L] [--minutes M] [--quality-minutes Q] [--out DIR] [--data DIR]
#                               [--baseline BIN]
#
# Stages N..L (default 0..3; each writes DIR/<stage>.txt; run from any directory, needs ../shared/data;
# stage 4 runs only when asked, e.g. --stage 4 --last-stage 4 with stage 0's data in DIR):
#   0  data: LM text minus its last 500 sentences (training) and those 500 (held out);
#      words200k.txt = the LJSpeech words.txt plus dummy words up to 200,000 real words
#   1  training speed: M minutes each (default 2), in turn: V=12.6k full softmax, V=200k sampled,
#      V=12.6k sampled; tokens/s of the training steps as moglm train reports them
#   2  rescoring the 20 bundled lattices (lattices/ljspeech-dev20) with the two sampled models of
#      stage 1 (V=12.6k and V=200k), --normalize-probs=false, then the V=12.6k one with
#      --normalize-probs=true: CPU time, wall time, peak RSS (/usr/bin/time)
#   3  quality: a full-softmax and a sampled model trained for the same wall time Q minutes each
#      (default 10, run side by side), held-out perplexity and log Z (moglm ppl), dev-lattice WER
#      (185 lattices, weight 0.5, 4-gram keys) with --normalize-probs=false and =true
#   4  training speed with on-demand levels (--levels=0.4,0.6,0.8 --distill=online, masks from step 1:
#      --prune-schedule=oneshot:1), M minutes each, in turn: V=12.6k full softmax, V=200k sampled (K=1024);
#      tokens per CPU second of the training thread as moglm train reports them; with --baseline BIN
#      (the bin/moglm of another built checkout, e.g. an older commit) each run is made with BIN first,
#      then with this checkout, one after the other
#   5  training memory: M minutes each, in turn: V=12.6k full softmax, V=200k sampled (K=1024), V=200k sampled
#      with stage 4's on-demand levels; peak RSS (/usr/bin/time) and tokens per CPU second of the training
#      thread; with --baseline BIN each run is made with BIN first, then with this checkout
# Everything runs with nice -n 10 and one BLAS thread. Stages 4 and 5 run only when asked.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ljspeech-asr
stage=0
last=3
minutes=2
qminutes=10
out=$root/recipes/bench/results/vocabulary
baseline=
while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage=$2; shift 2 ;;
    --last-stage) last=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --quality-minutes) qminutes=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
export OPENBLAS_NUM_THREADS=1
moglm="nice -n 10 $root/bin/moglm"
mkdir -p "$out"
words=$data/lang/words.txt
arpa=$root/lattices/model/lm_3gram.arpa.gz
opts="--embed-size=128 --hidden-size=128 --layers=1 --rounds=5 --rank=0 --tied=true --optimizer=adam --lr=0.003
  --clip=1.0 --lr-decay=0.5 --lr-patience=0 --min-lr=1e-5 --batch-size=32 --bptt=35 --epochs=100 --eval-batch-size=10
  --dropout-embed=0.3 --dropout-state=0.2 --dropout-layers=0.2 --dropout-output=0.3
  --reset-state-at-sentence-start=true --checkpoint-minutes=0 --seed=1 --threads=1"

timed() {  # <log> <command...>: prints "cpu_seconds wall_seconds peak_MB"
  local log=$1; shift
  /usr/bin/time -v "$@" > "$log" 2> "$log.time" || { echo "$0: failed: $* (see $log.time)" >&2; tail -5 "$log.time" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { m = $2 / 1024 } /User time|System time/ { c += $2 }
              END { printf "%.1f %.1f %.0f\n", c, s, m }' "$log.time"
}

if [ $stage -le 0 ] && [ $last -ge 0 ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
  head -n -500 "$data/lm-text/train.txt" > "$out/train.txt"
  tail -n 500 "$data/lm-text/train.txt" > "$out/heldout.txt"
  awk -v want=200000 '{ print; n = $2 } END { real = NR - 4; for (i = 0; real < want; i++) { printf "zzdummy%06d %d\n", i, ++n; real++ } }' \
    "$words" > "$out/words200k.txt"
  echo "words200k.txt: $(($(wc -l < "$out/words200k.txt") - 4)) real words" | tee "$out/0.txt"
fi

train() {  # <dir> <words> <extra options...>
  local dir=$1 w=$2; shift 2
  rm -rf "$dir"
  $moglm train $opts --words="$w" --oov-file="$data/lang/oov.txt" "$@" "$out/train.txt" "$dir" > "$dir.out" 2> "$dir.log"
}

if [ $stage -le 1 ] && [ $last -ge 1 ]; then
  {
    echo "training speed, $minutes min each (E=H=128, 1 layer, r=5, B=32, T=35, 1 BLAS thread, nice 10)"
    for run in "full12k $words --output=softmax" "samp200k $out/words200k.txt --output=sampled --num-samples=1024" \
               "samp12k $words --output=sampled --num-samples=1024"; do
      set -- $run
      name=$1 w=$2; shift 2
      read -r cpu wall mb < <(timed "$out/$name.time.log" $moglm train $opts --words="$w" --oov-file="$data/lang/oov.txt" \
        --max-time="$minutes" "$@" "$out/train.txt" "$out/$name")
      tps=$(grep -h "tokens this session" "$out/$name.time.log.time" | sed 's/^training: //')
      echo "$name ($*): $tps; process CPU ${cpu} s, wall ${wall} s, peak ${mb} MB"
    done
  } | tee "$out/1.txt"
fi

if [ $stage -le 2 ] && [ $last -ge 2 ]; then
  lat="ark:gunzip -c $root/lattices/ljspeech-dev20/lat.1.gz|"
  {
    echo "rescoring the 20 bundled lattices (lattice-lmrescore-pruned --lm-scale=0.5 --max-ngram-order=4)"
    for run in "samp12k false" "samp200k false" "samp12k true"; do
      set -- $run
      read -r cpu wall mb < <(timed "$out/rescore_$1_$2.log" $moglm lattice-lmrescore-pruned --lm-scale=0.5 --acoustic-scale=0.1 \
        --max-ngram-order=4 --normalize-probs=$2 "$arpa" "$out/$1/final.mlm" "$lat" "ark,t:$out/rescore_$1_$2.lat")
      echo "$1 --normalize-probs=$2: CPU ${cpu} s, wall ${wall} s, peak RSS ${mb} MB; $(grep -h 'network calls' "$out/rescore_$1_$2.log.time" \
        | sed 's/.*Processed \([0-9]*\) lattices in \([0-9.]* s\)[^;]*; /rescoring loop \2 (wall); /; s/.*; \([0-9.]* s\) rescoring, /rescoring loop \1 (wall); /')"
    done
  } | tee "$out/2.txt"
fi

int2sym() {  # ids -> words of words.txt, first field (the key) kept
  $moglm int2sym -f 2- "$words"
}

if [ $stage -le 3 ] && [ $last -ge 3 ]; then
  # side by side, the same wall-clock budget
  train "$out/q_softmax" "$words" --output=softmax --max-time="$qminutes" --valid-text="$out/heldout.txt" &
  train "$out/q_sampled" "$words" --output=sampled --num-samples=1024 --max-time="$qminutes" --valid-text="$out/heldout.txt" &
  wait
  {
    echo "quality: full softmax vs sampled, $qminutes min wall each, trained side by side"
    for m in q_softmax q_sampled; do
      echo "$m: $(grep -h 'tokens this session' "$out/$m.log" | tail -1)"
      $moglm ppl --threads=1 "$out/$m/final.mlm" "$out/heldout.txt" | grep -E "ppl|log Z"
    done
    for run in "q_softmax true" "q_sampled false" "q_sampled true"; do
      set -- $run
      read -r cpu wall mb < <(timed "$out/dev_$1_$2.log" $moglm lattice-lmrescore-pruned --lm-scale=0.5 --acoustic-scale=0.1 \
        --max-ngram-order=4 --normalize-probs=$2 "$data/lang/lm_3gram.arpa.gz" "$out/$1/final.mlm" \
        "ark:gunzip -c $data/decode_dev/lat.*.gz|" "ark:$out/dev_$1_$2.lat")
      $moglm lattice-best-path --acoustic-scale=0.1 "ark:$out/dev_$1_$2.lat" ark,t:- 2>/dev/null | int2sym > "$out/dev_$1_$2.txt"
      wer=$($moglm compute-wer --text --mode=present "ark:$data/dev/text" "ark:$out/dev_$1_$2.txt" | grep '^%WER')
      echo "dev lattices, $1 --normalize-probs=$2: $wer; CPU ${cpu} s, wall ${wall} s, peak ${mb} MB"
    done
  } | tee "$out/3.txt"
fi

if [ $stage -le 4 ] && [ $last -ge 4 ]; then
  levels="--levels=0.4,0.6,0.8 --distill=online --prune-schedule=oneshot:1"
  {
    echo "training speed with on-demand levels ($levels), $minutes min each (E=H=128, 1 layer, r=5, B=32, T=35, 1 BLAS thread, nice 10)"
    [ -n "$baseline" ] && echo "baseline: $baseline"
    echo "this checkout: $root/bin/moglm ($(cd "$root" && git rev-parse --short HEAD))"
    for run in "lv_full12k $words --output=softmax" "lv_samp200k $out/words200k.txt --output=sampled --num-samples=1024"; do
      set -- $run
      name=$1 w=$2; shift 2
      for bin in ${baseline:+"$baseline"} "$root/bin/moglm"; do
        tag=$name; [ "$bin" = "$baseline" ] && tag=${name}_baseline
        rm -rf "${out:?}/$tag"
        read -r cpu wall mb < <(timed "$out/$tag.time.log" nice -n 10 "$bin" train $opts $levels --words="$w" \
          --oov-file="$data/lang/oov.txt" --max-time="$minutes" "$@" "$out/train.txt" "$out/$tag")
        tps=$(grep -h "tokens this session" "$out/$tag.time.log.time" | sed 's/^.*training: //')
        echo "$tag ($*): $tps; process CPU ${cpu} s, wall ${wall} s, peak ${mb} MB"
      done
    done
  } | tee "$out/4.txt"
fi

if [ $stage -le 5 ] && [ $last -ge 5 ]; then
  levels="--levels=0.4,0.6,0.8 --distill=online --prune-schedule=oneshot:1"
  {
    echo "training memory, $minutes min each (E=H=128, 1 layer, r=5, B=32, T=35, 1 BLAS thread, nice 10); peak = maximum RSS"
    [ -n "$baseline" ] && echo "baseline: $baseline"
    echo "this checkout: $root/bin/moglm ($(cd "$root" && git rev-parse --short HEAD))"
    for run in "mem_full12k $words --output=softmax" "mem_samp200k $out/words200k.txt --output=sampled --num-samples=1024" \
               "mem_lv_samp200k $out/words200k.txt --output=sampled --num-samples=1024 $levels"; do
      set -- $run
      name=$1 w=$2; shift 2
      for bin in ${baseline:+"$baseline"} "$root/bin/moglm"; do
        tag=$name; [ "$bin" = "$baseline" ] && tag=${name}_baseline
        rm -rf "${out:?}/$tag"
        read -r cpu wall mb < <(timed "$out/$tag.time.log" nice -n 10 "$bin" train $opts --words="$w" \
          --oov-file="$data/lang/oov.txt" --max-time="$minutes" "$@" "$out/train.txt" "$out/$tag")
        tps=$(grep -h "tokens this session" "$out/$tag.time.log.time" | sed 's/^.*training: //')
        echo "$tag: peak ${mb} MB; $tps; process CPU ${cpu} s, wall ${wall} s"
      done
    done
  } | tee "$out/5.txt"
fi
