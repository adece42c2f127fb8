// The Mogrifier LSTM language model over B sequences x T steps: forward, loss, backward.
//
// Data layout. Activations are feature-major: an [F x N] row-major matrix (N = T*B, column
// p = t*B + b, leading dimension N) holds feature j of position p at [j*N + p]. One time step is
// the column block starting at t*B (same leading dimension), so every per-step product is a GEMM
// "weights x inputs" on a pointer offset. Logits are position-major [N x V] (row p) for the
// softmax. Parameters are one flat vector laid out by Layout (layout.h).
//
// Per layer l (input X_l: m x N), for t = 0..T-1:
//   hp_t = h_{t-1} (*) stateMask_l                      (h_{-1}, c_{-1}: the carried-in state)
//   x^{-1} = X_l[:, t], h^0 = hp_t;  r mogrifier rounds (mogrify.h)
//   G_t  = W [x_final; h_final] + bias  (one GEMM; for r = 0 the W_x X part of all T steps is one
//          GEMM before the time loop), then the LSTM cell (lstm_cell.h) gives c_t, h_t.
// Layer 0 reads X_0 = embed[w] (*) embedMask, layer l+1 reads X_{l+1} = h_l (*) betweenMask_l and
// the output layer reads h_top (*) outMask: logits = h W_out^T + b_out (one GEMM for all N).
// The state after the last step is written back (truncated BPTT carries it into the next call).
//
// Factored matrices (ops/factored_linear.h, ops/factored_embedding.h). With lstm rank kl > 0,
// W = left * right and the gate product goes through z = right [x; h] (kl x N, kept per layer):
// G_t = left z_t + bias. For r = 0 the x columns of right multiply all T steps' inputs at once
// (z = right_x X, one GEMM before the time loop), each step adds right_h hp_t to z_t, then
// G_t += left z_t. With embed rank ke > 0, layer 0 reads x_p = right^T left[w_p] (a lookup in the
// V x ke table, then one ke -> E GEMM for all positions) and the output layer computes
// logits^T = left (right Hd) + b: an H -> ke GEMM, then the V x ke product (tied: the embedding's
// factors; untied: out.left, out.right of the same rank ke).
//
// Hidden outputs. h_l (Hout of layer l, before any dropout) stays in the workspace until the next
// forward; a caller may attach an extra gradient dLoss/dh_l per layer (ws.hgrad, e.g. from a
// mean-squared-error term pulling h_l towards a teacher's), which backward adds to the gradient
// arriving at h_l from above before running the layer's time loop. Without one, nothing changes.
//
// Backward runs the same graph in reverse. Gradients w.r.t. activations flow step by step;
// gradients w.r.t. weights are accumulated with one GEMM per matrix over all N positions after
// each layer's time loop, from the per-step gate / round gradients kept in the workspace.
//
// The Workspace holds every activation of one call and is separate from the parameters, so a
// caller with its own Workspace (step()) can run concurrently with other such callers.
#pragma once
#include <algorithm>
#include <cstring>
#include <vector>

#include "layout.h"
#include "ops/bias.h"
#include "ops/blas.h"
#include "ops/dropout.h"
#include "ops/embedding.h"
#include "ops/factored_embedding.h"
#include "ops/factored_linear.h"
#include "ops/kd_loss.h"
#include "ops/log_softmax_xent.h"
#include "ops/lstm_cell.h"
#include "ops/mogrify.h"
#include "ops/sampled_output.h"
#include "sparse_weights.h"

