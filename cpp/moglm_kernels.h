// moglm native kernels: the single header JavaCPP binds (see java/moglm/kernel/Native.java).
#pragma once
#include <cblas.h>

namespace moglm {
// ABI version of the kernel library; bumped whenever a bound signature changes.
inline int abi_version() { return 1; }
inline void set_num_threads(int n) { openblas_set_num_threads(n); }
inline int get_num_threads() { return openblas_get_num_threads(); }
inline const char* blas_corename() { return openblas_get_corename(); }
}
