#!/usr/bin/env bash
# Builds cpp/test/bench.cc (-O3 -march=x86-64-v3, as the JNI library) and times the kernels by
# CPU time with one OpenBLAS thread: a load-independent figure on a shared machine.
#   cpp/test/bench.sh            E=H=650 batch 64 and 20, E=H=200 batch 20
#   cpp/test/bench.sh 200 20     one configuration
set -euo pipefail
cd "$(dirname "$0")/../.."
. cpp/test/openblas.sh
g++ -std=c++17 -O3 -march=x86-64-v3 -ffp-contract=fast -Icpp -I$blas/include cpp/test/bench.cc \
    -Lcpp/linkstub -L$blas -lopenblas -Wl,-rpath,$blas -o $out/bench
export OPENBLAS_NUM_THREADS=1
if [ $# -gt 0 ]; then exec $out/bench "$@"; fi
$out/bench 650 64 3 && $out/bench 650 20 3 && $out/bench 200 20 6
