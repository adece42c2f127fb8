#!/usr/bin/env bash
# Builds and runs the C++ kernel test (cpp/test/kernel_test.cc) against the OpenBLAS shipped in
# the Maven openblas jar.
#   cpp/test/run.sh            AddressSanitizer + UndefinedBehaviorSanitizer build
#   cpp/test/run.sh valgrind   plain -O1 build run under valgrind memcheck
#   cpp/test/run.sh all        both, one after the other (what CI runs, see .ci/run)
# Needs g++ (and valgrind for the valgrind run) and one `mvn -B -q package -DskipTests` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-sanitize}
need() { command -v "$1" >/dev/null || { echo "cpp/test/run.sh: $1 not found (install $2)" >&2; exit 2; }; }
need g++ g++
if [ "$mode" = valgrind ] || [ "$mode" = all ]; then need valgrind valgrind; fi
if [ "$mode" = all ]; then
  cpp/test/run.sh sanitize
  exec cpp/test/run.sh valgrind
fi
. cpp/test/openblas.sh
flags="-std=c++17 -g -O1 -march=x86-64-v3 -Wall -Wextra -Wno-unused-parameter"
if [ "$mode" = sanitize ]; then flags="$flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"; fi
g++ $flags -Icpp -I$blas/include cpp/test/kernel_test.cc -Lcpp/linkstub -L$blas -lopenblas \
    -Wl,-rpath,$blas -o $out/kernel_test
export OPENBLAS_NUM_THREADS=1
if [ "$mode" = valgrind ]; then
  exec valgrind --error-exitcode=9 --leak-check=full -q $out/kernel_test
else
  ASAN_OPTIONS=detect_leaks=1 exec $out/kernel_test
fi