namespace moglm {

template <typename S>
inline S* need(std::vector<S>& v, long n) {
    if ((long)v.size() < n) v.resize(n);
    return v.data();
}

// Pointers to one layer's weights (or gradient accumulators) inside a flat vector.
template <typename S>
struct LayerWeights {
    S* W = nullptr;      // 4H x (m + H)      (kl = 0)
    S* Lf = nullptr;     // 4H x kl           (kl > 0: W = Lf Rf)
    S* Rf = nullptr;     // kl x (m + H)
    S* b = nullptr;      // 4H
    std::vector<MogRound<S>> rounds;       // index i-1 (const view for the forward)
    std::vector<MogRoundGrad<S>> grads;    // same, writable
};

template <typename S>
LayerWeights<S> layer_weights(const Config& c, const Layout& lay, S* P, int l) {
    LayerWeights<S> w;
    const auto& li = lay.layers[l];
    if (c.kl == 0) {
        w.W = P + lay[li.lstm_w].offset;
    } else {
        w.Lf = P + lay[li.lstm_l].offset;
        w.Rf = P + lay[li.lstm_r].offset;
    }
    w.b = P + lay[li.lstm_b].offset;
    for (int i = 1; i <= c.r; ++i) {
        MogRound<S> q;
        MogRoundGrad<S> g;
        q.rows = c.round_rows(l, i);
        q.cols = c.round_cols(l, i);
        q.rank = c.k;
        if (c.k == 0) {
            g.W = P + lay[li.mog_w[i - 1]].offset;
            q.W = g.W;
        } else {
            g.L = P + lay[li.mog_l[i - 1]].offset;
            g.R = P + lay[li.mog_r[i - 1]].offset;
            q.L = g.L;
            q.R = g.R;
        }
        g.b = P + lay[li.mog_b[i - 1]].offset;
        q.b = g.b;
        w.rounds.push_back(q);
        w.grads.push_back(g);
    }
    return w;
}

// The LSTM matrix of a factored layer as a map of its [x; h] input (part 0), of x only (part 1),
// or of h only (part 2): column blocks of right (ld m + H).
template <typename S>
Factored<S> lstm_factored(const Config& c, int l, const LayerWeights<S>& w, int part) {
    const int m = c.input_size(l), H = c.H;
    Factored<S> f;
    f.rows = 4 * H;
    f.rank = c.kl;
    f.L = w.Lf;
    f.ldr = m + H;
    f.cols = part == 0 ? m + H : part == 1 ? m : H;
    f.R = part == 2 ? w.Rf + m : w.Rf;
    return f;
}

// The factored output matrix (V x H = left right; the embedding's factors when tied).
template <typename S>
Factored<S> output_factored(const Config& c, const Layout& lay, const S* P) {
    Factored<S> f;
    f.rows = c.V;
    f.cols = c.H;
    f.rank = c.ke;
    f.L = P + lay[lay.outl()].offset;
    f.R = P + lay[lay.outr()].offset;
    f.ldr = c.H;
    return f;
}

// Activations of one layer for one call.
template <typename S>
struct LayerBuffers {
    std::vector<S> Xin, XH, HPown, G, C, TC, Hout, h0, c0, Z;
    std::vector<std::vector<S>> out, sig, z;

    // Pointers into the buffers for a call with N = T*B positions (see model.h header).
    struct Ptr {
        S *Xin, *XH, *HP, *G, *C, *TC, *Hout, *h0, *c0;
        S* Z = nullptr;                // kl > 0: right [x; h], kl x N
        std::vector<S*> out, sig, z;   // index i-1 for round i
        S* x_of(int i) const { return i < 0 ? Xin : out[i - 1]; }   // x^{-1} = input
        S* h_of(int i) const { return i == 0 ? HP : out[i - 1]; }    // h^0 = hp
        // the stream value a round multiplies (prev) and the one it reads (in)
        S* prev(int i) const { return (i % 2 == 1) ? x_of(i - 2) : h_of(i - 2); }
        S* in(int i) const { return (i % 2 == 1) ? h_of(i - 1) : x_of(i - 1); }
    };

