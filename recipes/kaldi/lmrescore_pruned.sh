#!/usr/bin/env bash
# Drop-in for Kaldi's rnnlm/lmrescore_pruned.sh with a moglm Mogrifier LM: pruned lattice
# rescoring (remove the old n-gram LM, add the neural LM, n-gram history approximation).
# Same positional arguments and options as Kaldi's script; runs through $cmd (run.pl/queue.pl/slurm.pl).

# Begin configuration section.
cmd=$(dirname "$0")/utils/run.pl
skip_scoring=false
max_ngram_order=4      # neural states are shared by their last (max_ngram_order - 1) words
max_arcs=              # e.g. 20000; empty: the binary's default (100000)
acwt=0.1
weight=0.5             # interpolation weight of the neural LM
lattice_compose_beam=  # empty: the binary's default (6)
old_lm=                # the old LM as ARPA; default: <old-lang-dir>/G.arpa.gz or the only *.arpa.gz there
model=                 # default: <model-dir>/final.mlm, else the only *.mlm there
level=                 # on-demand pruned level (only when the model file has levels)
moglm=                 # the moglm command; default: bin/moglm of this checkout
stage=0
# End configuration section.

usage() {
  cat <<USAGE
Does language model rescoring of lattices (remove old LM, add new LM) with a moglm Mogrifier LM.

Usage: $0 [options] <old-lang-dir> <model-dir> <data-dir> <input-decode-dir> <output-decode-dir>
 e.g.: $0 --weight 0.5 --max-ngram-order 4 data/lang_test exp/moglm data/dev exp/tri3/decode_dev exp/tri3/decode_dev_moglm
Options:
  --cmd <cmd>                 job runner (run.pl, queue.pl, slurm.pl ...)   [$cmd]
  --weight <w>                neural LM weight (old LM gets -w)             [$weight]
  --max-ngram-order <n>       n-gram history approximation order            [$max_ngram_order]
  --max-arcs <n>              most arcs per rescored lattice                [binary default]
  --acwt <s>                  acoustic scale used in pruning                [$acwt]
  --lattice-compose-beam <b>  pruning beam                                  [binary default]
  --skip-scoring <bool>       do not run scoring                            [$skip_scoring]
  --old-lm <arpa>, --model <file>, --level <n>, --moglm <cmd>
USAGE
}

echo "$0 $*"
. "$(dirname "$0")/utils/parse_options.sh"

if [ $# != 5 ]; then usage >&2; exit 1; fi
oldlang=$1; modeldir=$2; data=$3; indir=$4; outdir=$5

here=$(cd "$(dirname "$0")/../.." && pwd)
[ -z "$moglm" ] && moglm=$here/bin/moglm
. "$(dirname "$0")/utils/find_lms.sh"
for f in "$indir/num_jobs" "$old_lm" "$model" "$indir/lat.1.gz"; do
  [ -f "$f" ] || { echo "$0: expected file $f to exist" >&2; exit 1; }
done
nj=$(cat "$indir/num_jobs")
mkdir -p "$outdir/log"
opts="--lm-scale=$weight --acoustic-scale=$acwt --max-ngram-order=$max_ngram_order"
[ -n "$max_arcs" ] && opts="$opts --max-arcs=$max_arcs"
[ -n "$lattice_compose_beam" ] && opts="$opts --lattice-compose-beam=$lattice_compose_beam"
[ -n "$level" ] && opts="$opts --level=$level"

if [ $stage -le 0 ]; then
  $cmd JOB=1:$nj "$outdir/log/rescorelm.JOB.log" \
    "$moglm" lattice-lmrescore-pruned $opts "$old_lm" "$model" \
      "ark:gunzip -c $indir/lat.JOB.gz|" "ark,t:|gzip -c >$outdir/lat.JOB.gz" || exit 1
  cp "$indir/num_jobs" "$outdir/num_jobs"
fi

if [ $stage -le 1 ] && ! $skip_scoring; then
  [ -f "$data/text" ] || { echo "$0: not scoring: $data/text does not exist" >&2; exit 1; }
  "$moglm" score-kaldi --cmd "$cmd" "$data" "$oldlang" "$outdir" || exit 1
fi
exit 0
