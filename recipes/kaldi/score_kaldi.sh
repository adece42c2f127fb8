#!/usr/bin/env bash
# Drop-in replacement for Kaldi's steps/score_kaldi.sh, running `moglm score-kaldi` (one JVM
# instead of 33 lattice-best-path and compute-wer jobs). Same arguments, options and output files:
#   <decode-dir>/wer_LMWT_WIP, <decode-dir>/scoring_kaldi/{test_filt.txt,best_wer},
#   <decode-dir>/scoring_kaldi/penalty_WIP/LMWT.txt, <decode-dir>/scoring_kaldi/wer_details/*
# As in Kaldi, local/wer_output_filter, local/wer_ref_filter and local/wer_hyp_filter are used
# when they exist and are executable (relative to the current directory).
#
# Usage: recipes/kaldi/score_kaldi.sh [options] <data-dir> <lang-dir|graph-dir> <decode-dir>
#  e.g.: recipes/kaldi/score_kaldi.sh --min-lmwt 7 --max-lmwt 17 data/test data/lang exp/tri3/decode_test

# begin configuration section.
cmd=run.pl          # accepted, ignored: scoring runs in this process
stage=0
decode_mbr=false
reverse=false
stats=true
beam=6
word_ins_penalty=0.0,0.5,1.0
min_lmwt=7
max_lmwt=17
# end configuration section.

echo "$0 $@"  # print the command line for logging, as Kaldi does

usage() {
  echo "Usage: $0 [options] <data-dir> <lang-dir|graph-dir> <decode-dir>"
  echo " Options:"
  echo "    --cmd (run.pl|queue.pl...)      # accepted for compatibility, ignored"
  echo "    --stage (0|1)                   # 1: only recompute best_wer from the wer files"
  echo "    --decode_mbr (true/false)       # only false is supported"
  echo "    --min_lmwt <int>                # minimum LM-weight (default $min_lmwt)"
  echo "    --max_lmwt <int>                # maximum LM-weight (default $max_lmwt)"
  echo "    --word_ins_penalty <list>       # default $word_ins_penalty"
  echo "    --reverse (true/false)          # score with time reversed hypotheses"
  echo "    --stats (true/false)            # write scoring_kaldi/wer_details (default $stats)"
  echo "    --config <file>                 # option assignments, read before the command line"
}
config=
# Kaldi's option parsing: booleans accept only true/false, --config is read, unknown options fail
. "$(dirname "${BASH_SOURCE[0]}")/utils/parse_options.sh"

if [ $# -ne 3 ]; then
  usage
  exit 1
fi

data=$1
lang_or_graph=$2
dir=$3

ref_filtering_cmd=
[ -x local/wer_output_filter ] && ref_filtering_cmd=local/wer_output_filter
[ -x local/wer_ref_filter ] && ref_filtering_cmd=local/wer_ref_filter
hyp_filtering_cmd=
[ -x local/wer_output_filter ] && hyp_filtering_cmd=local/wer_output_filter
[ -x local/wer_hyp_filter ] && hyp_filtering_cmd=local/wer_hyp_filter

moglm=${MOGLM:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin/moglm}

args=(--stage "$stage" --decode-mbr "$decode_mbr" --reverse "$reverse" --stats "$stats"
      --word-ins-penalty "$word_ins_penalty" --min-lmwt "$min_lmwt" --max-lmwt "$max_lmwt")
[ -n "$ref_filtering_cmd" ] && args+=(--ref-filter "$ref_filtering_cmd")
[ -n "$hyp_filtering_cmd" ] && args+=(--hyp-filter "$hyp_filtering_cmd")

exec "$moglm" score-kaldi "${args[@]}" "$data" "$lang_or_graph" "$dir"
