#!/usr/bin/env bash
# LJSpeech on-demand recipe: ONE Mogrifier LM trained with on-demand pruning levels and online
# distillation (the dense pass teaches the levels) for the recogniser's vocabulary (lang/words.txt),
# then, for the dense network and every level: held-out and dev perplexity, dev WER of pruned lattice
# rescoring and 100-best rescoring, rescoring speed (RTF, wall and CPU, one BLAS thread, JVM start
# included) and peak memory, non-zero parameters and export file size; a table, a plot, and the
# table stored in the model file for `moglm pick-level`. Reference lines: the same run with structured
# (unit) levels, which export to smaller dense matrices (ondemand-kd-unit), the same run without
# distillation (ondemand), and one model pruned separately per reference level (pruned-S, --prune-to).
# Everything is chosen on dev only: the LM weight on the dev lattices (dense network), model
# selection on the held-out last 500 sentences of the LM text.
#
#   recipes/ljspeech/run.sh                       # everything (resumes: finished work is skipped)
#   recipes/ljspeech/run.sh --stage 4             # re-run rescoring/table only
#   recipes/ljspeech/run.sh --methods ondemand-kd # only the main model (no reference lines)
#   recipes/ljspeech/run.sh --stage 3 --model lattices/model/ljspeech-od.mlm --methods ondemand-kd
#                                                 # evaluate a given model file (skips training)
#
# Stages: 0 build + LM text split; 1 train (two at a time, one BLAS thread each; an interrupted run
# continues from its checkpoint with --resume, a finished one is skipped); 2 export every level
# (sparse storage) and measure its perplexities; 3 baseline best path; 4 choose the LM
# weight on dev (dense network of the main model, lattice and 100-best rescoring at --weights);
# 5 rescore dev with every level at the chosen weights (one process at a time, timed);
# 6 table (EXP/results.{tsv,md}), plot (EXP/wer_tradeoff.png), table stored in the main model
# (`moglm pick-level --store`).
set -euo pipefail
stage=0
stop_stage=99
lr_plan_epochs=8        # the dense stage's cosine learning-rate horizon
dense_epochs=3          # epochs of the shared dense stage
epochs=4                # epochs in all (dense stage + level stage)
level_max_steps=0       # stop every level-stage run after this many updates in total (0 = all epochs)
size=256
levels=0.2,0.4,0.6,0.8
methods="ondemand-kd ondemand-kd-unit pruned-0.4 pruned-0.8 ondemand"   # the first is the main model
weights="0.35 0.5 0.65 0.8"
max_ngram_order=4       # Kaldi's script default
acwt=0.1
gutenberg=false         # append lm-text/gutenberg.txt to the training text (not measured, see docs/ljspeech.md)
model=                  # a given main model file: no training for the main method
nbest_levels=all        # stage 5: levels of the main model also rescored as 100-best lists ("all" or a list)
eval_levels=            # stages 2 and 5: only these levels of the on-demand methods (e.g. "0 0.4"; two
                        # recipe processes with disjoint lists evaluate in parallel)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ljspeech-asr
exp=$here/exp

while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage=$2; shift 2 ;;
    --stop-stage) stop_stage=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --level-max-steps) level_max_steps=$2; shift 2 ;;
    --dense-epochs) dense_epochs=$2; shift 2 ;;
    --lr-plan-epochs) lr_plan_epochs=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --methods) methods=$2; shift 2 ;;
    --weights) weights=$2; shift 2 ;;
    --max-ngram-order) max_ngram_order=$2; shift 2 ;;
    --gutenberg) gutenberg=$2; shift 2 ;;
    --eval-levels) eval_levels=$2; shift 2 ;;
    --nbest-levels) nbest_levels=$2; shift 2 ;;
    --model) model=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --data) data=$2; shift 2 ;;
    --exp) exp=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
