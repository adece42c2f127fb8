# Sourced by recipes/ptb/on_demand.sh and compare_methods.sh (stage 0). Needs: $data (the PTB LM
# split), $exp, $root, $quick (true: slices of $train_lines / $valid_lines / $test_lines lines),
# $vocab (0 = every training word). Builds the checkout, writes $exp/data/{train,valid,test}.txt
# (links to the full files, or the slices) and $exp/data/words.txt: one vocabulary for every model,
# the training text's words (PTB: its 10k words), in --quick the $vocab most frequent words of the
# slice (ties by byte order), the rest mapped to <unk>, in Kaldi words.txt layout.
for f in ptb.train.txt ptb.valid.txt ptb.test.txt; do
  [ -f "$data/$f" ] || { echo "$0: missing $data/$f (the PTB LM split, see ../shared/data/ptb/README.md)" >&2; exit 1; }
done
(cd "$root" && mvn -B -q package -DskipTests)
mkdir -p "$exp/data"
if [ "$quick" = true ]; then
  head -n "$train_lines" "$data/ptb.train.txt" > "$exp/data/train.txt"
  head -n "$valid_lines" "$data/ptb.valid.txt" > "$exp/data/valid.txt"
  head -n "$test_lines" "$data/ptb.test.txt" > "$exp/data/test.txt"
else
  for s in train valid test; do ln -sf "$data/ptb.$s.txt" "$exp/data/$s.txt"; done
fi
tr ' ' '\n' < "$exp/data/train.txt" | grep -v '^$' | grep -vx '<unk>' | LC_ALL=C sort | uniq -c \
  | LC_ALL=C sort -k1,1nr -k2,2 | awk -v n="$vocab" 'n == 0 || NR <= n {print $2} END {print "<unk>"}' | LC_ALL=C sort \
  | awk 'BEGIN{print "<eps> 0"} {print $1, NR} END{print "#0", NR+1; print "<s>", NR+2; print "</s>", NR+3}' > "$exp/data/words.txt"
