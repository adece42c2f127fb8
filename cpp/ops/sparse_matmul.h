// Sparse weight (CSR) times dense activations, for inference with element-pruned weights.
//
//   Y[M x N] = W[M x K] X[K x N] + beta Y            (X, Y row-major with leading dimensions)
//   Y[i, n]  = beta Y[i, n] + sum_{p = rp[i]}^{rp[i+1]-1} val[p] X[col[p], n]
//
// W is stored in compressed sparse rows: row i's non-zeros are val[rp[i] .. rp[i+1]-1] at
// columns col[...] (ascending). Only exact zeros are dropped (csr_from_dense), so the product
// equals the dense one up to float summation order. The transposed-output form
//   Yt[n, i] = beta Yt[n, i] + (W X)[i, n]          (Yt: N x M, row-major, ld = ldyt)
// serves the output layer, whose logits are position-major.
//
// Fast kernel (float, AVX2 + FMA): N == 1 is a gathered dot product per row (16 non-zeros per
// step in two accumulators, then 8, then a masked gather for the rest); N > 1 walks each row's
// non-zeros once per block of 8 R columns, broadcasting val[p] and FMA-ing the contiguous X row
// segment X[col[p], n0 .. n0 + 8R) into R register accumulators (R = 8 for full blocks of 64
// columns, looped outside the rows; then 4, 2, 1 and a scalar tail for N mod 8). Other scalar
// types and builds without AVX2 use the same blocking as plain loops. csr_matmul_ref is the
// plain triple loop (double accumulation) the tests compare against.
#pragma once
#include <cstdint>
#include <vector>

#include "fixed_order.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

namespace moglm {

template <typename S>
struct Csr {
    int rows = 0, cols = 0;
    std::vector<int32_t> rp;    // rows + 1
    std::vector<int32_t> col;   // nnz
    std::vector<S> val;         // nnz
    long nnz() const { return (long)val.size(); }
};

// CSR of the rows x cols block of a row-major matrix at W (leading dimension ldw), dropping
// exact zeros.
template <typename S>
Csr<S> csr_from_dense(int rows, int cols, const S* W, int ldw) {
    Csr<S> c;
    c.rows = rows;
    c.cols = cols;
    c.rp.resize((size_t)rows + 1);
    long nnz = 0;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) nnz += W[(long)i * ldw + j] != S(0);
    c.col.reserve(nnz);
    c.val.reserve(nnz);
    c.rp[0] = 0;
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
            S v = W[(long)i * ldw + j];
            if (v != S(0)) {
                c.col.push_back(j);
                c.val.push_back(v);
            }
        }
        c.rp[i + 1] = (int32_t)c.val.size();
    }
    return c;
}

// Reference: plain loops, accumulated in double. transOut: write Yt[n * ldy + i] instead of Y[i * ldy + n].
template <typename S>
void csr_matmul_ref(const Csr<S>& W, int N, const S* X, int ldx, S beta, S* Y, int ldy, bool transOut = false) {
    for (int i = 0; i < W.rows; ++i)
        for (int n = 0; n < N; ++n) {
            double acc = 0;
            for (int p = W.rp[i]; p < W.rp[i + 1]; ++p) acc += (double)W.val[p] * (double)X[(long)W.col[p] * ldx + n];
            S& y = transOut ? Y[(long)n * ldy + i] : Y[(long)i * ldy + n];
            y = (S)(acc + (beta == S(0) ? 0.0 : (double)beta * y));
        }
}

