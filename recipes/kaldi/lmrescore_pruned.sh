#!/usr/bin/env bash
# Drop-in for Kaldi's scripts/rnnlm/lmrescore_pruned.sh with a moglm Mogrifier LM: pruned lattice
# rescoring (subtract the old n-gram LM, add the neural LM, n-gram history approximation).
# Same positional arguments, options and defaults as Kaldi's script (see docs/kaldi-dropins.md);
# the jobs run through $cmd (run.pl / queue.pl / slurm.pl), and every job gets its settings on
# its command line (grid jobs get only PATH from the environment).

# Begin configuration section (every variable here is an option: --max-ngram-order 4 sets max_ngram_order).
cmd=run.pl             # job runner; run.pl means utils/run.pl beside this script unless run.pl is on PATH
skip_scoring=false
max_ngram_order=4      # neural states are shared by histories that end in the same (max_ngram_order - 1) words
max_arcs=              # most arcs per rescored lattice; empty: the binary's default (100000)
acwt=0.1               # acoustic scale used in pruning
inv_acwt=              # accepted for older Kaldi recipes: when set, acwt = 1 / inv_acwt
weight=0.5             # weight of the neural LM; the old LM's costs are subtracted with the same weight
normalize=false        # Kaldi's --normalize-probs; only passed when given: the model's own default is used otherwise
                       # (false for models trained with --output=sampled, true for full-softmax models)
lattice_prune_beam=8   # beam of the pruned composition (moglm's --lattice-compose-beam)
stage=0                # moglm extension (Kaldi's script has none): 0 rescores then scores, 1 only scores
threads=1              # moglm extension: OpenBLAS threads of each rescoring job (passed with --threads)
old_lm=                # moglm extension: the old LM file; default: <old-lang-dir>/G.carpa, G.fst, G.arpa.gz or the only *.arpa.gz
model=                 # moglm extension: the model file; default: <model-dir>/final.mlm, else the only *.mlm there
level=                 # moglm extension: on-demand level of the model (see moglm info)
moglm=                 # moglm extension: the moglm command; default: bin/moglm of this checkout
java_opts=             # moglm extension: JVM options of every moglm run, e.g. -Xmx4g (default: bin/moglm's -Xmx8g)
config=                # a file of option assignments (e.g. weight=0.5), read before the command-line options
# End configuration section.

usage() {
  cat <<USAGE
Does language model rescoring of lattices (remove the old LM, add the new LM) with a moglm
Mogrifier LM, by pruned composition with an n-gram history approximation.

Usage: $0 [options] <old-lang-dir> <model-dir> <data-dir> <input-decode-dir> <output-decode-dir>
 e.g.: $0 --weight 0.5 --max-ngram-order 4 data/lang_test exp/moglm data/dev \\
           exp/tri3/decode_dev exp/tri3/decode_dev_moglm
Options (Kaldi's):
  --cmd <cmd>                   job runner (run.pl, queue.pl, slurm.pl ...)          [$cmd]
  --weight <w>                  neural LM weight in [0,1]; the old LM gets -w          [$weight]
  --max-ngram-order <n>         n-gram history approximation order                     [$max_ngram_order]
  --max-arcs <n>                most arcs per rescored lattice                         [100000]
  --acwt <s>                    acoustic scale used in pruning (or --inv-acwt 1/s)     [$acwt]
  --lattice-prune-beam <b>      beam of the pruned composition                         [$lattice_prune_beam]
  --normalize <true|false>      normalize the LM's probabilities (Kaldi's --normalize-probs); when not
                                given, the model's default: false if trained --output=sampled, else true
  --skip-scoring <true|false>   do not score the output                                [$skip_scoring]
  --config <file>               read option assignments from <file>
moglm's:
  --threads <n>                 OpenBLAS threads per job                               [$threads]
  --stage <n>                   0: rescore and score; 1: only score                    [$stage]
  --old-lm <file>               old LM: G.carpa, G.fst or ARPA (default: the first of G.carpa, G.fst,
                                G.arpa.gz, the only *.arpa.gz in <old-lang-dir>)
  --model <file>                model file (default: <model-dir>/final.mlm or the only *.mlm there)
  --level <n>                   on-demand level of the model
  --moglm <cmd>                 the moglm command                                      [bin/moglm]
  --java-opts <opts>            JVM options of every moglm run, on each job's command line (e.g. "-Xmx4g")
Scoring runs local/score.sh --cmd <cmd> <data-dir> <old-lang-dir> <output-decode-dir> when
local/score.sh exists (as in a Kaldi recipe directory), else recipes/kaldi/score_kaldi.sh.
USAGE
}

echo "$0 $*"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
normalize_given=false
for a in "$@"; do case "$a" in --normalize|--normalize=*) normalize_given=true ;; esac; done
. "$here/utils/parse_options.sh"

if [ $# != 5 ]; then usage >&2; exit 1; fi
oldlang=$1; modeldir=$2; data=$3; indir=$4; outdir=$5

if [ -d "$outdir" ] && [ "$(cd "$outdir" && pwd -P)" = "$(cd "$indir" && pwd -P)" ]; then
  echo "$0: the output directory is the input directory $indir: give another one" >&2; exit 1
fi
. "$here/utils/dropin_common.sh"
awk -v w="$weight" 'BEGIN { exit !(w + 0 == w && w >= 0 && w <= 1) }' ||
  { echo "$0: --weight must be in the range [0, 1], got '$weight'" >&2; exit 1; }
if [ -n "$inv_acwt" ]; then acwt=$(awk -v i="$inv_acwt" 'BEGIN { print 1 / i }') || exit 1; fi
nj=$(cat "$indir/num_jobs") || exit 1

opts="--threads=$threads --lm-scale=$weight --acoustic-scale=$acwt --max-ngram-order=$max_ngram_order"
opts="$opts --lattice-compose-beam=$lattice_prune_beam"
[ -n "$max_arcs" ] && opts="$opts --max-arcs=$max_arcs"
[ -n "$level" ] && opts="$opts --level=$level"
$normalize_given && opts="$opts --normalize-probs=$normalize"

if [ "$stage" -le 0 ]; then
  mkdir -p "$outdir/log" || exit 1
  rm -f "$outdir"/lat.*.gz "$outdir"/lat.*.gz.tmp
  # each job writes lat.N.gz.tmp and renames it only when it succeeded
  $cmd JOB=1:$nj "$outdir/log/rescorelm.JOB.log" \
    "${moglm_env[@]}" "$moglm" lattice-lmrescore-pruned $opts "$old_lm" "$model" \
      "ark:gunzip -c $indir/lat.JOB.gz|" "ark,t:|gzip -c >$outdir/lat.JOB.gz.tmp" \
    '&&' mv "$outdir/lat.JOB.gz.tmp" "$outdir/lat.JOB.gz" || exit 1
  cp "$indir/num_jobs" "$outdir/num_jobs" || exit 1
fi

dropin_score "$outdir"
exit 0