    Ptr ensure(const Config& c, int l, int T, int B) {
        long N = (long)T * B;
        int m = c.input_size(l), H = c.H, r = c.r;
        Ptr p;
        p.Xin = need(Xin, m * N);
        p.XH = need(XH, (m + H) * N);
        // the last round of each stream writes straight into XH (the LSTM GEMM's input)
        int last_odd = r >= 1 ? (r % 2 == 1 ? r : r - 1) : 0;
        int last_even = r >= 2 ? (r % 2 == 0 ? r : r - 1) : 0;
        p.HP = last_even > 0 ? need(HPown, H * N) : p.XH + m * N;
        p.G = need(G, 4 * H * N);
        p.C = need(C, H * N);
        p.TC = need(TC, H * N);
        p.Hout = need(Hout, H * N);
        p.h0 = need(h0, (long)H * B);
        p.c0 = need(c0, (long)H * B);
        if (c.kl > 0) p.Z = need(Z, (long)c.kl * N);
        out.resize(r);
        sig.resize(r);
        z.resize(r);
        for (int i = 1; i <= r; ++i) {
            long rows = c.round_rows(l, i);
            if (i == last_odd) p.out.push_back(p.XH);
            else if (i == last_even) p.out.push_back(p.XH + m * N);
            else p.out.push_back(need(out[i - 1], rows * N));
            p.sig.push_back(need(sig[i - 1], rows * N));
            p.z.push_back(c.k > 0 ? need(z[i - 1], (long)c.k * N) : nullptr);
        }
        return p;
    }
};

// Dropout masks of one call, converted to S, [F x B] each; empty vector = no dropout there.
template <typename S>
struct DropoutMasks {
    std::vector<S> embed, out;
    std::vector<std::vector<S>> state, between;   // L and L-1 entries
    const S* get(const std::vector<S>& v) const { return v.empty() ? nullptr : v.data(); }
    const S* state_mask(int l) const { return l < (int)state.size() ? get(state[l]) : nullptr; }
    const S* between_mask(int l) const { return l < (int)between.size() ? get(between[l]) : nullptr; }
};

template <typename S>
struct Workspace {
    int T = 0, B = 0;
    bool train = false;
    std::vector<LayerBuffers<S>> layers;
    std::vector<int> words;
    DropoutMasks<S> drop;
    std::vector<S> Hd, logits, lse, dlogits;
    std::vector<S> Zemb, Zout;   // ke > 0: left[w] of the input, right Hd of the output (ke x N)
    // Extra gradients dLoss/dh_l of the layers' outputs (hidden distillation), position-major
    // [N x H] (row p = t*B + b); hgrad_on[l] = 0: none for layer l. Cleared by every forward.
    std::vector<std::vector<S>> hgrad;
    std::vector<char> hgrad_on;
    // backward scratch (shared by the layers, processed one at a time)
    std::vector<S> dG, dXin, dHout, dXH, dh, dhrec, dc, dZl, dZe;
    std::vector<std::vector<S>> dPre, dZ;
    // Sampled output (ops/sampled_output.h): while `sample` is non-empty the forward computes the
    // logits of these K words only (N x K), loss() is the self-normalizing objective and backward
    // touches only their output rows. slot_of[w] = index of w in sample, else -1 (V entries,
    // allocated on first use; only the sample's entries are ever set).
    std::vector<int> sample, slot_of, yslot;
    std::vector<S> sample_inv, Ws, dWs;
    double logz_penalty = 0;   // beta of the sampled objective's explicit (log Z)^2 term (0 = Kaldi's objective alone)
    int objective = KALDI;     // the sampled objective (SampledObjective: KALDI, SOFTMAX, NCE)
    std::vector<S> sample_noise;   // NCE: the noise measure lambda of each sample word (set with the sample)
    bool sampled() const { return !sample.empty(); }
    int width(int V) const { return sampled() ? (int)sample.size() : V; }
};

template <typename S>
struct Model {
    Config cfg;
    Layout lay;

