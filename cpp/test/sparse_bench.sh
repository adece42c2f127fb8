#!/usr/bin/env bash
# Builds cpp/test/sparse_bench.cc (-O3 -march=x86-64-v3, as the JNI library) and prints dense
# BLAS vs the CSR kernel per call at the 2 x 200 Mogrifier LM's shapes, batch 1 and 64,
# densities 0.8 / 0.6 / 0.4 / 0.2, by CPU time with one OpenBLAS thread.
#   cpp/test/sparse_bench.sh             0.2 s per measurement, best of 5 (about 10 s in all)
#   cpp/test/sparse_bench.sh 1 10        1 s per measurement, best of 10 (for the record, ~1 min)
set -euo pipefail
cd "$(dirname "$0")/../.."
. cpp/test/openblas.sh
g++ -std=c++17 -O3 -march=x86-64-v3 -ffp-contract=fast -Icpp -I$blas/include cpp/test/sparse_bench.cc \
    -Lcpp/linkstub -L$blas -lopenblas -Wl,-rpath,$blas -o $out/sparse_bench
export OPENBLAS_NUM_THREADS=1
exec $out/sparse_bench "$@"
