// Knowledge-distillation loss at temperature T, forward and backward (Hinton et al. 2015).
//
//   q_v   = softmax(teacher / T)_v,     ps_v = softmax(z / T)_v
//   KL_p  = sum_v q_v (log q_v - log ps_v)
//   loss  = w T^2 sum_p KL_p            (over non-ignored positions, y_p >= 0)
//   dz_pv = w T (ps_v - q_v)            (accumulated into dz; T^2 times the 1/T of d(z/T)/dz)
// With lt = lse(teacher/T), lz = lse(z/T):  log q_v - log ps_v = (t_v - z_v)/T - lt + lz, so
//   KL_p = (q.t - q.z)/T + (lz - lt) sum_v q_v        (no per-element log)
#pragma once
#include <cmath>
#include <vector>
#include "vmath.h"

namespace moglm {

// Returns sum_p KL_p (unscaled); dz += w T (ps - q) on non-ignored rows when dz != null.
template <typename S>
double kd_forward_backward(const S* z, const S* teacher, const int* y, int N, int V, double T, double w,
                           S* dz) {
    const S invT = (S)(1.0 / T);
    std::vector<S> q(V), ps(V);
    double total = 0;
    for (int p = 0; p < N; ++p) {
        if (y[p] < 0) continue;
        const S* zr = z + (long)p * V;
        const S* tr = teacher + (long)p * V;
        S mz = vmax(zr, V), mt = vmax(tr, V);
        double sz = vsum_exp(zr, mz, invT, V), st = vsum_exp(tr, mt, invT, V);
        double lz = (double)mz * invT + std::log(sz), lt = (double)mt * invT + std::log(st);
        vexp_shift(tr, mt, invT, q.data(), V);
        S qs = (S)(1.0 / st);
        double sq = 0;
        for (int v = 0; v < V; ++v) q[v] *= qs;
        for (int v = 0; v < V; ++v) sq += q[v];
        total += (vdot(q.data(), tr, V) - vdot(q.data(), zr, V)) * (double)invT + (lz - lt) * sq;
        if (!dz) continue;
        vexp_shift(zr, mz, invT, ps.data(), V);
        S g = (S)(w * T), pscale = (S)(1.0 / sz);
        S* d = dz + (long)p * V;
        for (int v = 0; v < V; ++v) d[v] += g * (ps[v] * pscale - q[v]);
    }
    return total;
}

}  // namespace moglm
