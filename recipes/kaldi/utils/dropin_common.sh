# Sourced by the lmrescore_*.sh drop-ins after option parsing, with $oldlang, $modeldir, $data,
# $indir and the options set. Resolves the job runner, the moglm command, the old LM and the model,
# checks the inputs (Kaldi's checks: lattices, num_jobs, <old-lang>/words.txt equal to the model's
# word list) and defines dropin_score <decode-dir>. Exits 1 with a message naming what is wrong.

_dropin_utils=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# "run.pl" as in Kaldi's cmd.sh: Kaldi's own when it is on PATH (a Kaldi recipe's path.sh), else ours
set -- $cmd
if [ "$1" = run.pl ] && ! command -v run.pl >/dev/null 2>&1; then
  shift; cmd="$_dropin_utils/run.pl${*:+ $*}"
fi
[ -z "$moglm" ] && moglm=$(cd "$_dropin_utils/../../.." && pwd)/bin/moglm
. "$_dropin_utils/java_opts.sh"

. "$_dropin_utils/find_lms.sh"

for _f in "$indir/num_jobs" "$indir/lat.1.gz" "$oldlang/words.txt" "$old_lm" "$model"; do
  [ -f "$_f" ] || { echo "$0: expected file $_f to exist" >&2; exit 1; }
done
# the lattices' word ids are looked up in the model's words.txt: the two lists must be the same
"$moglm" model-words --compare="$oldlang/words.txt" "$model" ||
  { echo "$0: word lists mismatch between $oldlang/words.txt and the model $model" >&2; exit 1; }

# Scores <decode-dir> unless --skip-scoring true: with local/score.sh when the current directory
# has one (a Kaldi recipe directory; Kaldi's scripts call it this way), else with our scorer.
dropin_score() {
  local dir=$1
  if $skip_scoring; then
    echo "$0: Not scoring because --skip-scoring was specified."
    return 0
  fi
  local scorer=local/score.sh
  if [ ! -x local/score.sh ]; then
    scorer=$_dropin_utils/../score_kaldi.sh
    echo "$0: local/score.sh not found in $(pwd): scoring with $scorer"
  fi
  echo "$scorer --cmd \"$cmd\" $data $oldlang $dir"
  MOGLM=$moglm "$scorer" --cmd "$cmd" "$data" "$oldlang" "$dir" ||
    { echo "$0: Scoring failed. (ignore by '--skip-scoring true')" >&2; exit 1; }
}