namespace sparse_detail {

template <typename S>
inline void store(S* Y, long at, S v, S beta) { Y[at] = beta == S(0) ? v : v + beta * Y[at]; }

// Generic blocked kernel (any S): per row, per block of up to 64 columns, one pass over the row's non-zeros.
template <typename S>
void matmul_generic(const Csr<S>& W, int N, const S* X, int ldx, S beta, S* Y, int ldy, bool transOut) {
    constexpr int NB = 64;
    S acc[NB];
    for (int i = 0; i < W.rows; ++i) {
        const int p0 = W.rp[i], p1 = W.rp[i + 1];
        for (int n0 = 0; n0 < N; n0 += NB) {
            const int nb = N - n0 < NB ? N - n0 : NB;
            for (int q = 0; q < nb; ++q) acc[q] = S(0);
            for (int p = p0; p < p1; ++p) {
                const S v = W.val[p];
                const S* x = X + (long)W.col[p] * ldx + n0;
                for (int q = 0; q < nb; ++q) acc[q] += v * x[q];
            }
            for (int q = 0; q < nb; ++q)
                store(Y, transOut ? (long)(n0 + q) * ldy + i : (long)i * ldy + n0 + q, acc[q], beta);
        }
    }
}

#if defined(__AVX2__) && defined(__FMA__)
inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

// N == 1: y_i = sum_p val[p] x[col[p] * ldx]: 16 gathered products per step, then 8, then a
// masked gather for the last < 8 (rows of a pruned matrix are short: 40 non-zeros at 80% of 200).
inline void matvec_avx2(const Csr<float>& W, const float* X, int ldx, float beta, float* Y, int ldy, bool transOut) {
    const __m256i stride = _mm256_set1_epi32(ldx);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const int32_t* col = W.col.data();
    const float* val = W.val.data();
    for (int i = 0; i < W.rows; ++i) {
        int p = W.rp[i];
        const int p1 = W.rp[i + 1];
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        for (; p + 16 <= p1; p += 16) {
            __m256i c0 = _mm256_loadu_si256((const __m256i*)(col + p));
            __m256i c1 = _mm256_loadu_si256((const __m256i*)(col + p + 8));
            if (ldx != 1) {
                c0 = _mm256_mullo_epi32(c0, stride);
                c1 = _mm256_mullo_epi32(c1, stride);
            }
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(val + p), _mm256_i32gather_ps(X, c0, 4), a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(val + p + 8), _mm256_i32gather_ps(X, c1, 4), a1);
        }
        if (p + 8 <= p1) {
            __m256i c0 = _mm256_loadu_si256((const __m256i*)(col + p));
            if (ldx != 1) c0 = _mm256_mullo_epi32(c0, stride);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(val + p), _mm256_i32gather_ps(X, c0, 4), a0);
            p += 8;
        }
        if (p < p1) {   // 1..7 left: masked loads and gather (masked-off lanes read nothing)
            const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(p1 - p), lane);
            __m256i c0 = _mm256_maskload_epi32(col + p, m);
            if (ldx != 1) c0 = _mm256_mullo_epi32(c0, stride);
            const __m256 g = _mm256_mask_i32gather_ps(_mm256_setzero_ps(), X, c0, _mm256_castsi256_ps(m), 4);
            a1 = _mm256_fmadd_ps(_mm256_maskload_ps(val + p, m), g, a1);
        }
        store(Y, transOut ? (long)i : (long)i * ldy, hsum(_mm256_add_ps(a0, a1)), beta);
    }
}

// R register blocks of 8 columns starting at n0, for row i. The accumulators are named
// variables (an array of __m256 made GCC spill them to the stack at every non-zero).
template <int R>
inline void row_block_avx2(const Csr<float>& W, int i, int n0, const float* X, int ldx, float beta, float* Y, int ldy,
                           bool transOut) {
    static_assert(R == 1 || R == 2 || R == 4 || R == 8, "R in {1, 2, 4, 8}");
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    const int32_t* col = W.col.data();
    const float* val = W.val.data();
    const int p1 = W.rp[i + 1];
    const float* Xn = X + n0;
    for (int p = W.rp[i]; p < p1; ++p) {
        const __m256 v = _mm256_broadcast_ss(val + p);
        const float* x = Xn + (long)col[p] * ldx;
        a0 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x), a0);
        if constexpr (R >= 2) a1 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 8), a1);
        if constexpr (R >= 4) {
            a2 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 16), a2);
            a3 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 24), a3);
        }
        if constexpr (R >= 8) {
            a4 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 32), a4);
            a5 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 40), a5);
            a6 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 48), a6);
            a7 = _mm256_fmadd_ps(v, _mm256_loadu_ps(x + 56), a7);
        }
    }
    alignas(32) float tmp[64];
    _mm256_store_ps(tmp, a0);
    if constexpr (R >= 2) _mm256_store_ps(tmp + 8, a1);
    if constexpr (R >= 4) { _mm256_store_ps(tmp + 16, a2); _mm256_store_ps(tmp + 24, a3); }
    if constexpr (R >= 8) {
        _mm256_store_ps(tmp + 32, a4); _mm256_store_ps(tmp + 40, a5);
        _mm256_store_ps(tmp + 48, a6); _mm256_store_ps(tmp + 56, a7);
    }
    if (!transOut) {
        float* y = Y + (long)i * ldy + n0;
        for (int r = 0; r < R; ++r) {
            __m256 out = _mm256_load_ps(tmp + 8 * r);
            if (beta != 0.f) out = _mm256_fmadd_ps(_mm256_set1_ps(beta), _mm256_loadu_ps(y + 8 * r), out);
            _mm256_storeu_ps(y + 8 * r, out);
        }
    } else {
        for (int q = 0; q < 8 * R; ++q) store(Y, (long)(n0 + q) * ldy + i, tmp[q], beta);
    }
}

