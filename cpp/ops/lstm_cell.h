// The LSTM cell's pointwise part, forward and backward, for one step of B columns.
//
// Gates come from one GEMM (done by the model): G = W [x; h] + bias, G: [4H x B] with row blocks
// i, f, g, o (in that order, H rows each). Then
//   i = sigmoid(G_i), f = sigmoid(G_f), g = tanh(G_g), o = sigmoid(G_o)
//   c = f (*) c_prev + i (*) g,     tc = tanh(c),     h = o (*) tc
// The forward overwrites G with the activated gates and keeps c and tc.
//
// Backward, given dh (total dLoss/dh_t) and dc (dLoss/dc_t from step t+1):
//   dc     += dh (*) o (*) (1 - tc^2)
//   dG_o    = dh (*) tc (*) o (1 - o)        dG_i = dc (*) g (*) i (1 - i)
//   dG_g    = dc (*) i (*) (1 - g^2)         dG_f = dc (*) c_prev (*) f (1 - f)
//   dc_prev = dc (*) f                       (written over dc)
// lstm_cell_forward_ref is the textbook version with the C library's exp/tanh.
#pragma once
#include "activations.h"
#include "vmath.h"

namespace moglm {

template <typename S>
void lstm_cell_forward(int H, int B, S* G, int ldg, const S* c_prev, int ld_cp, S* c, int ldc,
                       S* tc, int ldtc, S* h, int ldh) {
    for (int j = 0; j < H; ++j) {
        S* gi = G + (long)j * ldg;
        S* gf = G + (long)(H + j) * ldg;
        S* gg = G + (long)(2 * H + j) * ldg;
        S* go = G + (long)(3 * H + j) * ldg;
        const S* cp = c_prev + (long)j * ld_cp;
        S* cj = c + (long)j * ldc;
        S* tj = tc + (long)j * ldtc;
        S* hj = h + (long)j * ldh;
        vsigmoid(gi, B);
        vsigmoid(gf, B);
        vtanh(gg, gg, B);
        vsigmoid(go, B);
        for (int b = 0; b < B; ++b) cj[b] = gf[b] * cp[b] + gi[b] * gg[b];
        vtanh(cj, tj, B);
        for (int b = 0; b < B; ++b) hj[b] = go[b] * tj[b];
    }
}

template <typename S>
void lstm_cell_forward_ref(int H, int B, S* G, int ldg, const S* c_prev, int ld_cp, S* c, int ldc,
                           S* tc, int ldtc, S* h, int ldh) {
    for (int j = 0; j < H; ++j)
        for (int b = 0; b < B; ++b) {
            S& gi = G[(long)j * ldg + b];
            S& gf = G[(long)(H + j) * ldg + b];
            S& gg = G[(long)(2 * H + j) * ldg + b];
            S& go = G[(long)(3 * H + j) * ldg + b];
            gi = sigmoid_ref(gi); gf = sigmoid_ref(gf); gg = tanh_ref(gg); go = sigmoid_ref(go);
            S cc = gf * c_prev[(long)j * ld_cp + b] + gi * gg;
            c[(long)j * ldc + b] = cc;
            tc[(long)j * ldtc + b] = tanh_ref(cc);
            h[(long)j * ldh + b] = go * tanh_ref(cc);
        }
}

template <typename S>
void lstm_cell_backward(int H, int B, const S* G, int ldg, const S* c_prev, int ld_cp, const S* tc,
                        int ldtc, const S* dh, int lddh, S* dc, int lddc, S* dG, int lddg) {
    for (int j = 0; j < H; ++j) {
        const S* gi = G + (long)j * ldg;
        const S* gf = G + (long)(H + j) * ldg;
        const S* gg = G + (long)(2 * H + j) * ldg;
        const S* go = G + (long)(3 * H + j) * ldg;
        const S* cp = c_prev + (long)j * ld_cp;
        const S* tj = tc + (long)j * ldtc;
        const S* dhj = dh + (long)j * lddh;
        S* dcj = dc + (long)j * lddc;
        S* di = dG + (long)j * lddg;
        S* df = dG + (long)(H + j) * lddg;
        S* dg = dG + (long)(2 * H + j) * lddg;
        S* dO = dG + (long)(3 * H + j) * lddg;
        for (int b = 0; b < B; ++b) {
            S i = gi[b], f = gf[b], g = gg[b], o = go[b], t = tj[b], d = dhj[b];
            S c = dcj[b] + d * o * (S(1) - t * t);
            dO[b] = d * t * o * (S(1) - o);
            di[b] = c * g * i * (S(1) - i);
            dg[b] = c * i * (S(1) - g * g);
            df[b] = c * cp[b] * f * (S(1) - f);
            dcj[b] = c * f;
        }
    }
}

}  // namespace moglm