    // Forward over T steps of B sequences from `state` ([L][h|c][H][B]), left updated in place.
    // P: effective parameters. ws.drop must hold this call's masks (or be empty). sp (inference
    // only, may be null): CSR snapshots that replace the dense products (sparse_weights.h).
    // output = false stops after the recurrent layers (no logits: inference that scores words
    // one dot product at a time, see LMImpl::output_logits).
    void forward(const S* P, Workspace<S>& ws, const int* words, int T, int B, S* state, bool train,
                 const SparseWeights<S>* sp = nullptr, bool output = true) const {
        const Config& c = cfg;
        const int H = c.H, N = T * B;
        ws.T = T;
        ws.B = B;
        ws.train = train;
        ws.words.assign(words, words + N);
        ws.layers.resize(c.L);
        ws.hgrad.resize(c.L);
        ws.hgrad_on.assign(c.L, 0);
        S* Pm = const_cast<S*>(P);   // read-only below; views share the writable type with grads

        // layer 0 input: embedding (then embedding dropout)
        auto p0 = ws.layers[0].ensure(c, 0, T, B);
        if (c.ke == 0)
            embedding_forward(P + lay[lay.embed].offset, c.E, words, N, p0.Xin, N);
        else
            factored_embedding_forward(P + lay[lay.embed_l].offset, P + lay[lay.embed_r].offset, c.ke, c.E, words, N,
                                       need(ws.Zemb, (long)c.ke * N), N, p0.Xin, N);
        if (!ws.drop.embed.empty()) dropout_apply(p0.Xin, N, ws.drop.embed.data(), c.E, T, B, p0.Xin, N);

        for (int l = 0; l < c.L; ++l) {
            const int m = c.input_size(l);
            auto p = ws.layers[l].ensure(c, l, T, B);
            auto w = layer_weights(c, lay, Pm, l);
            const int lw = lay.layers[l].lstm_w;
            const Csr<S>* csr_x = sp ? sp->use(lw, 0, N) : nullptr;   // r = 0: x block, all positions
            const Csr<S>* csr_step = sp ? sp->use(lw, c.r == 0 ? 1 : 0, B) : nullptr;   // per step
            if (sp)
                for (int i = 1; i <= c.r; ++i) w.rounds[i - 1].csr = c.k == 0 ? sp->use(lay.layers[l].mog_w[i - 1], 0, B) : nullptr;
            if (l > 0) {
                auto below = ws.layers[l - 1].ensure(c, l - 1, T, B);
                dropout_apply(below.Hout, N, ws.drop.between_mask(l - 1), H, T, B, p.Xin, N);
            }
            S* st_h = state + (long)(2 * l) * H * B;
            S* st_c = state + (long)(2 * l + 1) * H * B;
            std::memcpy(p.h0, st_h, sizeof(S) * H * B);
            std::memcpy(p.c0, st_c, sizeof(S) * H * B);
            const S* smask = ws.drop.state_mask(l);

            if (c.r == 0) {   // input half of the gates for all steps at once
                bias_fill(w.b, 4 * H, N, p.G, N);
                if (c.kl > 0) factored_z(lstm_factored(c, l, w, 1), N, p.Xin, N, S(0), p.Z, N);
                else if (csr_x) csr_matmul<S>(*csr_x, N, p.Xin, N, S(1), p.G, N);
                else gemm<S>(false, false, 4 * H, N, m, S(1), w.W, m + H, p.Xin, N, S(1), p.G, N);
            }
            for (int t = 0; t < T; ++t) {
                const long col = (long)t * B;
                const S* hprev = t == 0 ? p.h0 : p.Hout + col - B;
                const S* cprev = t == 0 ? p.c0 : p.C + col - B;
                const int ldprev = t == 0 ? B : N;
                dropout_step(hprev, ldprev, smask, H, B, p.HP + col, N, false);
                for (int i = 1; i <= c.r; ++i)
                    mog_round_forward(w.rounds[i - 1], B, p.in(i) + col, N, p.prev(i) + col, N,
                                      p.z[i - 1] ? p.z[i - 1] + col : nullptr, N, p.sig[i - 1] + col, N,
                                      p.out[i - 1] + col, N);
                S* Gt = p.G + col;
                if (c.kl > 0) {   // z_t (+)= right [x; h]_t, G_t (+)= left z_t
                    if (c.r == 0) {
                        factored_z(lstm_factored(c, l, w, 2), B, p.HP + col, N, S(1), p.Z + col, N);
                    } else {
                        bias_fill(w.b, 4 * H, B, Gt, N);
                        factored_z(lstm_factored(c, l, w, 0), B, p.XH + col, N, S(0), p.Z + col, N);
                    }
                    factored_y(lstm_factored(c, l, w, 0), B, p.Z + col, N, S(1), Gt, N);
                } else if (c.r == 0) {
                    if (csr_step) csr_matmul<S>(*csr_step, B, p.HP + col, N, S(1), Gt, N);
                    else gemm<S>(false, false, 4 * H, B, H, S(1), w.W + m, m + H, p.HP + col, N, S(1), Gt, N);
                } else {
                    bias_fill(w.b, 4 * H, B, Gt, N);
                    if (csr_step) csr_matmul<S>(*csr_step, B, p.XH + col, N, S(1), Gt, N);
                    else gemm<S>(false, false, 4 * H, B, m + H, S(1), w.W, m + H, p.XH + col, N, S(1), Gt, N);
                }
                lstm_cell_forward(H, B, Gt, N, cprev, ldprev, p.C + col, N, p.TC + col, N, p.Hout + col, N);
            }
            for (int j = 0; j < H; ++j) {   // carry the final state out
                std::memcpy(st_h + (long)j * B, p.Hout + (long)j * N + (long)(T - 1) * B, sizeof(S) * B);
                std::memcpy(st_c + (long)j * B, p.C + (long)j * N + (long)(T - 1) * B, sizeof(S) * B);
            }
        }

        if (!output) return;
        // output layer: logits [N x V] = Hd^T W_out^T + b_out, Hd = h_top (*) outMask ([H x N])
        auto top = ws.layers[c.L - 1].ensure(c, c.L - 1, T, B);
        const S* Hd = top.Hout;
        if (!ws.drop.out.empty()) {
            S* buf = need(ws.Hd, (long)H * N);
            dropout_apply(top.Hout, N, ws.drop.out.data(), H, T, B, buf, N);
            Hd = buf;
        }
        const int V = c.V;
        if (ws.sampled()) {   // logits of the sampled words only: gather their rows, one GEMM
            const int K = (int)ws.sample.size();
            S* Ws = need(ws.Ws, (long)K * H);
            sampled_gather(P + lay[lay.outw()].offset, H, ws.sample.data(), K, Ws);
            sampled_logits(Hd, N, N, H, Ws, P + lay[lay.out_b].offset, ws.sample.data(), K, need(ws.logits, (long)N * K));
            return;
        }
        S* logits = need(ws.logits, (long)N * V);
        const Csr<S>* csr_out = sp && lay.outw() >= 0 ? sp->use(lay.outw(), 0, N) : nullptr;
        if (c.ke > 0)
            factored_forward(output_factored(c, lay, P), N, Hd, N, need(ws.Zout, (long)c.ke * N), N, S(0), logits, V, true);
        else if (csr_out) csr_matmul<S>(*csr_out, N, Hd, N, S(0), logits, V, true);   // logits^T = W_out Hd
        else gemm<S>(true, true, N, V, H, S(1), Hd, N, P + lay[lay.outw()].offset, H, S(0), logits, V);
        row_bias_logsumexp(logits, P + lay[lay.out_b].offset, N, V, need(ws.lse, N));
    }

