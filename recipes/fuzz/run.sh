#!/usr/bin/env bash
# Fuzzes each of moglm's six file parsers for N minutes with Jazzer (coverage-guided, libFuzzer
# based) and reports findings.
#
#   recipes/fuzz/run.sh [N-minutes-per-target (default 10)] [target ...]
#   e.g. recipes/fuzz/run.sh 10                  # all six, 10 minutes each (the acceptance run)
#        recipes/fuzz/run.sh 2 arpa model-file   # two targets, 2 minutes each
#
# Targets (tests/moglm/fuzz/ParserTargets.java): binary-lattice text-lattice arpa words-txt
# model-file nbest-dir. Each starts from its seed corpus tests/fuzz-seeds/<target>/; the corpus it
# grows is kept in target/fuzz/<target>/corpus (reused by the next run). A finding (an exception
# other than a documented rejection with a message, an OutOfMemoryError, a hang > 25 s per input)
# stops that target; its input is saved as target/fuzz/<target>/crash-* (or timeout-*, oom-*):
# fix the bug, then copy the input into tests/fuzz-seeds/<target>/ so that `mvn verify` keeps
# checking it. The summary goes to stdout and recipes/fuzz/results/fuzz-<N>min.txt.
# Runs niced with one BLAS thread (the machine may be shared). Exit status: 1 if anything was found.
# FUZZ_NO_BUILD=1 skips the build (the classes in target/ are used as they are).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
minutes=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(binary-lattice text-lattice arpa words-txt model-file nbest-dir)

class_of() {
  case "$1" in
    binary-lattice) echo moglm.fuzz.BinaryLatticeFuzzer ;;
    text-lattice)   echo moglm.fuzz.TextLatticeFuzzer ;;
    arpa)           echo moglm.fuzz.ArpaFuzzer ;;
    words-txt)      echo moglm.fuzz.WordsTxtFuzzer ;;
    model-file)     echo moglm.fuzz.ModelFileFuzzer ;;
    nbest-dir)      echo moglm.fuzz.NbestDirFuzzer ;;
    *) echo "unknown target '$1'" >&2; return 1 ;;
  esac
}

if [ -z "${FUZZ_NO_BUILD:-}" ]; then   # FUZZ_NO_BUILD=1: use the classes already built
  echo "building (mvn package + test-compile)..." >&2
  mvn -B -q package -DskipTests >&2 && mvn -B -q test-compile >&2 || { echo "build failed" >&2; exit 2; }
fi
# fuzz a snapshot of the classes, so that rebuilding the checkout meanwhile does not disturb the run
snap="$here/target/fuzz/classes-$$"
rm -rf "$here"/target/fuzz/classes-*
mkdir -p "$snap" && cp -r "$here/target/classes" "$here/target/test-classes" "$snap/"
cp="$snap/classes:$snap/test-classes:$(cat "$here/target/test-classpath.txt")"
trap 'rm -rf "$snap"' EXIT

mkdir -p recipes/fuzz/results
summary="recipes/fuzz/results/fuzz-${minutes}min.txt"
{
  echo "# recipes/fuzz/run.sh $minutes ${targets[*]}"
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, nice 10, 1 BLAS thread, -Xmx1g"
  printf '%-15s %8s %12s %10s  %s\n' target seconds executions exec/s result
} > "$summary.tmp"

found=0
for t in "${targets[@]}"; do
  cls=$(class_of "$t") || exit 2
  work="target/fuzz/$t"
  mkdir -p "$work/corpus"
  cp -n tests/fuzz-seeds/"$t"/* "$work/corpus/" 2>/dev/null
  rm -f "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-* "$work"/slow-unit-*
  echo "fuzzing $t for $minutes min ($cls)..." >&2
  start=$(date +%s)
  OPENBLAS_NUM_THREADS=1 nice -n 10 java -Xmx1g -Xss8m -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="$cls" --instrumentation_includes='moglm.**' --reproducer_path="$work" \
      -max_total_time=$(awk "BEGIN{print int($minutes * 60)}") -timeout=25 -rss_limit_mb=3072 -artifact_prefix="$work/" \
      "$work/corpus" > "$work/log.txt" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  runs=$(grep -o 'Done [0-9]* runs' "$work/log.txt" | tail -1 | awk '{print $2}')
  [ -z "$runs" ] && runs=$(grep -o '^#[0-9]*' "$work/log.txt" | tail -1 | tr -d '#')
  [ -z "$runs" ] && runs=0
  artifacts=$(ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-* 2>/dev/null)
  if [ $rc -eq 0 ] && [ -z "$artifacts" ]; then
    result="no finding"
  else
    found=1
    what=$(grep -m1 -E '== Java Exception:|ERROR: libFuzzer|Exception in thread' "$work/log.txt" | cut -c1-160)
    result="FINDING (exit $rc): ${what:-see $work/log.txt} ${artifacts//$'\n'/ }"
  fi
  printf '%-15s %8d %12d %10d  %s\n' "$t" "$secs" "$runs" $(( runs / (secs > 0 ? secs : 1) )) "$result" >> "$summary.tmp"
done
mv "$summary.tmp" "$summary"
cat "$summary"
exit $found
