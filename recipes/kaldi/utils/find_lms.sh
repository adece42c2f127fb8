# Sourced by the lmrescore_*.sh drop-ins: resolves the old n-gram LM and (when $modeldir is set)
# the moglm model. In: $oldlang, optional $modeldir, optional $old_lm / $model (from --old-lm /
# --model). Out: $old_lm, $model.
# Old LM, as Kaldi's scripts look for it in <old-lang-dir>: G.carpa, else G.fst; moglm also
# accepts an ARPA (G.arpa.gz, else the only *.arpa.gz). The binaries detect the format from the
# file's first bytes, so any of these may also be given with --old-lm.
# Exits with a message naming the directory when nothing (or more than one candidate) is found.
if [ -z "$old_lm" ]; then
  if [ -f "$oldlang/G.carpa" ]; then old_lm=$oldlang/G.carpa
  elif [ -f "$oldlang/G.fst" ]; then old_lm=$oldlang/G.fst
  elif [ -f "$oldlang/G.arpa.gz" ]; then old_lm=$oldlang/G.arpa.gz
  else
    set -- "$oldlang"/*.arpa.gz
    if [ $# != 1 ] || [ ! -f "$1" ]; then echo "$0: no G.carpa, G.fst or single ARPA LM in $oldlang (give --old-lm)" >&2; exit 1; fi
    old_lm=$1
  fi
fi
if [ -n "$modeldir" ] && [ -z "$model" ]; then
  if [ -f "$modeldir/final.mlm" ]; then model=$modeldir/final.mlm
  elif [ -f "$modeldir" ]; then model=$modeldir
  else
    set -- "$modeldir"/*.mlm
    if [ $# != 1 ] || [ ! -f "$1" ]; then echo "$0: no model in $modeldir (expected final.mlm; or give --model)" >&2; exit 1; fi
    model=$1
  fi
fi
