// A linear map through a factored (low-rank) matrix W = L R, forward and backward.
//
//   W: rows x cols,  L: rows x rank (ld rank),  R: rank x cols (row-major, ld ldr >= cols, so R may
//   be a column block of a wider matrix, e.g. the x or h columns of the LSTM's right factor).
//
//   forward:   z = R x                       (rank x N, kept for the backward)
//              y = L z + beta y              (rows x N; or position-major [N x rows]: y^T = L z)
//   backward, given dy = dLoss/dy:
//              dz  = L^T dy                  (rank x N)
//              dx  = R^T dz + beta dx        (cols x N)
//              dL += dy z^T                  (sums over the N positions: one GEMM each)
//              dR += dz x^T
// A product through W costs rank (rows + cols) multiply-adds per column instead of rows cols.
// Activations are feature-major [F x N] (ld = leading dimension) as everywhere in the kernel; the
// output layer's logits are position-major, hence the y_pos flag. The *_ref functions are the
// same contracts as plain loops (accumulated in double), for the tests.
#pragma once
#include "blas.h"

namespace moglm {

template <typename S>
struct Factored {
    int rows = 0, cols = 0, rank = 0;
    const S* L = nullptr;   // rows x rank
    const S* R = nullptr;   // rank x cols, leading dimension ldr
    int ldr = 0;
};

template <typename S>
struct FactoredGrad {       // gradient accumulators, same shapes and leading dimensions
    S* L = nullptr;
    S* R = nullptr;
};

// z = R x + beta_z z   (rank x N)
template <typename S>
void factored_z(const Factored<S>& f, int N, const S* x, int ldx, S beta_z, S* z, int ldz) {
    gemm<S>(false, false, f.rank, N, f.cols, S(1), f.R, f.ldr, x, ldx, beta_z, z, ldz);
}

// y = L z + beta y (feature-major rows x N), or y^T = L z + beta y^T (y_pos: y is [N x rows])
template <typename S>
void factored_y(const Factored<S>& f, int N, const S* z, int ldz, S beta, S* y, int ldy, bool y_pos = false) {
    if (y_pos) gemm<S>(true, true, N, f.rows, f.rank, S(1), z, ldz, f.L, f.rank, beta, y, ldy);
    else gemm<S>(false, false, f.rows, N, f.rank, S(1), f.L, f.rank, z, ldz, beta, y, ldy);
}

// z = R x, y = L z + beta y
template <typename S>
void factored_forward(const Factored<S>& f, int N, const S* x, int ldx, S* z, int ldz, S beta, S* y, int ldy,
                      bool y_pos = false) {
    factored_z(f, N, x, ldx, S(0), z, ldz);
    factored_y(f, N, z, ldz, beta, y, ldy, y_pos);
}

// dz = L^T dy (dy feature-major rows x N, or position-major [N x rows] with y_pos)
template <typename S>
void factored_dz(const Factored<S>& f, int N, const S* dy, int lddy, S* dz, int lddz, bool y_pos = false) {
    if (y_pos) gemm<S>(true, true, f.rank, N, f.rows, S(1), f.L, f.rank, dy, lddy, S(0), dz, lddz);
    else gemm<S>(true, false, f.rank, N, f.rows, S(1), f.L, f.rank, dy, lddy, S(0), dz, lddz);
}

// dx = R^T dz + beta dx
template <typename S>
void factored_dx(const Factored<S>& f, int N, const S* dz, int lddz, S beta, S* dx, int lddx) {
    gemm<S>(true, false, f.cols, N, f.rank, S(1), f.R, f.ldr, dz, lddz, beta, dx, lddx);
}

// dL += dy z^T
template <typename S>
void factored_grad_L(const Factored<S>& f, S* gL, int N, const S* dy, int lddy, const S* z, int ldz, bool y_pos = false) {
    if (y_pos) gemm<S>(true, true, f.rows, f.rank, N, S(1), dy, lddy, z, ldz, S(1), gL, f.rank);
    else gemm<S>(false, true, f.rows, f.rank, N, S(1), dy, lddy, z, ldz, S(1), gL, f.rank);
}

// dR += dz x^T (gR has the leading dimension of R)
template <typename S>
void factored_grad_R(const Factored<S>& f, S* gR, int N, const S* dz, int lddz, const S* x, int ldx) {
    gemm<S>(false, true, f.rank, f.cols, N, S(1), dz, lddz, x, ldx, S(1), gR, f.ldr);
}

// ---- plain-loop references of the same contracts (feature-major y) ----

template <typename S>
void factored_forward_ref(const Factored<S>& f, int N, const S* x, int ldx, S* z, int ldz, S beta, S* y, int ldy) {
    for (int q = 0; q < f.rank; ++q)
        for (int p = 0; p < N; ++p) {
            double a = 0;
            for (int j = 0; j < f.cols; ++j) a += (double)f.R[(long)q * f.ldr + j] * x[(long)j * ldx + p];
            z[(long)q * ldz + p] = (S)a;
        }
    for (int i = 0; i < f.rows; ++i)
        for (int p = 0; p < N; ++p) {
            double a = 0;
            for (int q = 0; q < f.rank; ++q) a += (double)f.L[(long)i * f.rank + q] * z[(long)q * ldz + p];
            S& o = y[(long)i * ldy + p];
            o = (S)(a + (beta == S(0) ? 0.0 : (double)beta * o));
        }
}

// dz = L^T dy, dx = R^T dz + beta dx, dL += dy z^T, dR += dz x^T
template <typename S>
void factored_backward_ref(const Factored<S>& f, int N, const S* x, int ldx, const S* z, int ldz, const S* dy,
                           int lddy, S* dz, int lddz, S beta, S* dx, int lddx, S* gL, S* gR) {
    for (int q = 0; q < f.rank; ++q)
        for (int p = 0; p < N; ++p) {
            double a = 0;
            for (int i = 0; i < f.rows; ++i) a += (double)f.L[(long)i * f.rank + q] * dy[(long)i * lddy + p];
            dz[(long)q * lddz + p] = (S)a;
        }
    for (int j = 0; j < f.cols; ++j)
        for (int p = 0; p < N; ++p) {
            double a = 0;
            for (int q = 0; q < f.rank; ++q) a += (double)f.R[(long)q * f.ldr + j] * dz[(long)q * lddz + p];
            S& o = dx[(long)j * lddx + p];
            o = (S)(a + (beta == S(0) ? 0.0 : (double)beta * o));
        }
    for (int i = 0; i < f.rows; ++i)
        for (int q = 0; q < f.rank; ++q) {
            double a = 0;
            for (int p = 0; p < N; ++p) a += (double)dy[(long)i * lddy + p] * z[(long)q * ldz + p];
            gL[(long)i * f.rank + q] += (S)a;
        }
    for (int q = 0; q < f.rank; ++q)
        for (int j = 0; j < f.cols; ++j) {
            double a = 0;
            for (int p = 0; p < N; ++p) a += (double)dz[(long)q * lddz + p] * x[(long)j * ldx + p];
            gR[(long)q * f.ldr + j] += (S)a;
        }
}

}  // namespace moglm
