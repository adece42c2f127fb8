// Fixed-order products: results of one output element that do not depend on the batch size.
//
// OpenBLAS picks its kernels (and so the order in which a dot product is summed) from the shape
// of the whole product: the same column of W X comes out a few ulps different when X has 1, 7 or
// 64 columns. Inference (MogrifierLM.step and the output-layer entry points) must give a state the
// same numbers whether it was computed alone or batched with others, so that a rescorer's cache
// size or batch size never changes a lattice. Inside a FixedOrderScope every gemm<S> (ops/blas.h)
// and csr_matmul (ops/sparse_matmul.h) on the calling thread is computed element by element with
//
//   C[i, j] = alpha * dot_fixed(op(A)[i, :], op(B)[:, j], K) + beta * C[i, j]
//
// where dot_fixed sums in one fixed order that depends on K only:
//   acc[l] = sum over k = l, l + 32, l + 64, ... of a[k] b[k]      (l = 0..31, 32 running sums)
//   dot    = pairwise tree over acc[0..31]  ((acc0 + acc1) + (acc2 + acc3)) + ...
// The 32 independent running sums vectorise (AVX2: four 8-lane FMA chains). Operands that are not
// contiguous along K are first packed into contiguous rows. gemm_ref (ops/blas.h) is the plain
// reference; cpp/test/kernel_test.cc checks both the values and the batch independence.
#pragma once
#include <algorithm>
#include <vector>

namespace moglm {

// Per-thread switch read by gemm<S> and csr_matmul.
inline bool& fixed_order_flag() {
    thread_local bool on = false;
    return on;
}

// Turns fixed-order products on for the calling thread while alive (nests).
struct FixedOrderScope {
    bool saved;
    FixedOrderScope() : saved(fixed_order_flag()) { fixed_order_flag() = true; }
    ~FixedOrderScope() { fixed_order_flag() = saved; }
    FixedOrderScope(const FixedOrderScope&) = delete;
    FixedOrderScope& operator=(const FixedOrderScope&) = delete;
};

// sum_k a[k] b[k] in the fixed order described above (a, b contiguous).
template <typename S>
inline S dot_fixed(const S* a, const S* b, int K) {
    constexpr int W = 32;
    S acc[W] = {};
    int k = 0;
    for (; k + W <= K; k += W)
        for (int l = 0; l < W; ++l) acc[l] += a[k + l] * b[k + l];
    for (int l = 0; k + l < K; ++l) acc[l] += a[k + l] * b[k + l];
    for (int w = W / 2; w >= 1; w /= 2)
        for (int l = 0; l < w; ++l) acc[l] = acc[2 * l] + acc[2 * l + 1];
    return acc[0];
}

// C[M x N] = alpha op(A) op(B) + beta C (row-major, the contract of gemm in ops/blas.h), every
// element by dot_fixed. Blocks of 64 rows x 64 columns keep both packed panels in cache.
template <typename S>
void gemm_fixed(bool transA, bool transB, int M, int N, int K, S alpha, const S* A, int lda, const S* B, int ldb,
                S beta, S* C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        for (int i = 0; i < M; ++i)
            for (int j = 0; j < N; ++j) C[(long)i * ldc + j] = beta == S(0) ? S(0) : beta * C[(long)i * ldc + j];
        return;
    }
    // rows of op(A) are contiguous when A is not transposed; columns of op(B) when B is
    std::vector<S> pa, pb;
    const S* ra = A;
    long sa = lda;
    if (transA) {
        pa.resize((size_t)M * K);
        for (int k = 0; k < K; ++k)
            for (int i = 0; i < M; ++i) pa[(size_t)i * K + k] = A[(long)k * lda + i];
        ra = pa.data();
        sa = K;
    }
    const S* cb = B;
    long sb = ldb;
    if (!transB) {
        pb.resize((size_t)N * K);
        for (int k = 0; k < K; ++k)
            for (int j = 0; j < N; ++j) pb[(size_t)j * K + k] = B[(long)k * ldb + j];
        cb = pb.data();
        sb = K;
    }
    constexpr int BLK = 64;
    for (int j0 = 0; j0 < N; j0 += BLK)
        for (int i0 = 0; i0 < M; i0 += BLK) {
            const int j1 = std::min(N, j0 + BLK), i1 = std::min(M, i0 + BLK);
            for (int i = i0; i < i1; ++i)
                for (int j = j0; j < j1; ++j) {
                    S d = alpha * dot_fixed(ra + i * sa, cb + j * sb, K);
                    S& c = C[(long)i * ldc + j];
                    c = beta == S(0) ? d : d + beta * c;
                }
        }
}

}  // namespace moglm
