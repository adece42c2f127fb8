// Variational dropout: one mask per sequence, the same at every time step.
//
//   forward:   Y[j, t*B + b] = X[j, t*B + b] * mask[j, b]      mask values 0 or 1/(1-p)
//   backward:  dX[j, t*B + b] = dY[j, t*B + b] * mask[j, b]
//
// X, Y: [F x T*B] (ld), mask: [F x B] (ld = B). Y may alias X. A null mask means identity (copy).
// The backward is the same function applied to the gradients.
#pragma once

namespace moglm {

template <typename S>
void dropout_apply(const S* X, int ldx, const S* mask, int F, int T, int B, S* Y, int ldy) {
    for (int j = 0; j < F; ++j) {
        const S* x = X + (long)j * ldx;
        S* y = Y + (long)j * ldy;
        if (!mask) {
            if (x != y) for (long p = 0; p < (long)T * B; ++p) y[p] = x[p];
            continue;
        }
        const S* m = mask + (long)j * B;
        for (int t = 0; t < T; ++t)
            for (int b = 0; b < B; ++b) y[(long)t * B + b] = x[(long)t * B + b] * m[b];
    }
}

// Y[j, b] (+)= X[j, b] * mask[j, b] for one step block ([F x B], separate lds); accumulate or assign.
template <typename S>
void dropout_step(const S* X, int ldx, const S* mask, int F, int B, S* Y, int ldy, bool accumulate) {
    for (int j = 0; j < F; ++j) {
        const S* x = X + (long)j * ldx;
        S* y = Y + (long)j * ldy;
        const S* m = mask ? mask + (long)j * B : nullptr;
        if (accumulate) {
            if (m) for (int b = 0; b < B; ++b) y[b] += x[b] * m[b];
            else   for (int b = 0; b < B; ++b) y[b] += x[b];
        } else {
            if (m) for (int b = 0; b < B; ++b) y[b] = x[b] * m[b];
            else   for (int b = 0; b < B; ++b) y[b] = x[b];
        }
    }
}

}  // namespace moglm
