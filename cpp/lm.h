// A model instance: configuration, parameters, gradients, masks and the training workspace.
//
// Masks (ops/masked_weights.h): when any mask is set, `mask` holds the combined factor per
// parameter, `peff` = params (*) mask is refreshed at every forward (and by refresh()), all products
// run on peff, and backward accumulates into `gscratch` first, then grads += gscratch (*) mask.
// step() reads peff (or params) and its own Workspace only, so concurrent step() calls are safe
// as long as nothing else runs on the same model at the same time.
//
// Row restriction (sampled-output training with masks, lm_restrict_rows): a sampled step reads
// and writes only some rows of the vocabulary-sized tensors (embed, untied out.weight, out.bias):
// the input words' embedding rows and the sampled output rows. While a sorted list of vocabulary
// rows is set, every mask operation above (combine, peff refresh, apply, the gradient scratch)
// runs over those rows of the vocabulary tensors and over every other tensor in full, so its cost
// does not depend on V. Outside those rows mask, peff and gscratch are then stale (never read:
// lm_forward requires an output sample and every input and sampled word among the rows; the
// full-vocabulary entry points refuse to run). The element mask may be given for the restricted
// elements only (set_elem_mask_rows); lifting the restriction rebuilds masks and peff in full,
// and is refused while such a partial element mask is set. Once a model has been restricted its
// mask buffers are kept when the masks are cleared (no O(n) reallocation and page faults when a
// trainer sets masks, restricts and lifts at every step).
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

#include "model.h"
#include "ops/fixed_order.h"
#include "ops/vmath.h"
#include "ops/masked_weights.h"

namespace moglm {

template <typename S>
struct LMImpl {
    Model<S> model;
    std::vector<S> params, grads;
    // masks as set (float, 0/1), per tensor; empty = absent
    std::vector<float> elem;
    bool elem_on = false;        // elem holds a mask (its buffer may outlive it while restricted)
    bool elem_partial = false;   // elem is valid on the restricted elements only
    std::vector<std::vector<float>> rowm, colm;
    bool masked = false;
    // row restriction: sorted distinct vocabulary rows as runs [a, b); vocab[i]: tensor i has V rows
    bool restricted = false;
    bool keep_buffers = false;   // set by the first restriction: a trainer restricts again at every step
    std::vector<int> runs_a, runs_b;
    std::vector<char> vocab, in_rows;   // in_rows: V flags, allocated on first restriction
    std::vector<S> mask, peff, gscratch;
    Workspace<S> ws;
    bool have_forward = false, have_loss = false;
    SparseWeights<S> sparse;   // CSR snapshots for inference (sparse_weights.h); empty = none

    explicit LMImpl(const Config& c) {
        model.cfg = c;
        model.lay = Layout::build(c);
        params.assign(model.lay.total, S(0));
        rowm.resize(model.lay.tensors.size());
        colm.resize(model.lay.tensors.size());
        vocab.assign(model.lay.tensors.size(), 0);
        for (int i : {model.lay.embed, model.lay.out_w, model.lay.out_b})
            if (i >= 0) vocab[i] = 1;
    }

    // f(tensor, row0, row1) over the live row blocks: every tensor in full, or while restricted
    // the vocabulary tensors over the restricted runs only.
    template <class F>
    void each_block(F f) const {
        for (size_t i = 0; i < model.lay.tensors.size(); ++i) {
            const TensorInfo& t = model.lay.tensors[i];
            if (!restricted || !vocab[i]) {
                f((int)i, 0, t.rows);
                continue;
            }
            for (size_t r = 0; r < runs_a.size(); ++r) f((int)i, runs_a[r], runs_b[r]);
        }
    }

    // Number of elements the restriction covers (n() when unrestricted).
    long live_elements() const {
        long k = 0;
        each_block([&](int i, int a, int b) { k += (long)(b - a) * model.lay.tensors[i].cols; });
        return k;
    }

    // Sets (rows != null: sorted distinct, checked by the caller) or lifts the row restriction.
    void restrict_rows(const int* rows, long nrows) {
        if (in_rows.size() != (size_t)model.cfg.V) in_rows.assign(model.cfg.V, 0);
        for (size_t r = 0; r < runs_a.size(); ++r)
            for (int w = runs_a[r]; w < runs_b[r]; ++w) in_rows[w] = 0;
        runs_a.clear();
        runs_b.clear();
        if (!rows) {
            restricted = false;
            rebuild_masks();
            return;
        }
        for (long k = 0; k < nrows; ++k) {
            in_rows[rows[k]] = 1;
            if (!runs_b.empty() && runs_b.back() == rows[k]) runs_b.back() = rows[k] + 1;
            else {
                runs_a.push_back(rows[k]);
                runs_b.push_back(rows[k] + 1);
            }
        }
        restricted = true;
        keep_buffers = true;
        rebuild_masks();   // the new rows' mask and peff (the element mask is valid everywhere here)
    }

