// Log-softmax over the vocabulary and cross-entropy with an ignore label, forward and backward.
//
//   lse_p      = log sum_v exp(z_pv)       (computed as m + log sum exp(z_pv - m), m = max_v z_pv)
//   logp_pv    = z_pv - lse_p
//   CE_p       = lse_p - z_{p, y_p}        for y_p >= 0; y_p = -1 means "ignored" (no loss, no grad)
//   dz_pv      = w (softmax_pv - [v == y_p]),   softmax_pv = exp(z_pv - lse_p)
// z: [N x V] row-major (row p = t*B + b). The *_ref versions use the C library in double.
#pragma once
#include <cmath>
#include "activations.h"
#include "vmath.h"

namespace moglm {

template <typename S>
void row_logsumexp(const S* z, int N, int V, S* lse) {
    for (int p = 0; p < N; ++p) {
        const S* r = z + (long)p * V;
        S m = vmax(r, V);
        lse[p] = (S)(m + std::log(vsum_exp(r, m, S(1), V)));
    }
}

// Adds the bias to every row (z_pv += b_v) and computes lse as row_logsumexp, in one pass over z.
template <typename S>
void row_bias_logsumexp(S* z, const S* bias, int N, int V, S* lse) {
    for (int p = 0; p < N; ++p) {
        S* r = z + (long)p * V;
        for (int v = 0; v < V; ++v) r[v] += bias[v];
        S m = vmax(r, V);
        lse[p] = (S)(m + std::log(vsum_exp(r, m, S(1), V)));
    }
}

template <typename S>
void row_logsumexp_ref(const S* z, int N, int V, S* lse) {
    for (int p = 0; p < N; ++p) {
        const S* r = z + (long)p * V;
        double m = r[0];
        for (int v = 1; v < V; ++v) m = std::fmax(m, (double)r[v]);
        double sum = 0;
        for (int v = 0; v < V; ++v) sum += std::exp((double)r[v] - m);
        lse[p] = (S)(m + std::log(sum));
    }
}

// Sum of CE over non-ignored rows (in nats), their count, and (when dz != null) dz = w * grad
// (assigned, zero rows for ignored positions).
template <typename S>
double xent_forward_backward(const S* z, const S* lse, const int* y, int N, int V, double w, S* dz,
                             long* count) {
    double total = 0;
    long n = 0;
    for (int p = 0; p < N; ++p) {
        const S* r = z + (long)p * V;
        if (y[p] >= 0) { total += (double)lse[p] - (double)r[y[p]]; ++n; }
        if (!dz) continue;
        S* d = dz + (long)p * V;
        if (y[p] < 0 || w == 0) {
            for (int v = 0; v < V; ++v) d[v] = S(0);
            continue;
        }
        S ws = (S)w;
        vexp_shift(r, lse[p], S(1), d, V);
        for (int v = 0; v < V; ++v) d[v] *= ws;
        d[y[p]] -= ws;
    }
    *count = n;
    return total;
}

}  // namespace moglm
