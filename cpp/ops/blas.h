// One templated GEMM over cblas_sgemm / cblas_dgemm, row-major throughout.
//
//   C[M x N] = alpha * op(A) * op(B) + beta * C,   op(X) = X or X^T
//
// All moglm matrices are row-major with an explicit leading dimension, so a block of rows of a
// [F x T*B] activation matrix (or the columns of one time step, offset t*B with ld = T*B) is just
// a pointer and a leading dimension. gemm_ref is the plain triple loop the tests compare against.
#pragma once
#include <cblas.h>

namespace moglm {

template <typename S>
void gemm(bool transA, bool transB, int M, int N, int K, S alpha, const S* A, int lda,
          const S* B, int ldb, S beta, S* C, int ldc);

template <>
inline void gemm<float>(bool transA, bool transB, int M, int N, int K, float alpha, const float* A,
                        int lda, const float* B, int ldb, float beta, float* C, int ldc) {
    if (M <= 0 || N <= 0) return;
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

template <>
inline void gemm<double>(bool transA, bool transB, int M, int N, int K, double alpha, const double* A,
                         int lda, const double* B, int ldb, double beta, double* C, int ldc) {
    if (M <= 0 || N <= 0) return;
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