moglm=$root/bin/moglm
mkdir -p "$exp"
words=$data/lang/words.txt
arpa=$data/lang/lm_3gram.arpa.gz
audio_secs=$(awk '{s += $2} END {printf "%.1f", s}' "$data/dev/utt2dur")
main=${methods%% *}
run() { [ "$stage" -le "$1" ] && [ "$stop_stage" -ge "$1" ]; }
model_of() {  # <method>: its trained model file
  if [ "$1" = "$main" ] && [ -n "$model" ]; then echo "$model"; else echo "$exp/$1/final.mlm"; fi
}
levels_of() {  # <method>: the levels evaluated (0 = dense network)
  case "$1" in pruned-*) echo "${1#pruned-}" ;; *) if [ -n "$eval_levels" ]; then echo "$eval_levels"; else echo "0 ${levels//,/ }"; fi ;; esac
}

# the one training configuration (fixed before any result; not tuned)
common="--embed-size=$size --hidden-size=$size --layers=1 --rounds=5 --rank=0 --tied=true
  --optimizer=adam --lr=0.003 --clip=1.0 --lr-schedule=cosine --min-lr=1e-5
  --batch-size=32 --bptt=35 --eval-interval=0 --eval-batch-size=10
  --dropout-embed=0.4 --dropout-state=0.25 --dropout-layers=0.25 --dropout-output=0.4
  --reset-state-at-sentence-start=true --checkpoint-minutes=5 --seed=1"
opts_of() {  # <method>: its training options beside $common
  case "$1" in
    ondemand-kd) echo "--levels=$levels --subnets=sandwich --distill=online --kd-alpha=0.5 --kd-temp=1.0" ;;
    ondemand) echo "--levels=$levels --subnets=sandwich" ;;
    ondemand-kd-unit) echo "--levels=$levels --subnets=sandwich --distill=online --kd-alpha=0.5 --kd-temp=1.0 --granularity=unit" ;;
    pruned-*) echo "--prune-to=${1#pruned-}" ;;
    *) echo "$0: unknown method $1 (ondemand-kd, ondemand, ondemand-kd-unit, pruned-S)" >&2; exit 1 ;;
  esac
}