    bool row_live(int w) const { return !restricted || (w >= 0 && w < (int)in_rows.size() && in_rows[w]); }

    // elem over the restricted elements, packed in each_block order (len == live_elements()).
    void set_elem_rows(const float* v) {
        if (elem.size() != (size_t)n()) elem.assign(n(), 1.0f);
        long k = 0;
        each_block([&](int i, int a, int b) {
            const TensorInfo& t = model.lay.tensors[i];
            long from = t.offset + (long)a * t.cols, len = (long)(b - a) * t.cols;
            std::copy(v + k, v + k + len, elem.begin() + from);
            k += len;
        });
        elem_on = true;
        elem_partial = true;
        rebuild_masks();
    }

    void set_elem(const float* mask, long len) {
        if (mask) elem.assign(mask, mask + len);
        else if (!keep_buffers) std::vector<float>().swap(elem);
        elem_on = mask != nullptr;
        elem_partial = false;
        rebuild_masks();
    }

    void clear_all_masks() {
        elem_on = false;
        elem_partial = false;
        if (!keep_buffers) std::vector<float>().swap(elem);
        for (auto& v : rowm) std::vector<float>().swap(v);
        for (auto& v : colm) std::vector<float>().swap(v);
        rebuild_masks();
    }

    long n() const { return model.lay.total; }

    // Gradients are allocated on first use: a model loaded for inference never needs them
    // (at V = 200k, E = 128 that is 100 MB less).
    S* grad_buffer() {
        if ((long)grads.size() != n()) grads.assign(n(), S(0));
        return grads.data();
    }
    const S* effective() const { return masked ? peff.data() : params.data(); }

    // Recombines the mask factors after a mask changed, and refreshes peff (over the live blocks).
    void rebuild_masks() {
        masked = elem_on;
        for (size_t i = 0; i < rowm.size(); ++i) masked = masked || !rowm[i].empty() || !colm[i].empty();
        if (!masked) {
            if (keep_buffers) return;   // keep the buffers: masks come and go at every restricted step
            std::vector<S>().swap(mask);
            std::vector<S>().swap(peff);
            std::vector<S>().swap(gscratch);
            return;
        }
        if (mask.size() != (size_t)n()) mask.resize(n());
        each_block([&](int i, int a, int b) {
            const TensorInfo& t = model.lay.tensors[i];
            const long from = t.offset + (long)a * t.cols;
            mask_combine<S>(b - a, t.cols, elem_on ? elem.data() + from : nullptr,
                            rowm[i].empty() ? nullptr : rowm[i].data() + a,
                            colm[i].empty() ? nullptr : colm[i].data(), mask.data() + from);
        });
        refresh();
    }

    void refresh() {
        if (!masked) return;
        if (peff.size() != (size_t)n()) peff.resize(n());
        each_block([&](int i, int a, int b) {
            const TensorInfo& t = model.lay.tensors[i];
            const long from = t.offset + (long)a * t.cols;
            masked_copy((long)(b - a) * t.cols, params.data() + from, mask.data() + from, peff.data() + from);
        });
    }

    void apply_masks() {
        if (!masked) return;
        each_block([&](int i, int a, int b) {
            const TensorInfo& t = model.lay.tensors[i];
            for (long k = t.offset + (long)a * t.cols, e = t.offset + (long)b * t.cols; k < e; ++k)
                params[k] = mask[k] == S(0) ? S(0) : params[k] * mask[k];   // +0, not -0
        });
        refresh();
    }

    // CSR snapshot of tensor i from the current effective parameters (min_n <= 0 removes it).
    void set_sparse(int i, int min_n) {
        refresh();
        sparse.set(model.cfg, model.lay, effective(), i, min_n);
    }

    void forward(const int* words, int T, int B, S* state, bool train) {
        refresh();
        have_forward = false;
        have_loss = false;
        model.forward(effective(), ws, words, T, B, state, train, train ? nullptr : &sparse);
        have_forward = true;
    }

    void backward(S* dstate) {
        if (!masked) {
            model.backward(effective(), grad_buffer(), ws, dstate);
            return;
        }
        if (!restricted) gscratch.assign(n(), S(0));
        else {
            if (gscratch.size() != (size_t)n()) gscratch.assign(n(), S(0));
            each_block([&](int i, int a, int b) {
                const TensorInfo& t = model.lay.tensors[i];
                std::fill(gscratch.begin() + t.offset + (long)a * t.cols, gscratch.begin() + t.offset + (long)b * t.cols, S(0));
            });
        }
        model.backward(effective(), gscratch.data(), ws, dstate);
        S* g = grad_buffer();
        each_block([&](int i, int a, int b) {
            const TensorInfo& t = model.lay.tensors[i];
            const long from = t.offset + (long)a * t.cols;
            masked_grad_accumulate((long)(b - a) * t.cols, gscratch.data() + from, mask.data() + from, g + from);
        });
    }

