#!/usr/bin/env bash
# kill -9 trials: training killed at random moments must resume bit-identically, rescoring killed
# must leave its output directory as before or complete (tests/moglm/cli/KillTest.java).
# `mvn verify` runs one trial of each; this runs N (default 20), niced.
#
#   recipes/fuzz/kill.sh [N] [seed]
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
n=${1:-20}
seed=${2:-$(date +%s)}
OPENBLAS_NUM_THREADS=1 nice -n 10 mvn -B -q verify -Dtest=KillTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmoglm.killTrials="$n" -Dmoglm.killSeed="$seed"
echo "kill trials: $n of each, seed $seed: passed"