int2sym() {  # ids -> words of words.txt, first field (the key) kept
  "$moglm" int2sym -f 2- "$words"
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
rescore() {  # <lat|nbest> <export.mlm> <weight> <out-dir>: rescoring of all dev, one process, one BLAS thread;
             # writes <out-dir>.row "kind weight wer-line wall cpu peak-MB states" (skipped when present);
             # the JVM options as bin/moglm gives rescoring (C1-only JIT) with a 3 GB heap
  local kind=$1 m=$2 w=$3 out=$4 secs mb cpu wer states
  [ -s "$out.row" ] && return 0
  mkdir -p "$out"
  if [ "$kind" = lat ]; then
    read -r secs mb cpu < <(OPENBLAS_NUM_THREADS=1 MOGLM_JAVA_OPTS="-Xmx3g -XX:TieredStopAtLevel=1" timed "$out/log" \
      "$moglm" lattice-lmrescore-pruned --lm-scale="$w" --acoustic-scale=$acwt --max-ngram-order="$max_ngram_order" \
      "$arpa" "$m" "ark:gunzip -c $data/decode_dev/lat.1.gz $data/decode_dev/lat.2.gz|" "ark:$out/lat.ark")
    wer=$(best_path_wer "ark:$out/lat.ark" "$out/best_path.txt")
    rm -f "$out/lat.ark"
    states=$(grep -o '[0-9]* states' "$out/log.time" | tail -1 | cut -d' ' -f1 || true)
  else
    # the log beside the output directory: nbest-rescore replaces that directory as a whole
    read -r secs mb cpu < <(OPENBLAS_NUM_THREADS=1 MOGLM_JAVA_OPTS="-Xmx3g -XX:TieredStopAtLevel=1" timed "$out.log" \
      "$moglm" nbest-rescore --lm-scale="$w" --acoustic-scale=$acwt "$arpa" "$m" "$data/nbest_dev" "$out")
    wer=$("$moglm" compute-wer --text --mode=present "ark:$data/dev/text" "ark:$out/text" | grep '^%WER')
    states=$(grep -o '[0-9]* states' "$out.log.time" | tail -1 | cut -d' ' -f1 || true)
  fi
  echo "$kind|$w|$wer|$secs|$cpu|$mb|${states:-}" > "$out.row"
  echo "  $kind w=$w $(basename "$m"): $wer; wall ${secs}s, cpu ${cpu}s, peak ${mb} MB"
}

if run 0; then
  (cd "$root" && mvn -B -q package -DskipTests)
  for f in "$words" "$arpa" "$data/lm-text/train.txt" "$data/dev/text" "$data/decode_dev/lat.1.gz" "$data/nbest_dev/trans.int"; do
    [ -f "$f" ] || { echo "$0: missing $f" >&2; exit 1; }
  done
  mkdir -p "$exp/lm"
  # the last 500 LM sentences are held out (model selection, held-out perplexity); dev stays unseen
  head -n -500 "$data/lm-text/train.txt" > "$exp/lm/train.txt"
  $gutenberg && cat "$data/lm-text/gutenberg.txt" >> "$exp/lm/train.txt"
  tail -n 500 "$data/lm-text/train.txt" > "$exp/lm/valid.txt"
  wc -w "$exp/lm/train.txt" "$exp/lm/valid.txt"
fi

# Training in two stages. (1) The dense stage: the main run's options for the first dense_epochs
# epochs (its learning rate on a cosine over lr_plan_epochs), stopped with a checkpoint when the
# levels would start. Every method is dense up to there and would compute exactly this (same seed,
# data order and dropout stream), so all share it. (2) Each method forks from that checkpoint
# (--fork-from) and trains to $epochs epochs in total: the on-demand levels grow on a cubic schedule
# over the first quarter of the stage, then train at their final sparsity; a --prune-to model is
# pruned once at its start; the learning rate re-planned as a cosine over $epochs epochs.
chunks() {  # chunks (updates) per epoch of the training text: the dense stage's log says it
  grep -o '[0-9]* chunks/epoch' "$exp/dense.log" | head -1 | cut -d' ' -f1
}
train_dense() {
  local dir=$exp/dense resume=
  if [ -f "$dir/done" ]; then echo "dense stage: trained before, skipped"; return 0; fi
  [ -f "$dir/checkpoint.mlmc" ] && resume=--resume
  mkdir -p "$dir"
  echo "$(date -u +%FT%TZ) dense stage $resume -> $dir.log"
  # the half point is only known once the text is batched: a 1-step run prints chunks/epoch
  if [ -z "$resume" ] && [ ! -s "$exp/dense.log" ]; then
    # shellcheck disable=SC2046,SC2086
    OPENBLAS_NUM_THREADS=1 "$moglm" train $common --epochs=$lr_plan_epochs $(opts_of "$main") --threads=1 --max-steps=1 \
      --words="$words" --oov-file="$data/lang/oov.txt" "$exp/lm/train.txt" "$exp/probe" > /dev/null 2> "$exp/dense.log"
    rm -rf "$exp/probe"
  fi
  local half=$(( $(chunks) * dense_epochs ))
  # shellcheck disable=SC2046,SC2086
  OPENBLAS_NUM_THREADS=1 nice -n 10 "$moglm" train $common --epochs=$lr_plan_epochs $(opts_of "$main") $resume --threads=1 \
    --prune-schedule=cubic:$half:$(( half + 20 )):1 --max-steps=$half --progress-interval=60 --words="$words" --oov-file="$data/lang/oov.txt" --valid-text="$exp/lm/valid.txt" \
    "$exp/lm/train.txt" "$dir" > "$dir.out" 2>> "$exp/dense.log" || { echo "$0: dense stage failed, see $exp/dense.log" >&2; return 1; }
  touch "$dir/done"
}
train_one() {  # <method>: forks it from the dense stage (or resumes it); exp/<method>/done marks a finished run
  local name=$1 dir=$exp/$1 start=--fork-from=$exp/dense/checkpoint.mlmc sched
  if [ -f "$dir/done" ]; then echo "$name: trained before, skipped"; return 0; fi
  [ -f "$dir/checkpoint.mlmc" ] && start=--resume
  local half=$(( $(chunks) * dense_epochs )) total=$(( $(chunks) * epochs ))
  case "$name" in
    pruned-*) sched=oneshot:$half ;;
    *) local every=$(( (total - half) / 4 / 20 )); [ $every -ge 1 ] || every=1; sched=cubic:$half:$(( half + 20 * every )):$every ;;
  esac
  mkdir -p "$dir"
  echo "$(date -u +%FT%TZ) training $name ($start, --prune-schedule=$sched) -> $dir.log"
  # shellcheck disable=SC2046,SC2086
  OPENBLAS_NUM_THREADS=1 nice -n 10 "$moglm" train $common --epochs=$epochs $(opts_of "$name") --prune-schedule=$sched $start \
    --max-steps=$level_max_steps --threads=1 --progress-interval=60 --words="$words" --oov-file="$data/lang/oov.txt" --valid-text="$exp/lm/valid.txt" \
    "$exp/lm/train.txt" "$dir" > "$dir.out" 2>> "$dir.log" || { echo "$0: training $name failed, see $dir.log" >&2; return 1; }
  # a run stopped by --max-steps writes no model file: the final weights (and levels) from its checkpoint
  if [ ! -f "$dir/final.mlm" ]; then
    case "$name" in
      pruned-*) "$moglm" export --level=0 -o "$dir/final.mlm" "$dir/checkpoint.mlmc" ;;
      *) "$moglm" export --level=0 --keep-levels -o "$dir/final.mlm" "$dir/checkpoint.mlmc" ;;
    esac
  fi
  touch "$dir/done"
}