    // Loss of the last forward (see MogrifierLM.loss); fills ws.dlogits when the forward trained.
    // teacher may be null when kdW == 0. out: {loss, crossEntropy, count}.
    void loss(Workspace<S>& ws, const int* targets, double ceW, const S* teacher, double kdW, double temp,
              double* out) const {
        const int N = ws.T * ws.B, V = cfg.V;
        if (ws.sampled()) {   // targets are in the sample (checked by lm_loss); slots y
            const int K = (int)ws.sample.size();
            S* dz = ws.train ? need(ws.dlogits, (long)N * K) : nullptr;
            int* y = need(ws.yslot, N);
            for (int p = 0; p < N; ++p) y[p] = targets[p] < 0 ? -1 : ws.slot_of[targets[p]];
            double ce = 0;
            long count = 0;
            const S* inv = ws.sample_inv.data();
            double obj = ws.objective == SOFTMAX
                             ? sampled_softmax_loss(ws.logits.data(), N, K, y, inv, ceW, dz, &ce, &count, ws.logz_penalty)
                         : ws.objective == NCE
                             ? nce_loss(ws.logits.data(), N, K, y, inv, ws.sample_noise.data(), ceW, dz, &ce, &count, ws.logz_penalty)
                             : self_norm_loss(ws.logits.data(), N, K, y, inv, ceW, dz, &ce, &count, ws.logz_penalty);
            double kl = 0;   // distillation over the sampled words (a softmax over S on both sides)
            if (kdW != 0) kl = kd_forward_backward(ws.logits.data(), teacher, targets, N, K, temp, kdW, dz);
            out[0] = ceW * obj + kdW * temp * temp * kl;
            out[1] = ce;
            out[2] = (double)count;
            return;
        }
        S* dz = ws.train ? need(ws.dlogits, (long)N * V) : nullptr;
        long count = 0;
        double ce = xent_forward_backward(ws.logits.data(), ws.lse.data(), targets, N, V, ceW, dz, &count);
        double kl = 0;
        if (kdW != 0) kl = kd_forward_backward(ws.logits.data(), teacher, targets, N, V, temp, kdW, dz);
        out[0] = ceW * ce + kdW * temp * temp * kl;
        out[1] = ce;
        out[2] = (double)count;
    }

