#!/usr/bin/env bash
# Drop-in for Kaldi's rnnlm/lmrescore_nbest.sh with a moglm Mogrifier LM: N-best rescoring
# (new graph cost = graph cost - weight * old LM + weight * neural LM, exact neural histories).
# Same positional arguments and options as Kaldi's script; runs through $cmd (run.pl/queue.pl/slurm.pl).
# The rescored N-best lists are written as lattices (lat.JOB.gz, one path per hypothesis) so that
# the usual scoring applies.

# Begin configuration section.
cmd=$(dirname "$0")/utils/run.pl
skip_scoring=false
max_ngram_order=4   # accepted for compatibility: n-best rescoring uses exact histories
max_arcs=           # accepted for compatibility (lattice rescoring only)
N=10
inv_acwt=           # Kaldi's option; --acwt wins when both are given
acwt=0.1
weight=1.0          # Kaldi's default for this script
old_lm=             # the old LM as ARPA; default: <old-lang-dir>/G.arpa.gz or the only *.arpa.gz there
model=              # default: <model-dir>/final.mlm, else the only *.mlm there
level=
moglm=
stage=0
# End configuration section.

usage() {
  cat <<USAGE
Does language model rescoring of N-best lists from lattices (remove old LM, add new LM) with a moglm model.

Usage: $0 [options] <old-lang-dir> <model-dir> <data-dir> <input-decode-dir> <output-decode-dir>
 e.g.: $0 --N 100 --weight 0.5 data/lang_test exp/moglm data/dev exp/tri3/decode_dev exp/tri3/decode_dev_moglm_nbest
Options:
  --cmd <cmd>             job runner (run.pl, queue.pl, slurm.pl ...)   [$cmd]
  --N <n>                 hypotheses per utterance                      [$N]
  --weight <w>            neural LM weight (old LM gets -w)             [$weight]
  --acwt <s>              acoustic scale (or --inv-acwt 1/s)            [$acwt]
  --skip-scoring <bool>   do not run scoring                            [$skip_scoring]
  --max-ngram-order, --max-arcs: accepted, unused; --old-lm <arpa>, --model <file>, --level <n>, --moglm <cmd>
USAGE
}

echo "$0 $*"
. "$(dirname "$0")/utils/parse_options.sh"
if [ $# != 5 ]; then usage >&2; exit 1; fi
oldlang=$1; modeldir=$2; data=$3; indir=$4; dir=$5

here=$(cd "$(dirname "$0")/../.." && pwd)
[ -z "$moglm" ] && moglm=$here/bin/moglm
[ -n "$inv_acwt" ] && [ "$acwt" = 0.1 ] && acwt=$(awk -v i="$inv_acwt" 'BEGIN{print 1/i}')
. "$(dirname "$0")/utils/find_lms.sh"
for f in "$indir/num_jobs" "$old_lm" "$model" "$indir/lat.1.gz"; do
  [ -f "$f" ] || { echo "$0: expected file $f to exist" >&2; exit 1; }
done
nj=$(cat "$indir/num_jobs")
mkdir -p "$dir/log"
lopt=""; [ -n "$level" ] && lopt="--level=$level"

if [ $stage -le 0 ]; then
  for n in $(seq $nj); do mkdir -p "$dir/archives.$n"; done
  $cmd JOB=1:$nj "$dir/log/lat2nbest.JOB.log" \
    "$moglm" lattice-to-nbest --acoustic-scale=$acwt --n=$N "ark:gunzip -c $indir/lat.JOB.gz|" ark:- \| \
    "$moglm" nbest-to-linear ark:- "ark,t:$dir/archives.JOB/ali" "ark,t:$dir/archives.JOB/trans.int" \
      "ark,t:$dir/archives.JOB/lmcost" "ark,t:$dir/archives.JOB/accost" || exit 1
fi

if [ $stage -le 1 ]; then
  $cmd JOB=1:$nj "$dir/log/rescorelm.JOB.log" \
    "$moglm" nbest-rescore --lm-scale=$weight --acoustic-scale=$acwt $lopt \
      --write-lattice="ark:|gzip -c >$dir/lat.JOB.gz" "$old_lm" "$model" "$dir/archives.JOB" "$dir/archives.JOB/rescored" || exit 1
  cp "$indir/num_jobs" "$dir/num_jobs"
fi

if [ $stage -le 2 ] && ! $skip_scoring; then
  [ -f "$data/text" ] || { echo "$0: not scoring: $data/text does not exist" >&2; exit 1; }
  "$moglm" score-kaldi --cmd "$cmd" "$data" "$oldlang" "$dir" || exit 1
fi
exit 0
