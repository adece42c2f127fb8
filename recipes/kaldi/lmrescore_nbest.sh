#!/usr/bin/env bash
# Drop-in for Kaldi's scripts/rnnlm/lmrescore_nbest.sh with a moglm Mogrifier LM: N-best rescoring
# with exact neural histories. A hypothesis' new graph cost is
#   graph cost - rnn-weight * old LM cost + rnn-weight * neural LM cost,
# i.e. the old and the neural LM interpolated log-linearly with weights 1 - rnn-weight and rnn-weight.
# Same positional arguments, options, defaults and stage numbers as Kaldi's script (see
# docs/kaldi-dropins.md); the jobs run through $cmd and get every setting on their command line.
# The rescored N-best lists are written as lattices (lat.JOB.gz, one path per hypothesis), so
# the usual scoring applies.

# Begin configuration section (every variable here is an option: --inv-acwt 12 sets inv_acwt).
N=10                 # hypotheses per utterance
inv_acwt=10          # inverse acoustic scale of the N-best extraction (acwt = 1 / inv_acwt)
cmd=run.pl           # job runner; run.pl means utils/run.pl beside this script unless run.pl is on PATH
use_phi=false        # accepted and ignored: moglm scores each hypothesis' word sequence with the old
                     # n-gram LM (back-off semantics), one method whatever made the lattices
test=false           # true: write the N-best lists back as lattices with unchanged scores, then stop
stage=1              # Kaldi's stage numbers, see below
skip_scoring=false
keep_ali=true        # accepted and ignored: the alignments are always kept
acwt=                # moglm extension: acoustic scale; when set it is used instead of 1 / inv_acwt
max_ngram_order=4    # accepted and ignored: N-best rescoring uses exact histories
max_arcs=            # accepted and ignored (lattice rescoring only)
threads=1            # moglm extension: OpenBLAS threads of each rescoring job (passed with --threads)
old_lm=              # moglm extension: the old LM file; default: <old-lang-dir>/G.carpa, G.fst, G.arpa.gz or the only *.arpa.gz
model=               # moglm extension: the model file; default: <model-dir>/final.mlm, else the only *.mlm there
level=               # moglm extension: on-demand level of the model (see moglm info)
moglm=               # moglm extension: the moglm command; default: bin/moglm of this checkout
java_opts=           # moglm extension: JVM options of every moglm run, e.g. -Xmx4g (default: bin/moglm's -Xmx8g)
config=              # a file of option assignments (e.g. N=100), read before the command-line options
# End configuration section.