if run 1; then
  for m in $methods; do opts_of "$m" > /dev/null; done
  if [ -z "$model" ]; then train_dense; fi
  pids=()
  for m in $methods; do
    if [ "$m" = "$main" ] && [ -n "$model" ]; then continue; fi
    train_one "$m" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || exit 1; pids=("${pids[@]:1}"); fi
  done
  for p in "${pids[@]}"; do wait "$p" || exit 1; done
fi

if run 2; then
  mkdir -p "$exp/export"
  for m in $methods; do
    for l in $(levels_of "$m"); do
      e=$exp/export/$m-$l.mlm
      [ -s "$e.size" ] && [ -s "$e.heldout" ] && [ -s "$e.devppl" ] && continue
      case "$m" in pruned-*) src_level=0 ;; *) src_level=$l ;; esac
      # "... -> FILE: P parameters (N non-zero), B bytes"
      "$moglm" export --level="$src_level" -o "$e" "$(model_of "$m")" | tee "$e.export" \
        | sed -E 's/.*: ([0-9]+) parameters \(([0-9]+) non-zero\), ([0-9]+) bytes$/\1 \2 \3/' > "$e.size"
      # perplexity (PTB counting, </s> included, OOVs scored as <unk>) on the held-out LM text and on the dev references
      OPENBLAS_NUM_THREADS=1 nice -n 10 "$moglm" ppl --threads=1 --batch-size=10 --reset-state-at-sentence-start "$e" "$exp/lm/valid.txt" > "$e.heldout"
      OPENBLAS_NUM_THREADS=1 nice -n 10 "$moglm" ppl --threads=1 --batch-size=10 --utt-ids --reset-state-at-sentence-start "$e" "$data/dev/text" > "$e.devppl"
    done
  done
fi

if run 3; then
  best_path_wer "ark:gunzip -c $data/decode_dev/lat.*.gz|" "$exp/baseline.txt" | tee "$exp/baseline.wer"
fi