    // One step for B (state, word) pairs with a private workspace; log-probs to out (B x V).
    // Fixed-order products (ops/fixed_order.h): row b's results do not depend on B.
    void step(const int* words, int B, S* state, float* out) const {
        FixedOrderScope fixed;
        Workspace<S> local;
        model.forward(effective(), local, words, 1, B, state, false, &sparse);
        const int V = model.cfg.V;
        for (int b = 0; b < B; ++b) {
            const S* z = local.logits.data() + (long)b * V;
            S l = local.lse[b];
            float* o = out + (long)b * V;
            for (int v = 0; v < V; ++v) o[v] = (float)(z[v] - l);
        }
    }

    // The recurrent part of step() only (no output layer): state updated in place.
    void step_states(const int* words, int B, S* state) const {
        FixedOrderScope fixed;
        Workspace<S> local;
        model.forward(effective(), local, words, 1, B, state, false, &sparse, false);
    }

    // ---- the output layer one word at a time (self-normalized scoring) ---------------------
    //
    // For a top-layer hidden vector h (H floats, no dropout at inference):
    //   z_w = W_out[w] . h + b_w                     (dense or tied output)
    //   z_w = left[w] . u + b_w,   u = right h       (factored output, rank ke)
    // logit(w) is one dot product (dot_fixed of ops/fixed_order.h); log Z = log sum_w exp(z_w)
    // sums the same z_w for all w, so logit - logZ is the exact log-softmax and agrees with the
    // per-word logits to the last bit. Neither depends on how many vectors are passed at once.

    // u = right h for each of the nh vectors (ke > 0), else the vectors themselves, in S.
    std::vector<S> output_inputs(const float* hidden, int nh) const {
        const Config& c = model.cfg;
        std::vector<S> hv((size_t)nh * c.H);
        for (size_t i = 0; i < hv.size(); ++i) hv[i] = (S)hidden[i];
        if (c.ke == 0) return hv;
        const S* R = effective() + model.lay[model.lay.outr()].offset;   // ke x H
        std::vector<S> u((size_t)nh * c.ke);
        for (int j = 0; j < nh; ++j)
            for (int k = 0; k < c.ke; ++k) u[(size_t)j * c.ke + k] = dot_fixed(R + (long)k * c.H, hv.data() + (size_t)j * c.H, c.H);
        return u;
    }

    // Output matrix rows (V x K, K = H or ke) and bias of the effective parameters.
    const S* output_rows(int* K) const {
        const Config& c = model.cfg;
        *K = c.ke == 0 ? c.H : c.ke;
        return effective() + model.lay[c.ke == 0 ? model.lay.outw() : model.lay.outl()].offset;
    }

    // out[i] = z_{outputs[i]} of hidden vector rows[i], i < n.
    void output_logits(const float* hidden, int nh, const int* rows, const int* outputs, long n, float* out) const {
        std::vector<S> u = output_inputs(hidden, nh);
        int K;
        const S* Wr = output_rows(&K);
        const S* b = effective() + model.lay[model.lay.out_b].offset;
        for (long i = 0; i < n; ++i)
            out[i] = (float)(dot_fixed(u.data() + (size_t)rows[i] * K, Wr + (long)outputs[i] * K, K) + b[outputs[i]]);
    }

    // logz[j] = log sum_w exp(z_w) of hidden vector j; all (nullable, nh x V) receives the z_w.
    void output_lognorm(const float* hidden, int nh, float* logz, float* all) const {
        const int V = model.cfg.V;
        std::vector<S> u = output_inputs(hidden, nh);
        int K;
        const S* Wr = output_rows(&K);
        const S* b = effective() + model.lay[model.lay.out_b].offset;
        std::vector<S> z((size_t)std::min(nh, 64) * V);
        for (int j0 = 0; j0 < nh; j0 += 64) {   // 64 vectors at a time, rows of W in blocks of 256
            const int j1 = std::min(nh, j0 + 64);
            // z[j][v] = dot_fixed(u_j, W_v) (+ b_v below): the values output_logits gives
            gemm_fixed<S>(false, true, j1 - j0, V, K, S(1), u.data() + (size_t)j0 * K, K, Wr, K, S(0), z.data(), V);
            for (int j = j0; j < j1; ++j)
                for (int v = 0; v < V; ++v) z[(size_t)(j - j0) * V + v] += b[v];
            for (int j = j0; j < j1; ++j) {
                const S* zj = z.data() + (size_t)(j - j0) * V;
                const S mx = vmax(zj, V);   // ops/vmath.h: same sum as the training loss's log-softmax
                logz[j] = (float)((double)mx + std::log(vsum_exp(zj, mx, S(1), V)));
                if (all)
                    for (int v = 0; v < V; ++v) all[(size_t)j * V + v] = (float)zj[v];
            }
        }
    }
};

}  // namespace moglm
