// Weight masks: an element mask, a row mask and a column mask per tensor, folded into one factor.
//
//   M[i, j]   = elem[i, j] * row[i] * col[j]          (absent masks count as 1; a bias has cols = 1)
//   forward:  W_eff = W (*) M                         computed once per forward call
//   backward: dW   += dW_eff (*) M                    so a masked weight gets exactly zero gradient
//   pruning:  W    <- W (*) M                         (apply_masks: zero the pruned weights in place)
// The model runs every product on W_eff and accumulates dW_eff into a scratch vector first; with
// no mask set none of this runs.
#pragma once

namespace moglm {

// out[i, j] = elem[i, j] * row[i] * col[j] for one rows x cols tensor; any of the three may be null.
template <typename S>
void mask_combine(int rows, int cols, const float* elem, const float* row, const float* col, S* out) {
    for (int i = 0; i < rows; ++i) {
        S r = row ? (S)row[i] : S(1);
        for (int j = 0; j < cols; ++j) {
            long k = (long)i * cols + j;
            S v = r;
            if (col) v *= (S)col[j];
            if (elem) v *= (S)elem[k];
            out[k] = v;
        }
    }
}

template <typename S>
void masked_copy(long n, const S* W, const S* M, S* out) {
    for (long k = 0; k < n; ++k) out[k] = W[k] * M[k];
}

template <typename S>
void masked_grad_accumulate(long n, const S* dWeff, const S* M, S* dW) {
    for (long k = 0; k < n; ++k) dW[k] += dWeff[k] * M[k];
}

}  // namespace moglm
