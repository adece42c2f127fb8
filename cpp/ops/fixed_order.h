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
//   acc[l] = sum over k = l, l + 16, l + 32, ... of a[k] b[k]      (l = 0..15, 16 running sums,
//            fused multiply-adds; the last partial group of 16 zero-padded)
//   dot    = fixed tree over acc[0..15]: (acc[0..7] + acc[8..15]), then 8 -> 4 -> 2 -> 1 lanes
// float with AVX2: two 8-lane FMA chains; gemm_fixed computes 2 x 2 output elements at once
// (8 chains, each operand load shared by two elements) with exactly the operations of dot_fixed
// per element, so an element's value is the same in a tile, at an edge or alone. Other types
// (double: the gradient-check path) use the same order as plain loops. Operands that are not
// contiguous along K are first packed into contiguous rows. gemm_ref (ops/blas.h) is the plain
// reference; cpp/test/kernel_test.cc checks both the values and the batch independence.
#pragma once
#include <algorithm>
#include <vector>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

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

// sum_k a[k] b[k] in the fixed order described above (a, b contiguous); generic version.
template <typename S>
inline S dot_fixed(const S* a, const S* b, int K) {
    constexpr int W = 16;
    S acc[W] = {};
    int k = 0;
    for (; k + W <= K; k += W)
        for (int l = 0; l < W; ++l) acc[l] += a[k + l] * b[k + l];
    for (int l = 0; k + l < K; ++l) acc[l] += a[k + l] * b[k + l];
    for (int w = W / 2; w >= 1; w /= 2)
        for (int l = 0; l < w; ++l) acc[l] = acc[l] + acc[l + w];
    return acc[0];
}

// Generic 2 x 2 block: the four dot_fixed values of rows a0, a1 with columns b0, b1.
template <typename S>
inline void dot_fixed_2x2(const S* a0, const S* a1, const S* b0, const S* b1, int K, S* out) {
    out[0] = dot_fixed(a0, b0, K);
    out[1] = dot_fixed(a0, b1, K);
    out[2] = dot_fixed(a1, b0, K);
    out[3] = dot_fixed(a1, b1, K);
}

#if defined(__AVX2__) && defined(__FMA__)
namespace fixed_detail {
// Lanes 0..n-1 of p (n < 8), the rest 0.
inline __m256 load_part(const float* p, int n) {
    alignas(32) static const int ramp[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_maskload_ps(p, _mm256_loadu_si256((const __m256i*)(ramp + 8 - n)));
}
// (x[0..7] + x[8..15]) then 8 -> 4 -> 2 -> 1 lanes: the same tree as the generic version.
inline float reduce(__m256 lo, __m256 hi) {
    __m256 s8 = _mm256_add_ps(lo, hi);
    __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    __m128 s1 = _mm_add_ss(s2, _mm_movehdup_ps(s2));
    return _mm_cvtss_f32(s1);
}
}  // namespace fixed_detail

template <>
inline float dot_fixed<float>(const float* a, const float* b, int K) {
    using namespace fixed_detail;
    __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps();
    int k = 0;
    for (; k + 16 <= K; k += 16) {
        c0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k), _mm256_loadu_ps(b + k), c0);
        c1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k + 8), _mm256_loadu_ps(b + k + 8), c1);
    }
    int r = K - k;
    if (r > 0) {
        if (r >= 8) {
            c0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k), _mm256_loadu_ps(b + k), c0);
            if (r > 8) c1 = _mm256_fmadd_ps(load_part(a + k + 8, r - 8), load_part(b + k + 8, r - 8), c1);
        } else {
            c0 = _mm256_fmadd_ps(load_part(a + k, r), load_part(b + k, r), c0);
        }
    }
    return reduce(c0, c1);
}

template <>
inline void dot_fixed_2x2<float>(const float* a0, const float* a1, const float* b0, const float* b1, int K, float* out) {
    using namespace fixed_detail;
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 d00 = _mm256_setzero_ps(), d01 = _mm256_setzero_ps(), d10 = _mm256_setzero_ps(), d11 = _mm256_setzero_ps();
    int k = 0;
    for (; k + 16 <= K; k += 16) {
        __m256 x0 = _mm256_loadu_ps(a0 + k), x1 = _mm256_loadu_ps(a1 + k);
        __m256 y0 = _mm256_loadu_ps(b0 + k), y1 = _mm256_loadu_ps(b1 + k);
        c00 = _mm256_fmadd_ps(x0, y0, c00);
        c01 = _mm256_fmadd_ps(x0, y1, c01);
        c10 = _mm256_fmadd_ps(x1, y0, c10);
        c11 = _mm256_fmadd_ps(x1, y1, c11);
        x0 = _mm256_loadu_ps(a0 + k + 8);
        x1 = _mm256_loadu_ps(a1 + k + 8);
        y0 = _mm256_loadu_ps(b0 + k + 8);
        y1 = _mm256_loadu_ps(b1 + k + 8);
        d00 = _mm256_fmadd_ps(x0, y0, d00);
        d01 = _mm256_fmadd_ps(x0, y1, d01);
        d10 = _mm256_fmadd_ps(x1, y0, d10);
        d11 = _mm256_fmadd_ps(x1, y1, d11);
    }
    if (k == K) {
        out[0] = reduce(c00, d00);
        out[1] = reduce(c01, d01);
        out[2] = reduce(c10, d10);
        out[3] = reduce(c11, d11);
        return;
    }
    const int r = K - k;
    auto tail = [&](const float* a, const float* b, __m256& c, __m256& d) {
        if (r >= 8) {
            c = _mm256_fmadd_ps(_mm256_loadu_ps(a + k), _mm256_loadu_ps(b + k), c);
            if (r > 8) d = _mm256_fmadd_ps(load_part(a + k + 8, r - 8), load_part(b + k + 8, r - 8), d);
        } else {
            c = _mm256_fmadd_ps(load_part(a + k, r), load_part(b + k, r), c);
        }
    };
    tail(a0, b0, c00, d00);
    tail(a0, b1, c01, d01);
    tail(a1, b0, c10, d10);
    tail(a1, b1, c11, d11);
    out[0] = reduce(c00, d00);
    out[1] = reduce(c01, d01);
    out[2] = reduce(c10, d10);
    out[3] = reduce(c11, d11);
}
#endif

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
            auto put = [&](int i, int j, S d) {
                S& c = C[(long)i * ldc + j];
                c = beta == S(0) ? alpha * d : alpha * d + beta * c;
            };
            int i = i0;
            for (; i + 2 <= i1; i += 2) {
                int j = j0;
                for (; j + 2 <= j1; j += 2) {
                    S o[4];
                    dot_fixed_2x2(ra + i * sa, ra + (i + 1) * sa, cb + j * sb, cb + (j + 1) * sb, K, o);
                    put(i, j, o[0]);
                    put(i, j + 1, o[1]);
                    put(i + 1, j, o[2]);
                    put(i + 1, j + 1, o[3]);
                }
                if (j < j1) {
                    put(i, j, dot_fixed(ra + i * sa, cb + j * sb, K));
                    put(i + 1, j, dot_fixed(ra + (i + 1) * sa, cb + j * sb, K));
                }
            }
            if (i < i1)
                for (int j = j0; j < j1; ++j) put(i, j, dot_fixed(ra + i * sa, cb + j * sb, K));
        }
}

}  // namespace moglm
