#!/usr/bin/env bash
# Drop-in for Kaldi's steps/lmrescore_const_arpa.sh, run by moglm: exact n-gram lattice rescoring
# (remove the old LM with lattice-lmrescore --lm-scale=-1, add the new one with
# lattice-lmrescore-const-arpa --lm-scale=1), usually a recipe's first rescoring pass.
# Same positional arguments and options as Kaldi's script; runs through $cmd (run.pl/queue.pl/slurm.pl).
# With G.fst as the old LM (Kaldi's choice) the output equals Kaldi's (docs/kaldi-lm-formats.md).

# Begin configuration section.
cmd=$(dirname "$0")/utils/run.pl
skip_scoring=false
scoring_opts=       # accepted for compatibility (moglm score-kaldi options)
old_lm=             # the old LM; default: <old-lang-dir>/G.fst (as Kaldi), else G.carpa or an ARPA there
new_lm=             # the new LM; default: <new-lang-dir>/G.carpa (as Kaldi), else G.fst or an ARPA there
moglm=              # the moglm command; default: bin/moglm of this checkout
java_opts=          # JVM options of every moglm run, e.g. -Xmx4g (default: bin/moglm's -Xmx8g)
stage=1
# End configuration section.

usage() {
  cat <<USAGE
Does exact language model rescoring of lattices (remove old LM, add new LM) with n-gram LMs.

Usage: $0 [options] <old-lang-dir> <new-lang-dir> <data-dir> <input-decode-dir> <output-decode-dir>
 e.g.: $0 data/lang_test_tgsmall data/lang_test_fglarge data/dev exp/tri3/decode_dev_tgsmall exp/tri3/decode_dev_fglarge
Options:
  --cmd <cmd>               job runner (run.pl, queue.pl, slurm.pl ...)   [$cmd]
  --skip-scoring <bool>     do not run scoring                            [$skip_scoring]
  --stage <n>               1: rescore, 2: score                          [$stage]
  --old-lm <file>, --new-lm <file>, --moglm <cmd>
  --java-opts <opts>        JVM options of every moglm run, on each job's command line (e.g. "-Xmx4g")
  LM files may be G.carpa, G.fst or ARPA (words mapped with <lang-dir>/words.txt); the format is
  detected from each file's first bytes.
USAGE
}

echo "$0 $*"
. "$(dirname "$0")/utils/parse_options.sh"

if [ $# != 5 ]; then usage >&2; exit 1; fi
oldlang=$1; newlang=$2; data=$3; indir=$4; outdir=$5

here=$(cd "$(dirname "$0")/../.." && pwd)
[ -z "$moglm" ] && moglm=$here/bin/moglm
. "$(dirname "$0")/utils/java_opts.sh"
# Kaldi removes the old LM through G.fst; keep that preference, then what find_lms.sh finds
[ -z "$old_lm" ] && [ -f "$oldlang/G.fst" ] && old_lm=$oldlang/G.fst
modeldir=
. "$(dirname "$0")/utils/find_lms.sh"
if [ -z "$new_lm" ]; then
  new_lm=$(oldlang=$newlang; old_lm=; . "$(dirname "$0")/utils/find_lms.sh" && echo "$old_lm") || exit 1
fi
for f in "$indir/num_jobs" "$old_lm" "$new_lm" "$indir/lat.1.gz"; do
  [ -f "$f" ] || { echo "$0: expected file $f to exist" >&2; exit 1; }
done
oldwords=; newwords=
[ -f "$oldlang/words.txt" ] && oldwords="--word-symbol-table=$oldlang/words.txt"
[ -f "$newlang/words.txt" ] && newwords="--word-symbol-table=$newlang/words.txt"
nj=$(cat "$indir/num_jobs")
mkdir -p "$outdir/log"

if [ $stage -le 1 ]; then
  $cmd JOB=1:$nj "$outdir/log/rescorelm.JOB.log" \
    "${moglm_env[@]}" "$moglm" lattice-lmrescore $oldwords --lm-scale=-1.0 "ark:gunzip -c $indir/lat.JOB.gz|" "$old_lm" ark:- \| \
    "${moglm_env[@]}" "$moglm" lattice-lmrescore-const-arpa $newwords --lm-scale=1.0 ark:- "$new_lm" "ark,t:|gzip -c >$outdir/lat.JOB.gz" || exit 1
  cp "$indir/num_jobs" "$outdir/num_jobs"
fi

if [ $stage -le 2 ] && ! $skip_scoring; then
  [ -f "$data/text" ] || { echo "$0: not scoring: $data/text does not exist" >&2; exit 1; }
  scorelang=$newlang; [ -f "$scorelang/words.txt" ] || scorelang=$oldlang
  "$moglm" score-kaldi --cmd "$cmd" $scoring_opts "$data" "$scorelang" "$outdir" || exit 1
fi
exit 0
