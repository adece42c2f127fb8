#!/usr/bin/env bash
# JMH benchmark of the native core (tests/moglm/bench/KernelBench.java): scoring and training
# tokens/s of a 2-layer Mogrifier LSTM (V=10k, r=5, T=35) at E=H=650 (batch 20, 64) and E=H=200
# (batch 20), 1 and 2 OpenBLAS threads, with achieved GFLOP/s next to an sgemm roofline measured
# in the same run. About 6 minutes; the machine should be otherwise idle.
#   recipes/bench/kernels.sh              full run
#   recipes/bench/kernels.sh quick        shorter iterations (~3 minutes)
#   recipes/bench/kernels.sh medium-only  (or small-only)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q test-compile
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" moglm.bench.KernelBench "$@"
