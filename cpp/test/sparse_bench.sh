#!/usr/bin/env bash
# Builds cpp/test/sparse_bench.cc (-O3 -march=x86-64-v3, as the JNI library) and prints dense
# BLAS vs the CSR kernel per call at the 2 x 200 Mogrifier LM's shapes, batch 1 and 64,
# densities 0.8 / 0.6 / 0.4 / 0.2, by CPU time with one OpenBLAS thread.
#   cpp/test/sparse_bench.sh             0.2 s per measurement, best of 5 (about 10 s in all)
#   cpp/test/sparse_bench.sh 1 10        1 s per measurement, best of 10 (for the record, ~1 min)
set -euo pipefail
cd "$(dirname "$0")/../.."
ver=0.3.31-1.5.13
jar=${M2_REPO:-$HOME/.m2/repository}/org/bytedeco/openblas/$ver/openblas-$ver-linux-x86_64.jar
[ -f "$jar" ] || { echo "missing $jar: run mvn -B -q package -DskipTests once" >&2; exit 1; }
out=target/cpptest
mkdir -p $out
unzip -qo "$jar" 'org/bytedeco/openblas/linux-x86_64/*' -d $out
blas=$PWD/$out/org/bytedeco/openblas/linux-x86_64
g++ -std=c++17 -O3 -march=x86-64-v3 -ffp-contract=fast -Icpp -I$blas/include cpp/test/sparse_bench.cc \
    -Lcpp/linkstub -L$blas -lopenblas -Wl,-rpath,$blas -o $out/sparse_bench
export OPENBLAS_NUM_THREADS=1
exec $out/sparse_bench "$@"