    // Accumulates dLoss/dP (for the loss whose dlogits are in ws) into grad; P: effective params.
    // dstate (nullable) receives dLoss/d(initial state), layout as the state.
    void backward(const S* P, S* grad, Workspace<S>& ws, S* dstate) const {
        const Config& c = cfg;
        const int T = ws.T, B = ws.B, N = T * B, H = c.H, V = c.V;
        const int maxm = std::max(c.E, c.H);
        S* Pm = const_cast<S*>(P);

        // output layer
        const S* dz = ws.dlogits.data();
        S* gbout = grad + lay[lay.out_b].offset;
        if (!ws.sampled())
            for (int q = 0; q < N; ++q) {
                const S* d = dz + (long)q * V;
                for (int v = 0; v < V; ++v) gbout[v] += d[v];
            }
        auto top = ws.layers[c.L - 1].ensure(c, c.L - 1, T, B);
        const S* om = ws.drop.get(ws.drop.out);
        const S* Hd = om ? ws.Hd.data() : top.Hout;
        S* dHout = need(ws.dHout, (long)H * N);
        S* dXin = need(ws.dXin, (long)maxm * N);
        if (ws.sampled()) {
            sampled_backward(dz, N, (int)ws.sample.size(), Hd, N, H, ws.Ws.data(), ws.sample.data(),
                             need(ws.dWs, (long)ws.sample.size() * H), grad + lay[lay.outw()].offset, gbout, dHout);
        } else if (c.ke > 0) {   // logits^T = left zo + b, zo = right Hd
            Factored<S> fo = output_factored(c, lay, P);
            S* dZo = need(ws.dZe, (long)c.ke * N);
            factored_grad_L(fo, grad + lay[lay.outl()].offset, N, dz, V, ws.Zout.data(), N, true);
            factored_dz(fo, N, dz, V, dZo, N, true);
            factored_grad_R(fo, grad + lay[lay.outr()].offset, N, dZo, N, Hd, N);
            factored_dx(fo, N, dZo, N, S(0), dHout, N);
        } else {
            const S* Wout = P + lay[lay.outw()].offset;
            gemm<S>(true, true, V, H, N, S(1), dz, V, Hd, N, S(1), grad + lay[lay.outw()].offset, H);
            gemm<S>(true, true, H, N, V, S(1), Wout, H, dz, V, S(0), dHout, N);
        }
        if (om) dropout_apply(dHout, N, om, H, T, B, dHout, N);

        S* dG = need(ws.dG, 4L * H * N);
        S* dXH = need(ws.dXH, (long)(maxm + H) * B);
        S* dh = need(ws.dh, (long)H * B);
        S* dhrec = need(ws.dhrec, (long)H * B);
        S* dc = need(ws.dc, (long)H * B);
        S* dZl = c.kl > 0 ? need(ws.dZl, (long)c.kl * N) : nullptr;
        ws.dPre.resize(c.r);
        ws.dZ.resize(c.r);

        for (int l = c.L - 1; l >= 0; --l) {
            const int m = c.input_size(l);
            auto p = ws.layers[l].ensure(c, l, T, B);
            auto w = layer_weights(c, lay, Pm, l);
            auto g = layer_weights(c, lay, grad, l);
            if (l < (int)ws.hgrad_on.size() && ws.hgrad_on[l]) {   // dLoss/dh_l from a loss on h_l itself
                const S* e = ws.hgrad[l].data();
                for (int q = 0; q < N; ++q)
                    for (int j = 0; j < H; ++j) dHout[(long)j * N + q] += e[(long)q * H + j];
            }
            std::vector<S*> dPre(c.r), dZ(c.r, nullptr);
            for (int i = 1; i <= c.r; ++i) {
                dPre[i - 1] = need(ws.dPre[i - 1], (long)maxm * N);
                if (c.k > 0) dZ[i - 1] = need(ws.dZ[i - 1], (long)c.k * N);
            }
            const S* smask = ws.drop.state_mask(l);
            std::fill(dhrec, dhrec + (long)H * B, S(0));
            std::fill(dc, dc + (long)H * B, S(0));
            S* dx = dXH;                   // m x B
            S* dhp = dXH + (long)m * B;    // H x B

            for (int t = T - 1; t >= 0; --t) {
                const long col = (long)t * B;
                const S* cprev = t == 0 ? p.c0 : p.C + col - B;
                const int ldprev = t == 0 ? B : N;
                for (int j = 0; j < H; ++j)
                    for (int b = 0; b < B; ++b)
                        dh[(long)j * B + b] = dHout[(long)j * N + col + b] + dhrec[(long)j * B + b];
                lstm_cell_backward(H, B, p.G + col, N, cprev, ldprev, p.TC + col, N, dh, B, dc, B, dG + col, N);
                if (c.kl > 0) {   // dz_t = left^T dG_t, then d[x; h] (or dh only for r = 0) = right^T dz_t
                    factored_dz(lstm_factored(c, l, w, 0), B, dG + col, N, dZl + col, N);
                    if (c.r == 0) factored_dx(lstm_factored(c, l, w, 2), B, dZl + col, N, S(0), dhp, B);
                    else factored_dx(lstm_factored(c, l, w, 0), B, dZl + col, N, S(0), dXH, B);
                } else if (c.r == 0) {
                    gemm<S>(true, false, H, B, 4 * H, S(1), w.W + m, m + H, dG + col, N, S(0), dhp, B);
                } else {
                    gemm<S>(true, false, m + H, B, 4 * H, S(1), w.W, m + H, dG + col, N, S(0), dXH, B);
                }
                if (c.r > 0) {
                    for (int i = c.r; i >= 1; --i) {
                        bool odd = i % 2 == 1;
                        S* dout = odd ? dx : dhp;
                        S* din = odd ? dhp : dx;
                        mog_round_backward(w.rounds[i - 1], B, dout, B, p.prev(i) + col, N, p.sig[i - 1] + col, N,
                                           dPre[i - 1] + col, N, dZ[i - 1] ? dZ[i - 1] + col : nullptr, N, din, B);
                    }
                    for (int j = 0; j < m; ++j)
                        std::memcpy(dXin + (long)j * N + col, dx + (long)j * B, sizeof(S) * B);
                }
                dropout_step(dhp, B, smask, H, B, dhrec, B, false);   // dh_{t-1} from hp_t
            }
            if (dstate) {
                std::memcpy(dstate + (long)(2 * l) * H * B, dhrec, sizeof(S) * H * B);
                std::memcpy(dstate + (long)(2 * l + 1) * H * B, dc, sizeof(S) * H * B);
            }
            // weight gradients over all positions
            bias_backward(dG, N, 4 * H, N, g.b);
            if (c.kl > 0) {   // dleft += dG z^T; dright += dz [x; h]^T
                factored_grad_L(lstm_factored(c, l, w, 0), g.Lf, N, dG, N, p.Z, N);
                if (c.r == 0) {
                    factored_grad_R(lstm_factored(c, l, w, 1), g.Rf, N, dZl, N, p.Xin, N);
                    factored_grad_R(lstm_factored(c, l, w, 2), g.Rf + m, N, dZl, N, p.HP, N);
                    factored_dx(lstm_factored(c, l, w, 1), N, dZl, N, S(0), dXin, N);
                } else {
                    factored_grad_R(lstm_factored(c, l, w, 0), g.Rf, N, dZl, N, p.XH, N);
                }
            } else if (c.r == 0) {
                gemm<S>(false, true, 4 * H, m, N, S(1), dG, N, p.Xin, N, S(1), g.W, m + H);
                gemm<S>(false, true, 4 * H, H, N, S(1), dG, N, p.HP, N, S(1), g.W + m, m + H);
                gemm<S>(true, false, m, N, 4 * H, S(1), w.W, m + H, dG, N, S(0), dXin, N);
            } else {
                gemm<S>(false, true, 4 * H, m + H, N, S(1), dG, N, p.XH, N, S(1), g.W, m + H);
            }
            if (c.r > 0) {
                for (int i = 1; i <= c.r; ++i)
                    mog_round_weight_grads(w.rounds[i - 1], g.grads[i - 1], N, dPre[i - 1], p.in(i),
                                           p.z[i - 1], dZ[i - 1], N);
            }
            // gradient to the layer below (or the embedding)
            if (l > 0) {
                dropout_apply(dXin, N, ws.drop.between_mask(l - 1), H, T, B, dHout, N);
            } else {
                if (!ws.drop.embed.empty()) dropout_apply(dXin, N, ws.drop.embed.data(), c.E, T, B, dXin, N);
                if (c.ke == 0)
                    embedding_backward(grad + lay[lay.embed].offset, c.E, ws.words.data(), N, dXin, N);
                else
                    factored_embedding_backward(P + lay[lay.embed_r].offset, grad + lay[lay.embed_l].offset,
                                                grad + lay[lay.embed_r].offset, c.ke, c.E, ws.words.data(), N,
                                                ws.Zemb.data(), N, dXin, N, need(ws.dZe, (long)c.ke * N), N);
            }
        }
    }
};

}  // namespace moglm