if run 4; then
  # the LM weight: the best dev WER of lattice rescoring with the dense stage's network (the main
  # model's dense network before the levels; available while the level stage trains, so this runs
  # beside it); 100-best rescoring uses the same weight
  d=$exp/export/dense-stage.mlm
  [ -s "$d" ] || "$moglm" export --level=0 -o "$d" "$exp/dense/final.mlm"
  for w in $weights; do rescore lat "$d" "$w" "$exp/rescore/lat-dense-stage-w$w"; done
  best=$(for w in $weights; do IFS='|' read -r _ ww wer _ < "$exp/rescore/lat-dense-stage-w$w.row"; echo "$ww $(echo "$wer" | awk '{print $4}')"; done \
    | sort -k2,2n -k1,1n | head -1 | cut -d' ' -f1)
  # the dense stage's network is a row of the table too (what the level stage cost the dense network)
  if [ ! -s "$d.devppl" ]; then
    "$moglm" export --level=0 -o "$d" "$exp/dense/final.mlm" | sed -E 's/.*: ([0-9]+) parameters \(([0-9]+) non-zero\), ([0-9]+) bytes$/\1 \2 \3/' > "$d.size"
    OPENBLAS_NUM_THREADS=1 nice -n 10 "$moglm" ppl --threads=1 --batch-size=10 --reset-state-at-sentence-start "$d" "$exp/lm/valid.txt" > "$d.heldout"
    OPENBLAS_NUM_THREADS=1 nice -n 10 "$moglm" ppl --threads=1 --batch-size=10 --utt-ids --reset-state-at-sentence-start "$d" "$data/dev/text" > "$d.devppl"
  fi
  echo "$best" > "$exp/weight.lat"
  echo "$best" > "$exp/weight.nbest"
  echo "weight $best chosen on the dev lattices"
fi

if run 5; then
  for m in $methods; do
    for l in $(levels_of "$m"); do
      rescore lat "$exp/export/$m-$l.mlm" "$(cat "$exp/weight.lat")" "$exp/rescore/lat-$m-$l-w$(cat "$exp/weight.lat")"
      # 100-best rows for the main model only (the reference lines are compared on lattices)
      [ "$m" = "$main" ] && { [ "$nbest_levels" = all ] || [[ " $nbest_levels " == *" $l "* ]]; } && rescore nbest "$exp/export/$m-$l.mlm" "$(cat "$exp/weight.nbest")" "$exp/rescore/nbest-$m-$l-w$(cat "$exp/weight.nbest")"
    done
  done
fi

