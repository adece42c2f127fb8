#!/usr/bin/env bash
# Training speed, moglm vs PyTorch (CPU), same model shape and batch, measured in the same run.
#
# Usage: recipes/peers/compare.sh [--steps N] [--threads N] [--batch-size B] [--bptt T] [--size H] [--rounds "0 5"]
# e.g.   recipes/peers/compare.sh --steps 60 --threads 2
#
# For each r in --rounds (0 = plain LSTM, nn.LSTM in PyTorch; r > 0 = Mogrifier, an nn.Module with a
# Python time loop in PyTorch) both tools train a tied 2-layer LM of size H on ptb.train.txt
# (V = 10k) with Adam, dropout and clipping, and report training tokens/s (forward + backward +
# update). moglm runs twice: with --threads BLAS threads in one model, and with --replicas (data
# parallel, one BLAS thread per replica); the ratio uses the faster. The tools are run alternately,
# twice each, and the best of each is kept (the machine is shared).
# Needs: apt-get install -y python3-torch libopenblas0-pthread   (Debian's PyTorch, run with /usr/bin/python3).
set -e
steps=40; threads=2; batch=32; bptt=35; size=200; rounds="0 5"; repeats=2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/ptb
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps=$2; shift 2 ;; --threads) threads=$2; shift 2 ;; --batch-size) batch=$2; shift 2 ;;
    --bptt) bptt=$2; shift 2 ;; --size) size=$2; shift 2 ;; --rounds) rounds=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;; --data) data=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1" >&2; exit 1 ;;
  esac
done
[ -f "$data/ptb.train.txt" ] || { echo "$0: no $data/ptb.train.txt" >&2; exit 1; }
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null || {
  echo "$0: PyTorch missing: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 1; }
[ -d "$root/target/lib" ] || (cd "$root" && mvn -B -q package -DskipTests)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# moglm twice: N BLAS threads in one model, and N replicas (data parallel) with one BLAS thread each
printf "%-28s %14s %16s %14s %8s\n" "model (B=$batch T=$bptt, $threads thr)" "moglm tok/s" "moglm replicas" "pytorch tok/s" "ratio"
moglm_tps() {  # rounds run extra-options
  OPENBLAS_NUM_THREADS=$threads "$root/bin/moglm" train --threads="$threads" --embed-size="$size" --hidden-size="$size" \
      --layers=2 --rounds="$1" --batch-size="$batch" --bptt="$bptt" --dropout-embed=0.3 --dropout-state=0.2 \
      --dropout-layers=0.3 --dropout-output=0.3 --max-steps=$((steps + 5)) --checkpoint-minutes=0 $3 \
      --progress-interval=1000 "$data/ptb.train.txt" "$tmp/m$1.$2" 2>"$tmp/log" | sed -n 's/.*tokens\/s \([0-9]*\) .*/\1/p'
}
for r in $rounds; do
  best_m=0; best_d=0; best_p=0
  for i in $(seq "$repeats"); do
    m=$(moglm_tps "$r" "$i" "")
    d=0
    [ "$threads" -gt 1 ] && d=$(moglm_tps "$r" "d$i" "--replicas=$threads")
    p=$(OPENBLAS_CORETYPE=SkylakeX OMP_WAIT_POLICY=passive /usr/bin/python3 "$here/pytorch_lstm.py" --text "$data/ptb.train.txt" \
          --size "$size" --layers 2 --rounds "$r" --batch-size "$batch" --bptt "$bptt" --steps "$steps" --warmup 5 \
          --threads "$threads" --dropout 0.3 | sed -n 's/.*training \([0-9]*\) tokens\/s/\1/p')
    [ "${m:-0}" -gt "$best_m" ] && best_m=$m
    [ "${d:-0}" -gt "$best_d" ] && best_d=$d
    [ "${p:-0}" -gt "$best_p" ] && best_p=$p
  done
  best=$(( best_m > best_d ? best_m : best_d ))
  label="2x$size r=$r $([ "$r" = 0 ] && echo LSTM || echo Mogrifier)"
  printf "%-28s %14s %16s %14s %8s\n" "$label" "$best_m" "$best_d" "$best_p" "$(awk -v a="$best" -v b="$best_p" 'BEGIN{ if (b>0) printf "%.2fx", a/b; else print "-" }')"
done
