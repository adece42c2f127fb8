// One Mogrifier round (Melis et al. 2020), forward and backward, for a block of B columns.
//
// Before the LSTM cell, the input x (size m) and the previous state h (size n) gate each other:
//   odd  i:  x^i = 2 * sigmoid(Q^i h^{i-1} + b^i) (*) x^{i-2}        Q^i: m x n
//   even i:  h^i = 2 * sigmoid(R^i x^{i-1} + b^i) (*) h^{i-2}        R^i: n x m
// with x^{-1} = x and h^0 = h_prev. Every round has the same shape in this file's terms:
//   pre = W in + b,   s = sigmoid(pre),   out = 2 s (*) prev
// where W is the round's matrix (rows x cols; full-rank, or low-rank W = L R with L: rows x k,
// R: k x cols), `in` is the other stream's latest value (cols) and `prev` is this stream's
// previous value (rows). Low-rank rounds keep z = R in (k) for the backward.
//
// Backward, given d_out = dLoss/d out:
//   d_prev = 2 s (*) d_out
//   dpre   = d_out (*) 2 prev (*) s (1 - s)
//   d_in  += W^T dpre           (low-rank: dz = L^T dpre, d_in += R^T dz)
//   dW    += dpre in^T          (low-rank: dL += dpre z^T, dR += dz in^T),  db += dpre
// The weight gradients are sums over all T*B positions, so the model keeps dpre (and dz) for every
// step and forms them with one GEMM per matrix after the time loop (mog_round_weight_grads).
// All blocks are row-major [features x columns] with their own leading dimension.
#pragma once
#include "activations.h"
#include "bias.h"
#include "blas.h"
#include "sparse_matmul.h"
#include "vmath.h"

namespace moglm {

template <typename S>
struct MogRound {      // weights of one round (pointers into the flat parameter vector)
    int rows = 0, cols = 0, rank = 0;   // rank 0: full-rank W
    const S* W = nullptr;               // full: rows x cols
    const S* L = nullptr;               // low-rank: rows x rank
    const S* R = nullptr;               // low-rank: rank x cols
    const S* b = nullptr;               // rows
    const Csr<S>* csr = nullptr;        // inference only: CSR of W to use instead of the GEMM
};

template <typename S>
struct MogRoundGrad {  // gradient accumulators of one round, same shapes
    S* W = nullptr; S* L = nullptr; S* R = nullptr; S* b = nullptr;
};

// out = 2 sigmoid(W in + b) (*) prev ; keeps s (and z for low rank). out may alias prev.
template <typename S>
void mog_round_forward(const MogRound<S>& w, int B, const S* in, int ld_in, const S* prev, int ld_prev,
                       S* z, int ld_z, S* s, int ld_s, S* out, int ld_out) {
    bias_fill(w.b, w.rows, B, s, ld_s);
    if (w.rank == 0 && w.csr) {
        csr_matmul<S>(*w.csr, B, in, ld_in, S(1), s, ld_s);
    } else if (w.rank == 0) {
        gemm<S>(false, false, w.rows, B, w.cols, S(1), w.W, w.cols, in, ld_in, S(1), s, ld_s);
    } else {
        gemm<S>(false, false, w.rank, B, w.cols, S(1), w.R, w.cols, in, ld_in, S(0), z, ld_z);
        gemm<S>(false, false, w.rows, B, w.rank, S(1), w.L, w.rank, z, ld_z, S(1), s, ld_s);
    }
    for (int j = 0; j < w.rows; ++j) {
        S* sj = s + (long)j * ld_s;
        const S* pj = prev + (long)j * ld_prev;
        S* oj = out + (long)j * ld_out;
        vsigmoid(sj, B);
        for (int b = 0; b < B; ++b) oj[b] = S(2) * sj[b] * pj[b];
    }
}

// d_out (in) -> d_prev (out, in place); writes dpre (and dz); accumulates W^T dpre into d_in.
template <typename S>
void mog_round_backward(const MogRound<S>& w, int B, S* d_out, int ld_d, const S* prev, int ld_prev,
                        const S* s, int ld_s, S* dpre, int ld_dpre, S* dz, int ld_dz, S* d_in, int ld_din) {
    for (int j = 0; j < w.rows; ++j) {
        S* dj = d_out + (long)j * ld_d;
        const S* pj = prev + (long)j * ld_prev;
        const S* sj = s + (long)j * ld_s;
        S* qj = dpre + (long)j * ld_dpre;
        for (int b = 0; b < B; ++b) {
            S sg = sj[b], d = dj[b];
            qj[b] = d * S(2) * pj[b] * sg * (S(1) - sg);
            dj[b] = S(2) * sg * d;
        }
    }
    if (w.rank == 0) {
        gemm<S>(true, false, w.cols, B, w.rows, S(1), w.W, w.cols, dpre, ld_dpre, S(1), d_in, ld_din);
    } else {
        gemm<S>(true, false, w.rank, B, w.rows, S(1), w.L, w.rank, dpre, ld_dpre, S(0), dz, ld_dz);
        gemm<S>(true, false, w.cols, B, w.rank, S(1), w.R, w.cols, dz, ld_dz, S(1), d_in, ld_din);
    }
}

// Weight gradients of a round over N positions: dW += dPre In^T (or dL, dR), db += rowsum dPre.
template <typename S>
void mog_round_weight_grads(const MogRound<S>& w, const MogRoundGrad<S>& g, int N, const S* dPre,
                            const S* In, const S* Z, const S* dZ, int ld) {
    if (w.rank == 0) {
        gemm<S>(false, true, w.rows, w.cols, N, S(1), dPre, ld, In, ld, S(1), g.W, w.cols);
    } else {
        gemm<S>(false, true, w.rows, w.rank, N, S(1), dPre, ld, Z, ld, S(1), g.L, w.rank);
        gemm<S>(false, true, w.rank, w.cols, N, S(1), dZ, ld, In, ld, S(1), g.R, w.cols);
    }
    bias_backward(dPre, ld, w.rows, N, g.b);
}

}  // namespace moglm
