// Sampled output layer, forward and backward, with Kaldi rnnlm's self-normalizing objective (the
// default), sampled softmax or NCE (further below; --sampled-objective).
//
// Per training step a set S = (s_1 .. s_K) of distinct word ids is given with inv_k = 1 / the
// probability that s_k was in the sample (1 for words that are always included, e.g. the step's
// targets). Only the K output rows of S are used:
//
//   Ws[k, :] = W[s_k, :]                          gather, K x H
//   z[p, k]  = Hd[:, p] . Ws[k, :] + b[s_k]       one GEMM, z: N x K position-major
//
// Objective per position p with target slot y_p (s_{y_p} = the target word; y_p = -1: ignored):
//
//   L_p  = -z[p, y_p] - 1 + sum_k inv_k q(z[p, k]),   q(l) = exp(l) for l < 0, 1 + l for l >= 0
//
// -L_p is Kaldi's objf (l(target) + den, den = 1 - sum_w q(l_w) inv_prob_w). Since exp(l) <= q(l)
// and log Z <= Z - 1, sum over all words (inv = 1) gives L_p >= log Z_p - z[p, y_p] = the
// cross-entropy: minimising it minimises an upper bound of the cross-entropy that is tight when
// Z_p = 1, so training drives the model towards self-normalization. L_p is linear in the q terms,
// so the sampled sum (each word weighted by its inverse inclusion probability) estimates the full
// sum without bias. q is linear above 0 so a large logit cannot blow the loss up.
//
//   dz[p, k] = w (inv_k q'(z[p, k]) - [k == y_p]),    q'(l) = exp(l) for l < 0, 1 for l >= 0
//   db[s_k] += sum_p dz[p, k]
//   dW[s_k, :] += sum_p dz[p, k] Hd[:, p]         (one K x H GEMM, then a scatter-add of K rows)
//   dHd[:, p]  = sum_k dz[p, k] Ws[k, :]          (one H x N GEMM)
//
// Optional explicit self-normalization term (Devlin et al. 2014's alpha (log Z)^2, here on the
// sample's estimate of Z), beta >= 0, added per position:
//
//   L_p += beta (log Zs_p)^2,   Zs_p = sum_k inv_k exp(z[p, k])   (the importance-weighted estimate of Z_p)
//   dz[p, k] += w 2 beta log Zs_p inv_k exp(z[p, k]) / Zs_p
//
// Kaldi's objective alone pulls log Z to 0 with the force of (e^d - 1 - d) ~ d^2 / 2 (d = log Z);
// the term adds beta d^2 where the bound is weak. log Zs is a biased estimate of log Z (Jensen:
// low by about Var(Zs) / 2), small when the sample holds most of the probability mass, as the
// targets and K frequent-biased draws do. beta = 0 is the plain objective, bit for bit.
//
// For progress reports the step's cross-entropy is estimated with the same sample:
//   CE_p ~ log(sum_k inv_k exp(z[p, k])) - z[p, y_p]
// (the exact cross-entropy needs all V logits; evaluation computes it in full).
// The *_ref functions are plain loops in double, the reference of cpp/test/kernel_test.cc.
#pragma once
#include <cmath>
#include <vector>

#include "blas.h"

