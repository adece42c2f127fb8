// Bias broadcast and its gradient, for feature-major blocks [F x N] (row j holds feature j).
//
//   forward:   Y[j, p]  = bias[j]                (then a GEMM accumulates with beta = 1)
//   backward:  dbias[j] += sum_p dY[j, p]
#pragma once

namespace moglm {

template <typename S>
void bias_fill(const S* bias, int F, int N, S* Y, int ldy) {
    for (int j = 0; j < F; ++j) {
        S v = bias[j];
        S* y = Y + (long)j * ldy;
        for (int p = 0; p < N; ++p) y[p] = v;
    }
}

template <typename S>
void bias_backward(const S* dY, int ldy, int F, int N, S* dbias) {
    for (int j = 0; j < F; ++j) {
        const S* d = dY + (long)j * ldy;
        S acc = 0;
        for (int p = 0; p < N; ++p) acc += d[p];
        dbias[j] += acc;
    }
}

}  // namespace moglm