inline void matmul_avx2(const Csr<float>& W, int N, const float* X, int ldx, float beta, float* Y, int ldy, bool transOut) {
    // Column blocks of 64 outside, rows inside: one pass over W per block reads only the block's
    // K x 64 slice of X (51 KB at K = 200), which stays in L1/L2; rows outside would sweep all
    // of a wide X (the output layer's T*B columns) for every row.
    int n0 = 0;
    for (; n0 + 64 <= N; n0 += 64)
        for (int i = 0; i < W.rows; ++i) row_block_avx2<8>(W, i, n0, X, ldx, beta, Y, ldy, transOut);
    if (n0 == N) return;
    for (int i = 0; i < W.rows; ++i) {   // the last < 64 columns
        int n = n0;
        if (n + 32 <= N) { row_block_avx2<4>(W, i, n, X, ldx, beta, Y, ldy, transOut); n += 32; }
        if (n + 16 <= N) { row_block_avx2<2>(W, i, n, X, ldx, beta, Y, ldy, transOut); n += 16; }
        if (n + 8 <= N) { row_block_avx2<1>(W, i, n, X, ldx, beta, Y, ldy, transOut); n += 8; }
        if (n < N) {   // scalar tail of < 8 columns
            float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            const int nb = N - n;
            for (int p = W.rp[i]; p < W.rp[i + 1]; ++p) {
                const float v = W.val[p];
                const float* x = X + (long)W.col[p] * ldx + n;
                for (int q = 0; q < nb; ++q) acc[q] += v * x[q];
            }
            for (int q = 0; q < nb; ++q)
                store(Y, transOut ? (long)(n + q) * ldy + i : (long)i * ldy + n + q, acc[q], beta);
        }
    }
}
#endif

}  // namespace sparse_detail

// Y = W X + beta Y (transOut: Yt = (W X)^T + beta Yt, Yt[n * ldy + i]). X: K x N, ld ldx >= N
// (for N == 1 any ldx >= 1: a column of a wider matrix).
template <typename S>
void csr_matmul(const Csr<S>& W, int N, const S* X, int ldx, S beta, S* Y, int ldy, bool transOut = false) {
    if (W.rows <= 0 || N <= 0) return;
    if (N > 1 && fixed_order_flag()) {   // column by column: each the N == 1 kernel, batch-independent
        for (int n = 0; n < N; ++n) csr_matmul<S>(W, 1, X + n, ldx, beta, transOut ? Y + (long)n * ldy : Y + n, ldy, transOut);
        return;
    }
    sparse_detail::matmul_generic(W, N, X, ldx, beta, Y, ldy, transOut);
}

#if defined(__AVX2__) && defined(__FMA__)
template <>
inline void csr_matmul<float>(const Csr<float>& W, int N, const float* X, int ldx, float beta, float* Y, int ldy,
                              bool transOut) {
    if (W.rows <= 0 || N <= 0) return;
    if (N > 1 && fixed_order_flag()) {   // column by column: each the N == 1 kernel, batch-independent
        for (int n = 0; n < N; ++n) csr_matmul<float>(W, 1, X + n, ldx, beta, transOut ? Y + (long)n * ldy : Y + n, ldy, transOut);
        return;
    }
    // the gather's 32-bit offsets col * ldx must not overflow
    if (N == 1 && (long)W.cols * ldx < (1L << 31)) sparse_detail::matvec_avx2(W, X, ldx, beta, Y, ldy, transOut);
    else if (N == 1) sparse_detail::matmul_generic(W, N, X, ldx, beta, Y, ldy, transOut);
    else sparse_detail::matmul_avx2(W, N, X, ldx, beta, Y, ldy, transOut);
}
#endif

}  // namespace moglm