namespace moglm {

// Ws[k, :] = W[s_k, :] (W: rows of length H).
template <typename S>
void sampled_gather(const S* W, int H, const int* s, int K, S* Ws) {
    for (int k = 0; k < K; ++k) {
        const S* r = W + (long)s[k] * H;
        for (int j = 0; j < H; ++j) Ws[(long)k * H + j] = r[j];
    }
}

// z[N x K] = Hd^T Ws^T + b[s]; Hd: H x N feature-major (ld ldh).
template <typename S>
void sampled_logits(const S* Hd, int ldh, int N, int H, const S* Ws, const S* bias, const int* s, int K, S* z) {
    gemm<S>(true, true, N, K, H, S(1), Hd, ldh, Ws, H, S(0), z, K);
    for (int p = 0; p < N; ++p)
        for (int k = 0; k < K; ++k) z[(long)p * K + k] += bias[s[k]];
}

// Returns sum_p L_p over non-ignored positions (and the CE estimate in *ce, the count in *count);
// writes dz = w dL/dz when dz != null (ignored rows: 0).
template <typename S>
double self_norm_loss(const S* z, int N, int K, const int* y, const S* inv, double w, S* dz, double* ce, long* count,
                      double beta = 0) {
    double total = 0, cesum = 0;
    long n = 0;
    for (int p = 0; p < N; ++p) {
        const S* r = z + (long)p * K;
        S* d = dz ? dz + (long)p * K : nullptr;
        if (y[p] < 0) {
            if (d) for (int k = 0; k < K; ++k) d[k] = S(0);
            continue;
        }
        double sum = 0, mx = r[0];
        for (int k = 1; k < K; ++k) mx = std::fmax(mx, (double)r[k]);
        double est = 0;
        for (int k = 0; k < K; ++k) {
            const double l = r[k];
            const double e = l < 0 ? std::exp(l) : 0;
            sum += (double)inv[k] * (l < 0 ? e : 1 + l);
            est += (double)inv[k] * std::exp(l - mx);
            if (d) d[k] = (S)(w * (double)inv[k] * (l < 0 ? e : 1.0));
        }
        if (d) d[y[p]] -= (S)w;
        const double logzs = mx + std::log(est);
        total += -(double)r[y[p]] - 1 + sum;
        if (beta != 0) {
            total += beta * logzs * logzs;
            if (d) {
                const double g = w * 2 * beta * logzs / est;   // times inv_k exp(z - mx)
                for (int k = 0; k < K; ++k) d[k] += (S)(g * (double)inv[k] * std::exp((double)r[k] - mx));
            }
        }
        cesum += logzs - (double)r[y[p]];
        ++n;
    }
    *ce = cesum;
    *count = n;
    return total;
}

// ---- the other two objectives (--sampled-objective=softmax|nce) -------------------------------
//
// Both take the same sample and the same per-position target slots and return the same
// cross-entropy estimate as self_norm_loss; both accept the same optional beta (log Zs)^2 term
// (its gradient as above). Which objective a training run uses: SampledObjective.
enum SampledObjective { KALDI = 0, SOFTMAX = 1, NCE = 2 };

// Sampled softmax with the inclusion-probability correction (Jean et al. 2015; Bengio & Senecal's
// importance sampling, here without replacement). Per position p, target slot y:
//
//   a_k  = z[p, k] + log inv_k                      (= z - log pi; the step's targets have pi = 1:
//                                                    the sampler always includes every target)
//   L_p  = -a_y + log sum_k exp(a_k) = log Zs_p - z[p, y]      (+ beta (log Zs_p)^2)
//   dz[p, k] = w ((1 + 2 beta log Zs_p) softmax(a)_k - [k == y])
//
// The cross-entropy over the sample S with corrected logits; sum_k exp(a_k) = Zs, the same
// importance-weighted estimate of Z as the penalty above, so L_p is exactly the step's
// cross-entropy estimate (log Zs is a low-biased estimate of log Z, Jensen). Adding a constant to
// every logit leaves L_p (beta = 0) unchanged: the objective alone does not self-normalize; the
// beta term is what pins log Z.
template <typename S>
double sampled_softmax_loss(const S* z, int N, int K, const int* y, const S* inv, double w, S* dz, double* ce,
                            long* count, double beta = 0) {
    double total = 0, cesum = 0;
    long n = 0;
    for (int p = 0; p < N; ++p) {
        const S* r = z + (long)p * K;
        S* d = dz ? dz + (long)p * K : nullptr;
        if (y[p] < 0) {
            if (d) for (int k = 0; k < K; ++k) d[k] = S(0);
            continue;
        }
        double mx = r[0];
        for (int k = 1; k < K; ++k) mx = std::fmax(mx, (double)r[k]);
        double est = 0;
        for (int k = 0; k < K; ++k) {   // e_k = inv_k exp(z - mx), kept in dz until scaled
            const double e = (double)inv[k] * std::exp((double)r[k] - mx);
            est += e;
            if (d) d[k] = (S)e;
        }
        const double logzs = mx + std::log(est);
        total += logzs - ((double)r[y[p]] + std::log((double)inv[y[p]])) + beta * logzs * logzs;
        cesum += logzs - (double)r[y[p]];
        if (d) {
            const double g = w * (1 + 2 * beta * logzs) / est;
            for (int k = 0; k < K; ++k) d[k] = (S)(g * (double)d[k]);
            d[y[p]] -= (S)w;
        }
        ++n;
    }
    *ce = cesum;
    *count = n;
    return total;
}

// Noise-contrastive estimation (Gutmann & Hyvarinen 2010; Mnih & Teh 2012) with the model's raw
// logit as its unnormalized log-score (no learned normalizer: the optimum is self-normalized).
//
// Noise: a measure lambda over words with sum_w lambda_w = K, lambda_w = the expected number of
// times w is among the K noise words of one data word (lambda_w = K q(w) for K i.i.d. draws from a
// distribution q; here lambda_w = min(1, c p(w)) of the unigram proposal, fixed for the run,
// OutputSampler.noise). The classifier "data, not noise" for word w in context h is
// sigma(D_w), D_w = z_w - log lambda_w (= log exp(z_w) / (K q(w)), the usual NCE logit). Per data
// word y the NCE loss is -log sigma(D_y) plus, for each of the K noise words n_j,
// -log(1 - sigma(D_{n_j})); its expectation over the noise is, by linearity (with or without
// replacement alike),
//
//   L(h, y) = softplus(-D_y) + sum_{all w} lambda_w softplus(D_w)        (softplus(x) = log(1 + e^x))
//
// Optimum, per context: d/dz_w E_y[L] = -P(w|h) sigma(-D_w) + lambda_w sigma(D_w) = 0
// <=> exp(D_w) = P(w|h) / lambda_w <=> exp(z_w) = P(w|h): self-normalized, for any lambda > 0.
//
// The sum over all words from the step's shared sample S (one draw for all positions): the
// step's targets are in S for sure (their terms exact), the other words with inclusion
// probability pi_w, so with nu_k = lambda_k inv_k
//
//   L_p = softplus(-D_y) + sum_k nu_k softplus(D_k)        (+ beta (log Zs_p)^2)
//   dz[p, k] = w (nu_k sigma(D_k) - [k == y] sigma(-D_y))
//
// is an unbiased estimate of L(h_p, y_p) for every position (the positions' estimates are
// correlated through the shared S, which costs variance, not bias). Unlike K i.i.d. noise
// words per position, the K draws are without replacement and shared; the target's own noise
// term (w = y in the sum) is kept, as the expectation requires. lam[k] = lambda of word s_k.
template <typename S>
double nce_loss(const S* z, int N, int K, const int* y, const S* inv, const S* lam, double w, S* dz, double* ce,
                long* count, double beta = 0) {
    // softplus(D) = max(D, 0) + log1p(e), sigmoid(D) = (D >= 0 ? 1 : e) / (1 + e), e = exp(-|D|): one exp
    std::vector<double> loglam(K);
    for (int k = 0; k < K; ++k) loglam[k] = std::log((double)lam[k]);
    double total = 0, cesum = 0;
    long n = 0;
    for (int p = 0; p < N; ++p) {
        const S* r = z + (long)p * K;
        S* d = dz ? dz + (long)p * K : nullptr;
        if (y[p] < 0) {
            if (d) for (int k = 0; k < K; ++k) d[k] = S(0);
            continue;
        }
        double mx = r[0];
        for (int k = 1; k < K; ++k) mx = std::fmax(mx, (double)r[k]);
        double est = 0, noise = 0;
        for (int k = 0; k < K; ++k) {
            const double D = (double)r[k] - loglam[k], nu = (double)lam[k] * (double)inv[k];
            const double e = std::exp(-std::fabs(D));
            noise += nu * (std::fmax(D, 0.0) + std::log1p(e));
            est += (double)inv[k] * std::exp((double)r[k] - mx);
            if (d) d[k] = (S)(w * nu * (D >= 0 ? 1 : e) / (1 + e));
        }
        const double Dy = (double)r[y[p]] - loglam[y[p]], ey = std::exp(-std::fabs(Dy));
        const double logzs = mx + std::log(est);
        total += (std::fmax(-Dy, 0.0) + std::log1p(ey)) + noise;      // softplus(-D_y) + noise terms
        if (d) d[y[p]] -= (S)(w * (Dy >= 0 ? ey : 1) / (1 + ey));       // sigmoid(-D_y)
        if (beta != 0) {
            total += beta * logzs * logzs;
            if (d) {
                const double g = w * 2 * beta * logzs / est;
                for (int k = 0; k < K; ++k) d[k] += (S)(g * (double)inv[k] * std::exp((double)r[k] - mx));
            }
        }
        cesum += logzs - (double)r[y[p]];
        ++n;
    }
    *ce = cesum;
    *count = n;
    return total;
}

// Backward of sampled_logits: db[s_k] += sum_p dz; dW[s_k] += dz^T Hd^T rows (dWs: K x H scratch);
// dHd (H x N, ld ldh) = Ws^T dz^T (overwritten).
template <typename S>
void sampled_backward(const S* dz, int N, int K, const S* Hd, int ldh, int H, const S* Ws, const int* s, S* dWs,
                      S* gW, S* gb, S* dHd) {
    for (int p = 0; p < N; ++p)
        for (int k = 0; k < K; ++k) gb[s[k]] += dz[(long)p * K + k];
    gemm<S>(true, true, K, H, N, S(1), dz, K, Hd, ldh, S(0), dWs, H);
    for (int k = 0; k < K; ++k) {
        S* r = gW + (long)s[k] * H;
        for (int j = 0; j < H; ++j) r[j] += dWs[(long)k * H + j];
    }
    gemm<S>(true, true, H, N, K, S(1), Ws, H, dz, K, S(0), dHd, ldh);
}

// ---- plain references (double) -------------------------------------------------------------

template <typename S>
void sampled_logits_ref(const S* Hd, int ldh, int N, int H, const S* W, const S* bias, const int* s, int K, S* z) {
    for (int p = 0; p < N; ++p)
        for (int k = 0; k < K; ++k) {
            double a = bias[s[k]];
            for (int j = 0; j < H; ++j) a += (double)Hd[(long)j * ldh + p] * W[(long)s[k] * H + j];
            z[(long)p * K + k] = (S)a;
        }
}

template <typename S>
double self_norm_loss_ref(const S* z, int N, int K, const int* y, const S* inv, double beta = 0) {
    double total = 0;
    for (int p = 0; p < N; ++p) {
        if (y[p] < 0) continue;
        double sum = 0, zs = 0;
        for (int k = 0; k < K; ++k) {
            double l = z[(long)p * K + k];
            sum += inv[k] * (l < 0 ? std::exp(l) : 1 + l);
            zs += inv[k] * std::exp(l);
        }
        total += -(double)z[(long)p * K + y[p]] - 1 + sum + beta * std::log(zs) * std::log(zs);
    }
    return total;
}

// Sampled softmax, plainly: -(z_y - log pi_y) + log sum_k exp(z_k - log pi_k) + beta (log Zs)^2.
template <typename S>
double sampled_softmax_loss_ref(const S* z, int N, int K, const int* y, const S* inv, double beta = 0) {
    double total = 0;
    for (int p = 0; p < N; ++p) {
        if (y[p] < 0) continue;
        double zs = 0;
        for (int k = 0; k < K; ++k) zs += std::exp((double)z[(long)p * K + k] - std::log(1 / (double)inv[k]));
        total += -((double)z[(long)p * K + y[p]] - std::log(1 / (double)inv[y[p]])) + std::log(zs) + beta * std::log(zs) * std::log(zs);
    }
    return total;
}

// NCE, plainly: -log sigma(D_y) - sum_k lambda_k inv_k log(1 - sigma(D_k)) + beta (log Zs)^2.
template <typename S>
double nce_loss_ref(const S* z, int N, int K, const int* y, const S* inv, const S* lam, double beta = 0) {
    double total = 0;
    for (int p = 0; p < N; ++p) {
        if (y[p] < 0) continue;
        double zs = 0, l = 0;
        for (int k = 0; k < K; ++k) {
            double D = (double)z[(long)p * K + k] - std::log((double)lam[k]);
            l -= (double)lam[k] * inv[k] * std::log(1 - 1 / (1 + std::exp(-D)));
            zs += inv[k] * std::exp((double)z[(long)p * K + k]);
        }
        double Dy = (double)z[(long)p * K + y[p]] - std::log((double)lam[y[p]]);
        total += l - std::log(1 / (1 + std::exp(-Dy))) + beta * std::log(zs) * std::log(zs);
    }
    return total;
}

}  // namespace moglm
