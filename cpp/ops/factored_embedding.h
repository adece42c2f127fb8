// Embedding lookup through a factored (low-rank) embedding matrix Emb = L R, forward and backward.
//
//   Emb: V x E = L (V x ke) * R (ke x E)
//   forward:   z_p = L[w_p, :]^T                (ke x N: a lookup in the small table, kept)
//              X   = R^T z                      (E x N: one GEMM for all N positions)
//   backward:  dz  = R dX                       (ke x N)
//              dR += z dX^T                     (ke x E)
//              dL[w_p, :] += dz_p^T             (scatter-add, as embedding_backward)
// so x_p = row w_p of L R, exactly the dense embedding of the product matrix. With a tied output
// layer the same L, R serve the output (factored_linear.h) and both gradients add up.
// factored_embedding_forward_ref computes row w_p of L R with plain loops.
#pragma once
#include "blas.h"
#include "embedding.h"

namespace moglm {

// z (ke x N, ld ldz) and X (E x N, ld ldx) from the words
template <typename S>
void factored_embedding_forward(const S* L, const S* R, int ke, int E, const int* words, int N, S* z, int ldz,
                                S* X, int ldx) {
    embedding_forward(L, ke, words, N, z, ldz);
    gemm<S>(true, false, E, N, ke, S(1), R, E, z, ldz, S(0), X, ldx);
}

// Accumulates dL, dR from dX (E x N); dz: scratch ke x N (ld lddz)
template <typename S>
void factored_embedding_backward(const S* R, S* gL, S* gR, int ke, int E, const int* words, int N, const S* z,
                                 int ldz, const S* dX, int lddx, S* dz, int lddz) {
    gemm<S>(false, false, ke, N, E, S(1), R, E, dX, lddx, S(0), dz, lddz);
    gemm<S>(false, true, ke, E, N, S(1), z, ldz, dX, lddx, S(1), gR, E);
    embedding_backward(gL, ke, words, N, dz, lddz);
}

template <typename S>
void factored_embedding_forward_ref(const S* L, const S* R, int ke, int E, const int* words, int N, S* X, int ldx) {
    for (int p = 0; p < N; ++p)
        for (int j = 0; j < E; ++j) {
            double a = 0;
            for (int q = 0; q < ke; ++q) a += (double)L[(long)words[p] * ke + q] * R[(long)q * E + j];
            X[(long)j * ldx + p] = (S)a;
        }
}

}  // namespace moglm