if run 6; then
  base_errs=$(awk '{print $4}' "$exp/baseline.wer")
  nwords=$(awk '{print $6}' "$exp/baseline.wer" | tr -d ,)
  wl=$(cat "$exp/weight.lat"); wn=$(cat "$exp/weight.nbest")
  field() { awk -F'|' -v i="$2" '{print $i}' "$1" 2>/dev/null || true; }
  {
    printf "method\tlevel\tparams\tnonzero\tfile_bytes\theldout_ppl\tdev_ppl\tlat_weight\tlat_wer\tlat_errs\tlat_rtf_wall\tlat_rtf_cpu\tlat_peak_mb\tnbest_weight\tnbest_wer\tnbest_rtf_wall\tnbest_rtf_cpu\tnbest_peak_mb\n"
    for m in dense-stage $methods; do
      for l in $(if [ $m = dense-stage ]; then echo 0; else levels_of "$m"; fi); do
        e=$exp/export/$m-$l.mlm
        [ $m = dense-stage ] && e=$exp/export/dense-stage.mlm
        [ $m = dense-stage ] && [ ! -s "$e.devppl" ] && continue
        read -r params nonzero bytes < "$e.size"
        ppl=$(grep -o ': ppl [0-9.]*' "$e.heldout" | head -1 | awk '{print $3}')
        devppl=$(grep -o ': ppl [0-9.]*' "$e.devppl" | head -1 | awk '{print $3}')
        lr=$exp/rescore/lat-$m-$l-w$wl.row; nr=$exp/rescore/nbest-$m-$l-w$wn.row
        [ $m = dense-stage ] && lr=$exp/rescore/lat-dense-stage-w$wl.row
        lw=$(field "$lr" 3 | awk '{print $2}'); le=$(field "$lr" 3 | awk '{print $4}')
        nw=$(field "$nr" 3 | awk '{print $2}')
        rtf() { [ -n "$1" ] && awk -v s="$1" -v a="$audio_secs" 'BEGIN{printf "%.4f", s/a}' || echo ""; }
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$m" "$l" "$params" "$nonzero" "$bytes" "$ppl" "${devppl:-}" \
          "$wl" "${lw:-}" "${le:-}" "$(rtf "$(field "$lr" 4)")" "$(rtf "$(field "$lr" 5)")" "$(field "$lr" 6)" \
          "$([ -f "$nr" ] && echo "$wn")" "${nw:-}" "$(rtf "$(field "$nr" 4)")" "$(rtf "$(field "$nr" 5)")" "$(field "$nr" 6)"
      done
    done
  } > "$exp/results.tsv"
  # gain kept = (baseline errors - level errors) / (baseline errors - dense errors), main model
  dense_errs=$(awk -F'\t' -v m="$main" '$1 == m && $2 == 0 {print $10}' "$exp/results.tsv")
  {
    echo "LJSpeech dev: 185 utterances, $nwords reference words, $audio_secs s of audio. Baseline (lattice best path,"
    echo "acoustic scale $acwt): $(cat "$exp/baseline.wer"). LM weight chosen on the dev lattices with the dense stage's"
    echo "network (candidates: $weights): lattice $wl, 100-best $wn. Gain kept = (baseline errors - errors) / (baseline errors -"
    echo "errors of \`$main\` dense). RTF = seconds / $audio_secs s, one process,"
    echo "one BLAS thread, JVM start and loading the ARPA and the model included; CPU = user + system time."
    echo
    echo "| method | level | non-zero params | file MB | held-out ppl | dev ppl | lattice %WER | gain kept | lattice RTF wall / CPU | peak RSS MB | 100-best %WER | 100-best RTF wall / CPU |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    tail -n +2 "$exp/results.tsv" | awk -F'\t' -v b="$base_errs" -v d="$dense_errs" '{
      kept = ($10 != "" && b != d) ? sprintf("%.0f%%", 100 * (b - $10) / (b - d)) : ""
      printf "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s / %s | %s | %s | %s%s%s |\n", $1, $2 == 0 ? "dense" : $2, $4, $5 / 1e6, $6, $7, $9, kept, $11, $12, $13, $15, $16, ($16 != "" ? " / " : ""), $17 }'
  } > "$exp/results.md"
  # plot: lattice WER against non-zero parameters and against lattice-rescoring CPU RTF, one line per method
  {
    printf "method\tnonzero\tdev_%%WER_(lattice_rescoring)\tlattice_rescoring_CPU_RTF_(1_thread)\n"
    awk -F'\t' -v main="$main" 'NR > 1 && $9 != "" {
      name = $1 == main ? "on-demand + online KD (one model)" : $1 == "ondemand" ? "on-demand, no KD (one model)" \
           : $1 == "ondemand-kd-unit" ? "on-demand + online KD, unit levels (one model)" \
           : $1 == "ondemand-kd-full" ? "on-demand + online KD, full level stage (4-epoch plan)" \
           : $1 == "ondemand-kd-6ep" ? "on-demand + online KD, 6-epoch plan (best epoch)" \
           : $1 == "dense-stage" ? "dense network before the level stage" \
           : $1 ~ /^pruned-/ ? "pruned separately (one model per level)" : $1
      printf "%s\t%s\t%s\t%s\n", name, $4, $9, $12 }' "$exp/results.tsv"
  } > "$exp/plot.tsv"
  "$moglm" plot-tradeoff --series=method --y="dev_%WER_(lattice_rescoring)" --x="nonzero,lattice_rescoring_CPU_RTF_(1_thread)" \
    --hline="$(awk '{print $2}' "$exp/baseline.wer"):lattice best path (no rescoring)" \
    --title="LJSpeech dev: WER against size and rescoring speed" "$exp/plot.tsv" "$exp/wer_tradeoff.png"
  # the per-level table of the main model, stored in its file for `moglm pick-level`
  if [ -f "$exp/$main/final.mlm" ] && [ -z "$model" ]; then
    "$moglm" pick-level --store="$exp/results.tsv" --method="$main" "$exp/$main/final.mlm"
  fi
  cat "$exp/results.md"
fi
