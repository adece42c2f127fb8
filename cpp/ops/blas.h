// One templated GEMM over cblas_sgemm / cblas_dgemm, row-major throughout.
//
//   C[M x N] = alpha * op(A) * op(B) + beta * C,   op(X) = X or X^T
//
// All moglm matrices are row-major with an explicit leading dimension, so a block of rows of a
// [F x T*B] activation matrix (or the columns of one time step, offset t*B with ld = T*B) is just
// a pointer and a leading dimension. gemm_ref is the plain triple loop the tests compare against.
//
// A product with one output column (N = 1) or one output row (M = 1) is a matrix-vector product
// and goes to ?gemv: OpenBLAS's ?gemm does not forward these, and for the decoder's batch-1 step
// the output layer (M = 1, N = V = 10000, K = 200) took 1.3-1.5 ms as sgemm against 0.36-0.42 ms
// as sgemv (cpp/test/sparse_bench.sh, CPU time, one thread). As vectors:
//   N = 1:  c[:, 0] = alpha op(A) b + beta c       b = column 0 of op(B)
//   M = 1:  c[0, :] = alpha op(B)^T a + beta c     a = row 0 of op(A)
// With beta = 0 the output is zeroed first (BLAS scaling by 0 need not clear NaN).
// Inside a FixedOrderScope (ops/fixed_order.h) every product is gemm_fixed instead, whose elements
// do not depend on the shape of the product (inference: batch-independent results).
#pragma once
#include <cblas.h>

#include "fixed_order.h"

namespace moglm {

template <typename S>
void gemm(bool transA, bool transB, int M, int N, int K, S alpha, const S* A, int lda,
          const S* B, int ldb, S beta, S* C, int ldc);

// The N = 1 / M = 1 cases of gemm as ?gemv (see above); false if neither applies.
template <typename S, typename Gemv>
bool gemm_as_gemv(Gemv gemv, bool transA, bool transB, int M, int N, int K, S alpha, const S* A, int lda,
                  const S* B, int ldb, S beta, S* C, int ldc) {
    if (K <= 0 || (N != 1 && M != 1)) return false;
    if (N == 1) {
        if (beta == S(0)) for (int i = 0; i < M; ++i) C[(long)i * ldc] = S(0);
        // op(A) is M x K: stored K x M (transposed) or M x K; b = op(B)[:, 0] has stride ldb (or 1 if transposed)
        gemv(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transA ? K : M, transA ? M : K, alpha, A, lda,
             B, transB ? 1 : ldb, beta == S(0) ? S(1) : beta, C, ldc);
    } else {
        if (beta == S(0)) for (int j = 0; j < N; ++j) C[j] = S(0);
        // c^T = op(B)^T a: op(B) is K x N, stored N x K (transposed) or K x N; a = op(A)[0, :] has stride 1 (or lda)
        gemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans, transB ? N : K, transB ? K : N, alpha, B, ldb,
             A, transA ? lda : 1, beta == S(0) ? S(1) : beta, C, 1);
    }
    return true;
}

template <>
inline void gemm<float>(bool transA, bool transB, int M, int N, int K, float alpha, const float* A,
                        int lda, const float* B, int ldb, float beta, float* C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (fixed_order_flag()) return gemm_fixed<float>(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    if (gemm_as_gemv<float>(cblas_sgemv, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)) return;
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

template <>
inline void gemm<double>(bool transA, bool transB, int M, int N, int K, double alpha, const double* A,
                         int lda, const double* B, int ldb, double beta, double* C, int ldc) {
    if (M <= 0 || N <= 0) return;
    if (fixed_order_flag()) return gemm_fixed<double>(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    if (gemm_as_gemv<double>(cblas_dgemv, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)) return;
    cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// Reference: the same contract as gemm, as plain loops (accumulated in double).
template <typename S>
void gemm_ref(bool transA, bool transB, int M, int N, int K, S alpha, const S* A, int lda,
              const S* B, int ldb, S beta, S* C, int ldc) {
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            double acc = 0;
            for (int k = 0; k < K; ++k) {
                double a = transA ? A[(long)k * lda + i] : A[(long)i * lda + k];
                double b = transB ? B[(long)j * ldb + k] : B[(long)k * ldb + j];
                acc += a * b;
            }
            S& c = C[(long)i * ldc + j];
            c = (S)(alpha * acc + (beta == S(0) ? 0.0 : (double)beta * c));
        }
}

}  // namespace moglm
