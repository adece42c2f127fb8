// A model instance: configuration, parameters, gradients, masks and the training workspace.
//
// Masks (ops/masked_weights.h): when any mask is set, `mask` holds the combined factor per
// parameter, `peff` = params (*) mask is refreshed at every forward (and by refresh()), all products
// run on peff, and backward accumulates into `gscratch` first, then grads += gscratch (*) mask.
// step() reads peff (or params) and its own Workspace only, so concurrent step() calls are safe
// as long as nothing else runs on the same model at the same time.
#pragma once
#include <algorithm>
#include <vector>

#include "model.h"
#include "ops/masked_weights.h"

namespace moglm {

template <typename S>
struct LMImpl {
    Model<S> model;
    std::vector<S> params, grads;
    // masks as set (float, 0/1), per tensor; empty = absent
    std::vector<float> elem;
    std::vector<std::vector<float>> rowm, colm;
    bool masked = false;
    std::vector<S> mask, peff, gscratch;
    Workspace<S> ws;
    bool have_forward = false, have_loss = false;
    SparseWeights<S> sparse;   // CSR snapshots for inference (sparse_weights.h); empty = none

    explicit LMImpl(const Config& c) {
        model.cfg = c;
        model.lay = Layout::build(c);
        params.assign(model.lay.total, S(0));
        grads.assign(model.lay.total, S(0));
        rowm.resize(model.lay.tensors.size());
        colm.resize(model.lay.tensors.size());
    }

    long n() const { return model.lay.total; }
    const S* effective() const { return masked ? peff.data() : params.data(); }

    // Recombines the mask factors after a mask changed, and refreshes peff.
    void rebuild_masks() {
        masked = !elem.empty();
        for (size_t i = 0; i < rowm.size(); ++i) masked = masked || !rowm[i].empty() || !colm[i].empty();
        if (!masked) {
            std::vector<S>().swap(mask);
            std::vector<S>().swap(peff);
            std::vector<S>().swap(gscratch);
            return;
        }
        mask.resize(n());
        for (size_t i = 0; i < model.lay.tensors.size(); ++i) {
            const TensorInfo& t = model.lay.tensors[i];
            mask_combine<S>(t.rows, t.cols, elem.empty() ? nullptr : elem.data() + t.offset,
                            rowm[i].empty() ? nullptr : rowm[i].data(),
                            colm[i].empty() ? nullptr : colm[i].data(), mask.data() + t.offset);
        }
        refresh();
    }

    void refresh() {
        if (!masked) return;
        peff.resize(n());
        masked_copy(n(), params.data(), mask.data(), peff.data());
    }

    void apply_masks() {
        if (!masked) return;
        for (long k = 0; k < n(); ++k) params[k] = mask[k] == S(0) ? S(0) : params[k] * mask[k];   // +0, not -0
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
            model.backward(effective(), grads.data(), ws, dstate);
            return;
        }
        gscratch.assign(n(), S(0));
        model.backward(effective(), gscratch.data(), ws, dstate);
        masked_grad_accumulate(n(), gscratch.data(), mask.data(), grads.data());
    }

    // One step for B (state, word) pairs with a private workspace; log-probs to out (B x V).
    void step(const int* words, int B, S* state, float* out) const {
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
};

}  // namespace moglm
