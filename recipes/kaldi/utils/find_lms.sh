# Sourced by the lmrescore_*.sh drop-ins: resolves the old ARPA LM and the moglm model.
# In: $oldlang, $modeldir, optional $old_lm / $model (from --old-lm / --model). Out: $old_lm, $model.
# Exits with a message naming the directory when nothing (or more than one candidate) is found.
if [ -z "$old_lm" ]; then
  if [ -f "$oldlang/G.arpa.gz" ]; then old_lm=$oldlang/G.arpa.gz
  else
    set -- "$oldlang"/*.arpa.gz
    if [ $# != 1 ] || [ ! -f "$1" ]; then echo "$0: no single ARPA LM in $oldlang (give --old-lm)" >&2; exit 1; fi
    old_lm=$1
  fi
fi
if [ -z "$model" ]; then
  if [ -f "$modeldir/final.mlm" ]; then model=$modeldir/final.mlm
  elif [ -f "$modeldir" ]; then model=$modeldir
  else
    set -- "$modeldir"/*.mlm
    if [ $# != 1 ] || [ ! -f "$1" ]; then echo "$0: no model in $modeldir (expected final.mlm; or give --model)" >&2; exit 1; fi
    model=$1
  fi
fi