usage() {
  cat <<USAGE
Does language model rescoring of N-best lists from lattices (partly remove the old LM, add the new
LM) with a moglm Mogrifier LM, mixed with the old LM scores by the first argument <rnn-weight>.

Usage: $0 [options] <rnn-weight> <old-lang-dir> <model-dir> <data-dir> <input-decode-dir> <output-decode-dir>
 e.g.: $0 --N 100 0.5 data/lang_test exp/moglm data/dev exp/tri3/decode_dev exp/tri3/decode_dev_moglm_nbest
Options (Kaldi's):
  --N <n>                       hypotheses per utterance                             [$N]
  --inv-acwt <x>                inverse acoustic scale for the N-best extraction     [$inv_acwt]
  --cmd <cmd>                   job runner (run.pl, queue.pl, slurm.pl ...)          [$cmd]
  --use-phi <true|false>        accepted, ignored (old LM scored per word sequence)  [$use_phi]
  --test <true|false>           only rebuild lattices with unchanged scores          [$test]
  --stage <n>                   start at this stage (below)                          [$stage]
  --skip-scoring <true|false>   do not score the output                              [$skip_scoring]
  --keep-ali <true|false>       accepted, ignored (alignments are always kept)       [$keep_ali]
  --config <file>               read option assignments from <file>
moglm's:
  --acwt <s>                    acoustic scale (instead of 1 / inv-acwt)
  --threads <n>                 OpenBLAS threads per job                             [$threads]
  --old-lm <file>, --model <file>, --level <n>, --moglm <cmd>, --java-opts <opts>   as in lmrescore_pruned.sh
  --max-ngram-order, --max-arcs accepted, ignored
Stages (Kaldi's numbers): 1 lattices to N-best lists (nbest1.JOB.gz); 2 old LM removal: done in 6;
3 N-best lists to text archives (archives.JOB/); 4, 5: done in 3 and 6; 6 neural LM scores,
old LM removal and interpolation (archives.JOB/rescored/) and the rescored lists as lattices
(lat.JOB.gz), i.e. also 7 and 8. Scoring runs unless --skip-scoring true: local/score.sh --cmd <cmd>
<data-dir> <old-lang-dir> <output-decode-dir> when local/score.sh exists, else recipes/kaldi/score_kaldi.sh.
USAGE
}

echo "$0 $*"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/utils/parse_options.sh"
if [ $# != 6 ]; then usage >&2; exit 1; fi
rnnweight=$1; oldlang=$2; modeldir=$3; data=$4; indir=$5; dir=$6

if [ -d "$dir" ] && [ "$(cd "$dir" && pwd -P)" = "$(cd "$indir" && pwd -P)" ]; then
  echo "$0: the output directory is the input directory $indir: give another one" >&2; exit 1
fi
. "$here/utils/dropin_common.sh"
awk -v w="$rnnweight" 'BEGIN { exit !(w + 0 == w) }' || { echo "$0: <rnn-weight> must be a number, got '$rnnweight'" >&2; exit 1; }
[ -z "$acwt" ] && { acwt=$(awk -v i="$inv_acwt" 'BEGIN { if (i + 0 <= 0) exit 1; print 1 / i }') ||
  { echo "$0: --inv-acwt must be a positive number, got '$inv_acwt'" >&2; exit 1; }; }
nj=$(cat "$indir/num_jobs") || exit 1
mkdir -p "$dir/log" || exit 1
cp "$indir/num_jobs" "$dir/num_jobs" || exit 1
adir=$dir/archives
lopt=""; [ -n "$level" ] && lopt="--level=$level"

# Every job writes under a .tmp name and renames its output only when it succeeded, so an
# interrupted run never leaves an output that a later stage (or --stage) would read.
if [ "$stage" -le 1 ]; then
  echo "$0: converting lattices to N-best lists."
  rm -f "$dir"/nbest1.*.gz "$dir"/nbest1.*.gz.tmp
  $cmd JOB=1:$nj "$dir/log/lat2nbest.JOB.log" \
    "${moglm_env[@]}" "$moglm" lattice-to-nbest --acoustic-scale=$acwt --n=$N \
      "ark:gunzip -c $indir/lat.JOB.gz|" "ark:|gzip -c >$dir/nbest1.JOB.gz.tmp" \
    '&&' mv "$dir/nbest1.JOB.gz.tmp" "$dir/nbest1.JOB.gz" || exit 1
fi

if [ "$stage" -le 3 ]; then
  echo "$0: creating separate-archive form of N-best lists."
  for n in $(seq $nj); do rm -rf "$adir.$n" "$adir.$n.tmp"; done
  $cmd JOB=1:$nj "$dir/log/make_new_archives.JOB.log" \
    mkdir -p "$adir.JOB.tmp" '&&' \
    "${moglm_env[@]}" "$moglm" nbest-to-linear "ark:gunzip -c $dir/nbest1.JOB.gz|" "ark,t:$adir.JOB.tmp/ali" \
      "ark,t:$adir.JOB.tmp/trans.int" "ark,t:$adir.JOB.tmp/lmcost" "ark,t:$adir.JOB.tmp/accost" \
    '&&' mv "$adir.JOB.tmp" "$adir.JOB" || exit 1
fi

if $test; then
  # Kaldi's sanity check: the lists back as lattices with their scores unchanged (weight 0)
  echo "$0 [testing branch]: generating lattices without changing scores."
  rnnweight=0
fi

if [ "$stage" -le 8 ]; then
  echo "$0: rescoring with the neural LM (old LM removal, neural scores, interpolation) and writing lattices."
  rm -f "$dir"/lat.*.gz "$dir"/lat.*.gz.tmp
  for n in $(seq $nj); do rm -rf "$adir.$n/rescored" "$adir.$n/rescored.tmp"; done
  $cmd JOB=1:$nj "$dir/log/rnnlm_compute_scores.JOB.log" \
    "${moglm_env[@]}" "$moglm" nbest-rescore --threads=$threads --lm-scale=$rnnweight --acoustic-scale=$acwt $lopt \
      "--write-lattice=ark:|gzip -c >$dir/lat.JOB.gz.tmp" "$old_lm" "$model" "$adir.JOB" "$adir.JOB/rescored.tmp" \
    '&&' mv "$adir.JOB/rescored.tmp" "$adir.JOB/rescored" '&&' mv "$dir/lat.JOB.gz.tmp" "$dir/lat.JOB.gz" || exit 1
fi
$test && exit 0

dropin_score "$dir"
exit 0
