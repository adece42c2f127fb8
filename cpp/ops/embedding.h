// Embedding lookup into feature-major activations, forward and backward.
//
//   forward:   X[j, p]       = Emb[w_p, j]                 X: [E x N] row-major, ld = ldx
//   backward:  dEmb[w_p, j] += dX[j, p]                    (scatter-add; repeated words add up)
//
// p runs over the N = T*B positions in time-major order (p = t*B + b); Emb is [V x E] row-major.
#pragma once

namespace moglm {

template <typename S>
void embedding_forward(const S* emb, int E, const int* words, int N, S* X, int ldx) {
    for (int p = 0; p < N; ++p) {
        const S* row = emb + (long)words[p] * E;
        for (int j = 0; j < E; ++j) X[(long)j * ldx + p] = row[j];
    }
}

template <typename S>
void embedding_backward(S* demb, int E, const int* words, int N, const S* dX, int ldx) {
    for (int p = 0; p < N; ++p) {
        S* row = demb + (long)words[p] * E;
        for (int j = 0; j < E; ++j) row[j] += dX[(long)j * ldx + p];
    }
}

}  // namespace moglm
