// moglm native kernels: the single header JavaCPP binds (see java/moglm/kernel/Native.java).
//
// A flat C-style API over an opaque model handle (LM), dispatching on the precision (0 = float,
// 1 = double). Every entry point validates its arguments and returns a status instead of
// crashing: 0 ok, 1 invalid argument, 2 invalid state (e.g. backward before a training forward),
// 3 failure (out of memory). The message of the last failure on the calling thread is
// last_error(). Buffer lengths are counted in elements; void* buffers hold the model's scalar.
#pragma once
#include <cblas.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>
#include <string>

#include <unistd.h>

#include "lm.h"

namespace moglm {

// ABI version of the kernel library; bumped whenever a bound signature changes.
inline int abi_version() { return 5; }
inline void set_num_threads(int n) { openblas_set_num_threads(n); }
inline int get_num_threads() { return openblas_get_num_threads(); }
inline const char* blas_corename() { return openblas_get_corename(); }

// Row-major C = alpha op(A) op(B) + beta C through the same OpenBLAS (the benchmark's roofline).
// Sizes are checked against the buffer lengths (elements) the caller passes.
inline int sgemm(int transA, int transB, int M, int N, int K, float alpha, const float* A, int64_t lenA, int lda,
                 const float* B, int64_t lenB, int ldb, float beta, float* C, int64_t lenC, int ldc);

struct LM {
    int precision = 0;
    std::unique_ptr<LMImpl<float>> f;
    std::unique_ptr<LMImpl<double>> d;
    const Config& cfg() const { return f ? f->model.cfg : d->model.cfg; }
    const Layout& lay() const { return f ? f->model.lay : d->model.lay; }
};

enum Status { MOGLM_OK = 0, MOGLM_BAD_ARG = 1, MOGLM_BAD_STATE = 2, MOGLM_FAILED = 3 };

inline std::string& error_buffer() {
    thread_local std::string s;
    return s;
}
inline const char* last_error() { return error_buffer().c_str(); }
inline int fail(int code, const std::string& msg) {
    error_buffer() = msg;
    return code;
}
inline std::string str(long long v) { return std::to_string(v); }

// Runs f, turning C++ exceptions into a status.
template <class F>
int guarded(F&& f) {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        return fail(MOGLM_FAILED, "out of native memory");
    } catch (const std::exception& e) {
        return fail(MOGLM_FAILED, std::string("native failure: ") + e.what());
    } catch (...) {
        return fail(MOGLM_FAILED, "native failure");
    }
}

// Calls f(impl) with the typed implementation.
template <class F>
int dispatch(LM* h, F&& f) {
    return guarded([&] { return h->f ? f(*h->f) : f(*h->d); });
}

#define MOGLM_REQUIRE(cond, code, msg) \
    do {                               \
        if (!(cond)) return fail(code, msg); \
    } while (0)
#define MOGLM_REQUIRE_HANDLE(h) MOGLM_REQUIRE(h != nullptr, MOGLM_BAD_ARG, "null model handle")

// Refuses requests whose buffers could not fit in this machine's memory: with overcommit an
// allocation may succeed and the process be killed when it is touched, so check before.
inline std::string memory_error(double bytes, const std::string& what) {
    double ram = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    if (ram > 0 && bytes > 0.8 * ram)
        return what + " needs about " + std::to_string((long long)(bytes / 1e9)) + " GB, more than 80% of this machine's " +
               std::to_string((long long)(ram / 1e9)) + " GB";
    return "";
}

// Generous estimate of a forward+backward workspace for N positions (scalars of `bytes` each).
inline double workspace_bytes(const Config& c, double N, int bytes) {
    double maxm = std::max(c.E, c.H);
    double per_pos = 2.0 * c.V + c.L * (14.0 * c.H + 3.0 * maxm + 4.0 * c.r * maxm + 2.0 * c.r * c.k + 2.0 * c.kl) +
                     4.0 * c.ke;
    return N * per_pos * bytes;
}

// ---- lifecycle and layout -------------------------------------------------------------------

// A model with factored LSTM matrices (lstm_rank kl > 0) and/or factored embedding and output
// matrices (embed_rank ke > 0); 0 keeps them dense (layout.h).
inline LM* lm_create_factored(int precision, int V, int E, int H, int L, int r, int k, int kl, int ke, int tied) {
    Config c;
    c.V = V; c.E = E; c.H = H; c.L = L; c.r = r; c.k = k; c.kl = kl; c.ke = ke; c.tied = tied != 0;
    std::string e = config_error(c);
    if (precision != 0 && precision != 1) e = "precision must be 0 (float) or 1 (double), got " + str(precision);
    if (e.empty())   // parameters, gradients, and with masks the mask, effective weights and scratch
        e = memory_error(5.0 * (double)Layout::build(c).total * (precision == 0 ? 4 : 8), "the model");
    if (!e.empty()) {
        fail(MOGLM_BAD_ARG, e);
        return nullptr;
    }
    LM* h = nullptr;
    int rc = guarded([&] {
        std::unique_ptr<LM> m(new LM());
        m->precision = precision;
        if (precision == 0) m->f.reset(new LMImpl<float>(c));
        else m->d.reset(new LMImpl<double>(c));
        h = m.release();
        return MOGLM_OK;
    });
    return rc == MOGLM_OK ? h : nullptr;
}

inline LM* lm_create(int precision, int V, int E, int H, int L, int r, int k, int tied) {
    return lm_create_factored(precision, V, E, H, L, r, k, 0, 0, tied);
}

inline void lm_destroy(LM* h) { delete h; }

inline int64_t lm_num_params(LM* h) { return h ? h->lay().total : -1; }
inline int lm_num_tensors(LM* h) { return h ? (int)h->lay().tensors.size() : -1; }
inline bool tensor_ok(LM* h, int i) { return h && i >= 0 && i < (int)h->lay().tensors.size(); }
inline const char* lm_tensor_name(LM* h, int i) { return tensor_ok(h, i) ? h->lay()[i].name.c_str() : ""; }
inline int lm_tensor_rows(LM* h, int i) { return tensor_ok(h, i) ? h->lay()[i].rows : -1; }
inline int lm_tensor_cols(LM* h, int i) { return tensor_ok(h, i) ? h->lay()[i].cols : -1; }
inline int64_t lm_tensor_offset(LM* h, int i) { return tensor_ok(h, i) ? h->lay()[i].offset : -1; }
inline void* lm_params(LM* h) {
    if (!h) return nullptr;
    return h->f ? (void*)h->f->params.data() : (void*)h->d->params.data();
}
// Allocates the gradients on the first call (inference never needs them).
inline void* lm_grads(LM* h) {
    if (!h) return nullptr;
    void* p = nullptr;
    int rc = guarded([&] {
        p = h->f ? (void*)h->f->grad_buffer() : (void*)h->d->grad_buffer();
        return MOGLM_OK;
    });
    return rc == MOGLM_OK ? p : nullptr;
}

inline int lm_zero_grads(LM* h) {
    MOGLM_REQUIRE_HANDLE(h);
    return dispatch(h, [](auto& m) {
        m.grad_buffer();
        std::fill(m.grads.begin(), m.grads.end(), 0);
        return MOGLM_OK;
    });
}

// ---- masks ----------------------------------------------------------------------------------

inline int lm_set_elem_mask(LM* h, const float* mask, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(!mask || len == h->lay().total, MOGLM_BAD_ARG,
                  "element mask length " + str(len) + " != numParams " + str(h->lay().total));
    return dispatch(h, [&](auto& m) {
        m.set_elem(mask, len);
        m.sparse.clear();
        return MOGLM_OK;
    });
}

// ---- row restriction (lm.h): sampled-output training with masks at a cost independent of V ----

inline bool lm_restricted(LM* h) { return h && (h->f ? h->f->restricted : h->d->restricted); }
inline bool lm_elem_partial(LM* h) { return h && (h->f ? h->f->elem_on && h->f->elem_partial : h->d->elem_on && h->d->elem_partial); }

// Restricts every mask operation to vocabulary rows `rows` (sorted, distinct, in [0, V)) of the
// vocabulary-sized tensors (embed, untied out.weight, out.bias); rows == null lifts the
// restriction (masks and effective parameters are then rebuilt in full). Refused while an element
// mask given for the restricted rows only (lm_set_elem_mask_rows) is set, and for models with a
// factored embedding or output matrix.
inline int lm_restrict_rows(LM* h, const int* rows, int64_t nrows) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    MOGLM_REQUIRE(c.ke == 0, MOGLM_BAD_ARG, "row restriction needs dense embedding and output matrices (embed rank 0, got " + str(c.ke) + ")");
    MOGLM_REQUIRE(!lm_elem_partial(h), MOGLM_BAD_STATE,
                  "an element mask set for the restricted rows only is in force: clear the masks before changing the row restriction");
    if (rows) {
        MOGLM_REQUIRE(nrows >= 1 && nrows <= c.V, MOGLM_BAD_ARG,
                      "restricted rows: count " + str(nrows) + " not in 1.." + str(c.V));
        for (int64_t k = 0; k < nrows; ++k) {
            MOGLM_REQUIRE(rows[k] >= 0 && rows[k] < c.V, MOGLM_BAD_ARG,
                          "restricted rows[" + str(k) + "] = " + str(rows[k]) + " not in 0.." + str(c.V - 1));
            MOGLM_REQUIRE(k == 0 || rows[k] > rows[k - 1], MOGLM_BAD_ARG,
                          "restricted rows must be sorted and distinct: rows[" + str(k) + "] = " + str(rows[k]) +
                              " after " + str(rows[k - 1]));
        }
    } else {
        MOGLM_REQUIRE(nrows == 0, MOGLM_BAD_ARG, "no rows given but count " + str(nrows));
    }
    return dispatch(h, [&](auto& m) {
        m.restrict_rows(rows, nrows);
        m.sparse.clear();
        return MOGLM_OK;
    });
}

// Elements the restriction covers: the restricted rows of the vocabulary tensors and every other
// tensor in full (numParams when unrestricted).
inline int64_t lm_restricted_elements(LM* h) {
    if (!h) return -1;
    return h->f ? h->f->live_elements() : h->d->live_elements();
}

// Element mask over the restricted elements only, packed in layout order (tensor by tensor; a
// vocabulary tensor's restricted rows in ascending order): len must equal
// lm_restricted_elements(). Outside them the mask is undefined until the masks are cleared.
inline int lm_set_elem_mask_rows(LM* h, const float* values, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(lm_restricted(h), MOGLM_BAD_STATE, "an element mask over restricted rows needs a row restriction (lm_restrict_rows)");
    MOGLM_REQUIRE(values != nullptr, MOGLM_BAD_ARG, "element mask values are null");
    int64_t want = lm_restricted_elements(h);
    MOGLM_REQUIRE(len == want, MOGLM_BAD_ARG,
                  "element mask over restricted rows: length " + str(len) + " != restricted elements " + str(want));
    return dispatch(h, [&](auto& m) {
        m.set_elem_rows(values);
        m.sparse.clear();
        return MOGLM_OK;
    });
}

inline int lm_set_unit_mask(LM* h, int tensor, int is_col, const float* mask, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(tensor_ok(h, tensor), MOGLM_BAD_ARG, "no tensor with index " + str(tensor));
    const TensorInfo& t = h->lay()[tensor];
    long want = is_col ? t.cols : t.rows;
    MOGLM_REQUIRE(!mask || len == want, MOGLM_BAD_ARG,
                  std::string(is_col ? "column" : "row") + " mask of " + t.name + ": length " + str(len) +
                      " != " + str(want));
    return dispatch(h, [&](auto& m) {
        auto& dst = is_col ? m.colm[tensor] : m.rowm[tensor];
        if (mask) dst.assign(mask, mask + len);
        else std::vector<float>().swap(dst);
        m.rebuild_masks();
        m.sparse.clear();
        return MOGLM_OK;
    });
}

inline int lm_clear_masks(LM* h) {
    MOGLM_REQUIRE_HANDLE(h);
    return dispatch(h, [](auto& m) {
        m.clear_all_masks();
        m.sparse.clear();
        return MOGLM_OK;
    });
}

inline int lm_apply_masks(LM* h) {
    MOGLM_REQUIRE_HANDLE(h);
    return dispatch(h, [](auto& m) {
        m.apply_masks();
        m.sparse.clear();
        return MOGLM_OK;
    });
}

// Called after the parameters were written from outside: refreshes the masked effective
// parameters and drops the CSR snapshots (they would be stale).
inline int lm_refresh(LM* h) {
    MOGLM_REQUIRE_HANDLE(h);
    return dispatch(h, [](auto& m) {
        m.refresh();
        m.sparse.clear();
        return MOGLM_OK;
    });
}

// ---- sparse inference (sparse_weights.h) ------------------------------------------------------

// CSR snapshot of tensor `tensor`'s current effective weights, used by inference products with
// at least min_n columns; min_n <= 0 removes it. Only weight matrices that take part in a product
// (LSTM weights, full-rank mogrifier weights, the output matrix) are accepted.
inline int lm_set_sparse(LM* h, int tensor, int min_n) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(!lm_restricted(h), MOGLM_BAD_STATE, "lm_set_sparse reads every vocabulary row: lift the row restriction first");
    MOGLM_REQUIRE(tensor_ok(h, tensor), MOGLM_BAD_ARG, "no tensor with index " + str(tensor));
    MOGLM_REQUIRE(SparseWeights<float>::eligible(h->cfg(), h->lay(), tensor), MOGLM_BAD_ARG,
                  "tensor " + h->lay()[tensor].name + " is not a weight matrix of a product (sparse kernel: LSTM and "
                  "full-rank mogrifier weights, the output matrix)");
    return dispatch(h, [&](auto& m) {
        m.set_sparse(tensor, min_n);
        return MOGLM_OK;
    });
}

// Non-zeros of tensor `tensor`'s CSR snapshot, -1 if it has none.
inline int64_t lm_sparse_nnz(LM* h, int tensor) {
    if (!tensor_ok(h, tensor)) return -1;
    return h->f ? h->f->sparse.nnz(tensor) : h->d->sparse.nnz(tensor);
}

// Statistics of tensor `tensor`'s parameters (not the masked copy), one pass: out[0] = values
// that are NaN or infinite, out[1] = index of the first of them (-1: none), out[2] = non-zeros.
// Loading checks a model file's values with it after copying them in (no kernel has run yet).
inline int lm_param_stats(LM* h, int tensor, int64_t* out, int64_t out_len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(tensor_ok(h, tensor), MOGLM_BAD_ARG, "no tensor with index " + str(tensor));
    MOGLM_REQUIRE(out != nullptr && out_len == 3, MOGLM_BAD_ARG, "stats need 3 slots, got " + str(out_len));
    return dispatch(h, [&](auto& m) {
        const TensorInfo& t = m.model.lay.tensors[tensor];
        const auto* p = m.params.data() + t.offset;
        const int64_t n = (int64_t)t.rows * t.cols;
        int64_t bad = 0, first = -1, nz = 0;
        for (int64_t i = 0; i < n; ++i) {
            const bool finite = std::isfinite(p[i]);
            bad += !finite;
            if (!finite && first < 0) first = i;
            nz += p[i] != 0;
        }
        out[0] = bad;
        out[1] = first;
        out[2] = nz;
        return (int)MOGLM_OK;
    });
}

inline int lm_is_masked(LM* h) {
    if (!h) return -1;
    return h->f ? h->f->masked : h->d->masked;
}

// ---- forward / loss / backward --------------------------------------------------------------

inline int check_words(const int* w, int64_t n, int lo, int V, const char* what) {
    for (int64_t i = 0; i < n; ++i)
        if (w[i] < lo || w[i] >= V)
            return fail(MOGLM_BAD_ARG, std::string(what) + "[" + str(i) + "] = " + str(w[i]) + " outside [" +
                                           str(lo) + ", " + str(V) + ")");
    return MOGLM_OK;
}

template <typename S>
void to_masks(std::vector<S>& dst, const float* src, long n) {
    if (!src) {
        dst.clear();
        return;
    }
    dst.resize(n);
    for (long i = 0; i < n; ++i) dst[i] = (S)src[i];
}

// Output sample for the following forward/loss/backward calls (ops/sampled_output.h): K distinct
// word ids and their inverse inclusion probabilities (>= 1); words == nullptr removes it (full
// softmax again). Not with a factored output matrix (embed rank > 0).
inline int lm_set_output_sample(LM* h, const int* words, int64_t K, const float* inv, int64_t inv_len) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    if (words != nullptr) {
        MOGLM_REQUIRE(c.ke == 0, MOGLM_BAD_ARG, "a sampled output needs a dense output matrix (embed rank 0)");
        MOGLM_REQUIRE(K >= 1 && K <= c.V, MOGLM_BAD_ARG, "sample size " + str(K) + " outside [1, V = " + str(c.V) + "]");
        MOGLM_REQUIRE(inv != nullptr && inv_len == K, MOGLM_BAD_ARG, "inverse probabilities length " + str(inv_len) + " != " + str(K));
        if (int rc = check_words(words, K, 0, c.V, "sample")) return rc;
        for (int64_t k = 0; k < K; ++k)
            MOGLM_REQUIRE(std::isfinite(inv[k]) && inv[k] >= 1, MOGLM_BAD_ARG,
                          "inverse inclusion probability [" + str(k) + "] = " + std::to_string(inv[k]) + " (must be >= 1)");
    }
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        auto& ws = m.ws;
        for (int w : ws.sample) ws.slot_of[w] = -1;
        ws.sample.clear();
        ws.sample_inv.clear();
        ws.sample_noise.clear();
        m.have_forward = m.have_loss = false;
        if (words == nullptr) return (int)MOGLM_OK;
        if ((int)ws.slot_of.size() != c.V) ws.slot_of.assign(c.V, -1);
        for (int64_t k = 0; k < K; ++k) {
            if (ws.slot_of[words[k]] >= 0) {
                for (int w : ws.sample) ws.slot_of[w] = -1;
                ws.sample.clear();
                return fail(MOGLM_BAD_ARG, "sample word " + str(words[k]) + " appears twice");
            }
            ws.slot_of[words[k]] = (int)k;
            ws.sample.push_back(words[k]);
            ws.sample_inv.push_back((S)inv[k]);
        }
        return (int)MOGLM_OK;
    });
}

// beta of the sampled objective's explicit self-normalization term beta (log Zs)^2
// (ops/sampled_output.h); 0 (the default) = Kaldi's objective alone. Kept until changed.
inline int lm_set_log_z_penalty(LM* h, double beta) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(std::isfinite(beta) && beta >= 0, MOGLM_BAD_ARG, "log Z penalty " + std::to_string(beta) + " (must be >= 0)");
    return dispatch(h, [&](auto& m) {
        m.ws.logz_penalty = beta;
        m.have_loss = false;
        return (int)MOGLM_OK;
    });
}

// Which objective the loss of a sampled output uses (ops/sampled_output.h): 0 = Kaldi's
// self-normalizing bound (the default), 1 = sampled softmax, 2 = NCE (needs lm_set_output_noise
// after every lm_set_output_sample). Kept until changed.
inline int lm_set_sampled_objective(LM* h, int objective) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(objective >= KALDI && objective <= NCE, MOGLM_BAD_ARG,
                  "sampled objective " + str(objective) + " (must be 0 = kaldi, 1 = softmax or 2 = nce)");
    return dispatch(h, [&](auto& m) {
        m.ws.objective = objective;
        m.have_loss = false;
        return (int)MOGLM_OK;
    });
}

// NCE's noise measure lambda (> 0, finite) of each word of the current output sample, in the
// sample's order (len = its size). Cleared by lm_set_output_sample.
inline int lm_set_output_noise(LM* h, const float* lam, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(lam != nullptr, MOGLM_BAD_ARG, "noise measure is null");
    for (int64_t k = 0; k < len; ++k)
        MOGLM_REQUIRE(std::isfinite(lam[k]) && lam[k] > 0, MOGLM_BAD_ARG,
                      "noise measure [" + str(k) + "] = " + std::to_string(lam[k]) + " (must be finite and > 0)");
    return dispatch(h, [&](auto& m) {
        auto& ws = m.ws;
        if (!ws.sampled()) return fail(MOGLM_BAD_STATE, "a noise measure needs an output sample (lm_set_output_sample first)");
        if (len != (int64_t)ws.sample.size())
            return fail(MOGLM_BAD_ARG, "noise measure length " + str(len) + " != sample size " + str(ws.sample.size()));
        ws.sample_noise.assign(lam, lam + len);
        m.have_loss = false;
        return (int)MOGLM_OK;
    });
}

inline int lm_forward(LM* h, const int* words, int64_t nwords, int T, int B, void* state, int64_t state_len,
                      const float* embed_mask, int64_t embed_len, const float* state_masks, int64_t state_masks_len,
                      const float* between_masks, int64_t between_len, const float* out_mask, int64_t out_len,
                      int train) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    MOGLM_REQUIRE(T >= 1 && B >= 1, MOGLM_BAD_ARG, "T and B must be >= 1, got T=" + str(T) + " B=" + str(B));
    MOGLM_REQUIRE((int64_t)T * B <= (1 << 28), MOGLM_BAD_ARG, "T*B too large: " + str((int64_t)T * B));
    {
        std::string e = memory_error(workspace_bytes(c, (double)T * B, h->precision == 0 ? 4 : 8),
                                     "the workspace of T*B = " + str((int64_t)T * B) + " positions");
        MOGLM_REQUIRE(e.empty(), MOGLM_BAD_ARG, e);
    }
    MOGLM_REQUIRE(words != nullptr, MOGLM_BAD_ARG, "inputs is null");
    MOGLM_REQUIRE(nwords == (int64_t)T * B, MOGLM_BAD_ARG,
                  "inputs length " + str(nwords) + " != T*B = " + str((int64_t)T * B));
    if (int rc = check_words(words, nwords, 0, c.V, "inputs")) return rc;
    MOGLM_REQUIRE(state != nullptr, MOGLM_BAD_ARG, "state is null");
    MOGLM_REQUIRE(state_len == 2L * c.L * c.H * B, MOGLM_BAD_ARG,
                  "state length " + str(state_len) + " != 2*layers*hidden*B = " + str(2L * c.L * c.H * B));
    MOGLM_REQUIRE(!embed_mask || embed_len == (int64_t)c.E * B, MOGLM_BAD_ARG,
                  "embedding dropout mask length " + str(embed_len) + " != embedSize*B = " + str((int64_t)c.E * B));
    MOGLM_REQUIRE(!state_masks || state_masks_len == (int64_t)c.L * c.H * B, MOGLM_BAD_ARG,
                  "state dropout masks length " + str(state_masks_len) + " != layers*hidden*B");
    MOGLM_REQUIRE(!between_masks || (c.L > 1 && between_len == (int64_t)(c.L - 1) * c.H * B), MOGLM_BAD_ARG,
                  "between-layer dropout masks length " + str(between_len) + " != (layers-1)*hidden*B");
    MOGLM_REQUIRE(!out_mask || out_len == (int64_t)c.H * B, MOGLM_BAD_ARG,
                  "output dropout mask length " + str(out_len) + " != hidden*B");
    if (lm_restricted(h)) {   // the forward (and its backward) may touch only the restricted rows
        bool sampled = h->f ? h->f->ws.sampled() : h->d->ws.sampled();
        MOGLM_REQUIRE(sampled, MOGLM_BAD_STATE, "forward under a row restriction needs an output sample (the full softmax reads every row)");
        for (int64_t i = 0; i < nwords; ++i) {
            bool live = h->f ? h->f->row_live(words[i]) : h->d->row_live(words[i]);
            MOGLM_REQUIRE(live, MOGLM_BAD_ARG, "inputs[" + str(i) + "] = " + str(words[i]) + " is not among the restricted rows");
        }
        const std::vector<int>& smp = h->f ? h->f->ws.sample : h->d->ws.sample;
        for (size_t k = 0; k < smp.size(); ++k) {
            bool live = h->f ? h->f->row_live(smp[k]) : h->d->row_live(smp[k]);
            MOGLM_REQUIRE(live, MOGLM_BAD_ARG, "output sample word " + str(smp[k]) + " is not among the restricted rows");
        }
    }
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        auto& d = m.ws.drop;
        long HB = (long)c.H * B;
        to_masks(d.embed, embed_mask, (long)c.E * B);
        to_masks(d.out, out_mask, HB);
        d.state.assign(state_masks ? c.L : 0, std::vector<S>());
        for (size_t l = 0; l < d.state.size(); ++l) to_masks(d.state[l], state_masks + l * HB, HB);
        d.between.assign(c.L - 1, std::vector<S>());
        if (between_masks)
            for (int l = 0; l + 1 < c.L; ++l) to_masks(d.between[l], between_masks + l * HB, HB);
        m.forward(words, T, B, (S*)state, train != 0);
        return MOGLM_OK;
    });
}

// result: {loss, crossEntropy, count}
inline int lm_loss(LM* h, const int* targets, int64_t n, double ce_weight, const void* teacher, int64_t teacher_len,
                   double kd_weight, double temperature, double* result) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    bool fwd = h->f ? h->f->have_forward : h->d->have_forward;
    MOGLM_REQUIRE(fwd, MOGLM_BAD_STATE, "loss() needs a forward() first");
    const auto& ws_T = h->f ? h->f->ws.T : h->d->ws.T;
    const auto& ws_B = h->f ? h->f->ws.B : h->d->ws.B;
    int64_t N = (int64_t)ws_T * ws_B;
    MOGLM_REQUIRE(result != nullptr, MOGLM_BAD_ARG, "result is null");
    MOGLM_REQUIRE(targets != nullptr, MOGLM_BAD_ARG, "targets is null");
    MOGLM_REQUIRE(n == N, MOGLM_BAD_ARG, "targets length " + str(n) + " != T*B = " + str(N) + " of the last forward");
    if (int rc = check_words(targets, n, -1, c.V, "targets")) return rc;
    MOGLM_REQUIRE(std::isfinite(ce_weight) && std::isfinite(kd_weight), MOGLM_BAD_ARG, "loss weights must be finite");
    const bool sampled = h->f ? h->f->ws.sampled() : h->d->ws.sampled();
    const int64_t width = sampled ? (int64_t)(h->f ? h->f->ws.sample.size() : h->d->ws.sample.size()) : c.V;
    if (sampled) {
        const std::vector<int>& slot = h->f ? h->f->ws.slot_of : h->d->ws.slot_of;
        for (int64_t i = 0; i < n; ++i)
            MOGLM_REQUIRE(targets[i] < 0 || slot[targets[i]] >= 0, MOGLM_BAD_ARG,
                          "targets[" + str(i) + "] = " + str(targets[i]) + " is not in the output sample (the sample must contain every target)");
        const bool nce = h->f ? h->f->ws.objective == NCE : h->d->ws.objective == NCE;
        const size_t noise = h->f ? h->f->ws.sample_noise.size() : h->d->ws.sample_noise.size();
        MOGLM_REQUIRE(!nce || noise == (size_t)width, MOGLM_BAD_STATE,
                      "the NCE objective needs the sample's noise measure (lm_set_output_noise after lm_set_output_sample)");
    }
    if (kd_weight != 0) {
        MOGLM_REQUIRE(teacher != nullptr, MOGLM_BAD_ARG, "kdWeight != 0 needs teacher logits");
        MOGLM_REQUIRE(teacher_len >= N * width, MOGLM_BAD_ARG,
                      "teacher logits length " + str(teacher_len) + " < T*B*width = " + str(N * width));
        MOGLM_REQUIRE(std::isfinite(temperature) && temperature > 0, MOGLM_BAD_ARG,
                      "temperature must be > 0, got " + std::to_string(temperature));
    }
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        m.model.loss(m.ws, targets, ce_weight, (const S*)teacher, kd_weight, temperature, result);
        m.have_loss = true;
        return MOGLM_OK;
    });
}

inline int lm_backward(LM* h, void* dstate, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    bool loss = h->f ? h->f->have_loss : h->d->have_loss;
    bool train = h->f ? h->f->ws.train : h->d->ws.train;
    int B = h->f ? h->f->ws.B : h->d->ws.B;
    MOGLM_REQUIRE(loss, MOGLM_BAD_STATE, "backward() needs forward(train=true) and loss() first");
    MOGLM_REQUIRE(train, MOGLM_BAD_STATE, "backward() needs the last forward to have train=true");
    MOGLM_REQUIRE(!dstate || len == 2L * c.L * c.H * B, MOGLM_BAD_ARG,
                  "initial-state gradient length " + str(len) + " != 2*layers*hidden*B = " + str(2L * c.L * c.H * B));
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        m.backward((S*)dstate);
        return MOGLM_OK;
    });
}

inline int64_t lm_logits_size(LM* h) {
    if (!h) return -1;
    bool fwd = h->f ? h->f->have_forward : h->d->have_forward;
    if (!fwd) return 0;
    int T = h->f ? h->f->ws.T : h->d->ws.T, B = h->f ? h->f->ws.B : h->d->ws.B;
    int width = h->f ? h->f->ws.width(h->cfg().V) : h->d->ws.width(h->cfg().V);
    return (int64_t)T * B * width;
}
inline void* lm_logits(LM* h) {
    if (!h || lm_logits_size(h) <= 0) return nullptr;
    return h->f ? (void*)h->f->ws.logits.data() : (void*)h->d->ws.logits.data();
}

inline int lm_log_probs(LM* h, float* dst, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    int64_t size = lm_logits_size(h);
    MOGLM_REQUIRE(size > 0, MOGLM_BAD_STATE, "logProbs() needs a forward() first");
    MOGLM_REQUIRE(!(h->f ? h->f->ws.sampled() : h->d->ws.sampled()), MOGLM_BAD_STATE,
                  "logProbs() needs a forward with the full output layer (an output sample is set)");
    MOGLM_REQUIRE(dst != nullptr, MOGLM_BAD_ARG, "destination is null");
    MOGLM_REQUIRE(len == size, MOGLM_BAD_ARG, "destination length " + str(len) + " != T*B*V = " + str(size));
    return dispatch(h, [&](auto& m) {
        const int V = m.model.cfg.V, N = m.ws.T * m.ws.B;
        for (int p = 0; p < N; ++p)
            for (int v = 0; v < V; ++v)
                dst[(long)p * V + v] = (float)(m.ws.logits[(long)p * V + v] - m.ws.lse[p]);
        return MOGLM_OK;
    });
}

// log Z = log sum_w exp(z_w) of every position of the last forward (T*B, row t*B+b): how far a
// model is from self-normalized (log Z = 0).
inline int lm_log_normalizers(LM* h, double* dst, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    bool fwd = h->f ? h->f->have_forward : h->d->have_forward;
    MOGLM_REQUIRE(fwd, MOGLM_BAD_STATE, "logNormalizers() needs a forward() first");
    MOGLM_REQUIRE(!(h->f ? h->f->ws.sampled() : h->d->ws.sampled()), MOGLM_BAD_STATE,
                  "logNormalizers() needs a forward with the full output layer (an output sample is set)");
    MOGLM_REQUIRE(dst != nullptr, MOGLM_BAD_ARG, "destination is null");
    return dispatch(h, [&](auto& m) {
        const int64_t N = (int64_t)m.ws.T * m.ws.B;
        if (len != N) return fail(MOGLM_BAD_ARG, "destination length " + str(len) + " != T*B = " + str(N));
        for (int64_t p = 0; p < N; ++p) dst[p] = (double)m.ws.lse[p];
        return (int)MOGLM_OK;
    });
}

inline int lm_copy_logits(LM* h, void* dst, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    int64_t size = lm_logits_size(h);
    MOGLM_REQUIRE(size > 0, MOGLM_BAD_STATE, "copyLogits() needs a forward() first");
    MOGLM_REQUIRE(dst != nullptr, MOGLM_BAD_ARG, "destination is null");
    MOGLM_REQUIRE(len >= size, MOGLM_BAD_ARG, "destination length " + str(len) + " < T*B*V = " + str(size));
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        std::memcpy(dst, m.ws.logits.data(), sizeof(S) * size);
        return MOGLM_OK;
    });
}

// ---- per-layer hidden outputs (layer-wise distillation) -------------------------------------
//
// h_l of the last forward: layer l's LSTM output before any dropout, T*B x H position-major
// (row p = t*B + b, like the logits). lm_set_hidden_grad attaches dLoss/dh_l (same layout) for the
// next backward, which adds it to the gradient reaching h_l from above; a null pointer removes it.
// Every forward removes all of them. The _d variants take double buffers (either precision).

template <typename D>
int copy_hidden(LM* h, int layer, D* dst, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    bool fwd = h->f ? h->f->have_forward : h->d->have_forward;
    MOGLM_REQUIRE(fwd, MOGLM_BAD_STATE, "copyHidden() needs a forward() first");
    MOGLM_REQUIRE(layer >= 0 && layer < c.L, MOGLM_BAD_ARG, "layer " + str(layer) + " outside [0, " + str(c.L) + ")");
    MOGLM_REQUIRE(dst != nullptr, MOGLM_BAD_ARG, "destination is null");
    return dispatch(h, [&](auto& m) {
        const int T = m.ws.T, B = m.ws.B, H = c.H;
        const long N = (long)T * B;
        if (len != N * H) return fail(MOGLM_BAD_ARG, "destination length " + str(len) + " != T*B*hidden = " + str(N * H));
        auto p = m.ws.layers[layer].ensure(c, layer, T, B);
        for (long q = 0; q < N; ++q)
            for (int j = 0; j < H; ++j) dst[q * H + j] = (D)p.Hout[(long)j * N + q];
        return (int)MOGLM_OK;
    });
}

template <typename D>
int set_hidden_grad(LM* h, int layer, const D* grad, int64_t len) {
    MOGLM_REQUIRE_HANDLE(h);
    const Config& c = h->cfg();
    bool fwd = h->f ? h->f->have_forward : h->d->have_forward;
    bool train = h->f ? h->f->ws.train : h->d->ws.train;
    MOGLM_REQUIRE(fwd && train, MOGLM_BAD_STATE, "setHiddenGrad() needs a forward(train=true) first");
    MOGLM_REQUIRE(layer >= 0 && layer < c.L, MOGLM_BAD_ARG, "layer " + str(layer) + " outside [0, " + str(c.L) + ")");
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        const long N = (long)m.ws.T * m.ws.B, n = N * c.H;
        if (!grad) {
            m.ws.hgrad_on[layer] = 0;
            return (int)MOGLM_OK;
        }
        if (len != n) return fail(MOGLM_BAD_ARG, "hidden gradient length " + str(len) + " != T*B*hidden = " + str(n));
        std::vector<S>& g = m.ws.hgrad[layer];
        g.resize(n);
        for (long i = 0; i < n; ++i) g[i] = (S)grad[i];
        m.ws.hgrad_on[layer] = 1;
        return (int)MOGLM_OK;
    });
}

inline int lm_copy_hidden(LM* h, int layer, float* dst, int64_t len) { return copy_hidden(h, layer, dst, len); }
inline int lm_copy_hidden_d(LM* h, int layer, double* dst, int64_t len) { return copy_hidden(h, layer, dst, len); }
inline int lm_set_hidden_grad(LM* h, int layer, const float* grad, int64_t len) {
    return set_hidden_grad(h, layer, grad, len);
}
inline int lm_set_hidden_grad_d(LM* h, int layer, const double* grad, int64_t len) {
    return set_hidden_grad(h, layer, grad, len);
}

inline int lm_step(LM* h, const int* words, int64_t n, int B, void* state, int64_t state_len, float* out,
                   int64_t out_len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(!lm_restricted(h), MOGLM_BAD_STATE, "lm_step reads every vocabulary row: lift the row restriction first");
    const Config& c = h->cfg();
    MOGLM_REQUIRE(B >= 1 && B <= (1 << 24), MOGLM_BAD_ARG, "B must be >= 1, got " + str(B));
    MOGLM_REQUIRE(words != nullptr, MOGLM_BAD_ARG, "words is null");
    MOGLM_REQUIRE(n == B, MOGLM_BAD_ARG, "words length " + str(n) + " != B = " + str(B));
    {
        std::string e = memory_error(workspace_bytes(c, B, h->precision == 0 ? 4 : 8), "the workspace of B = " + str(B));
        MOGLM_REQUIRE(e.empty(), MOGLM_BAD_ARG, e);
    }
    if (int rc = check_words(words, n, 0, c.V, "words")) return rc;
    MOGLM_REQUIRE(state != nullptr, MOGLM_BAD_ARG, "state is null");
    MOGLM_REQUIRE(state_len == 2L * c.L * c.H * B, MOGLM_BAD_ARG,
                  "state length " + str(state_len) + " != 2*layers*hidden*B = " + str(2L * c.L * c.H * B));
    MOGLM_REQUIRE(out != nullptr, MOGLM_BAD_ARG, "logProbsOut is null");
    MOGLM_REQUIRE(out_len == (int64_t)B * c.V, MOGLM_BAD_ARG,
                  "logProbsOut length " + str(out_len) + " != B*V = " + str((int64_t)B * c.V));
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        m.step(words, B, (S*)state, out);
        return MOGLM_OK;
    });
}

// The recurrent part of lm_step only: the B states advance on the B words, no output layer
// (self-normalized scoring asks for single words with lm_output_logits). Batch-independent.
inline int lm_step_states(LM* h, const int* words, int64_t n, int B, void* state, int64_t state_len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(!lm_restricted(h), MOGLM_BAD_STATE, "lm_step_states reads every vocabulary row: lift the row restriction first");
    const Config& c = h->cfg();
    MOGLM_REQUIRE(B >= 1 && B <= (1 << 24), MOGLM_BAD_ARG, "B must be >= 1, got " + str(B));
    MOGLM_REQUIRE(words != nullptr, MOGLM_BAD_ARG, "words is null");
    MOGLM_REQUIRE(n == B, MOGLM_BAD_ARG, "words length " + str(n) + " != B = " + str(B));
    if (int rc = check_words(words, n, 0, c.V, "words")) return rc;
    MOGLM_REQUIRE(state != nullptr, MOGLM_BAD_ARG, "state is null");
    MOGLM_REQUIRE(state_len == 2L * c.L * c.H * B, MOGLM_BAD_ARG,
                  "state length " + str(state_len) + " != 2*layers*hidden*B = " + str(2L * c.L * c.H * B));
    return dispatch(h, [&](auto& m) {
        using S = typename std::remove_reference<decltype(m.params)>::type::value_type;
        m.step_states(words, B, (S*)state);
        return MOGLM_OK;
    });
}

// Raw logits (output layer without softmax, bias included) of n (hidden vector, model index)
// pairs: out[i] = z_{outputs[i]}(hidden row rows[i]); hidden is nh x H (top-layer h, float).
inline int lm_output_logits(LM* h, const float* hidden, int64_t hidden_len, int nh, const int* rows,
                            const int* outputs, int64_t n, float* out, int64_t out_len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(!lm_restricted(h), MOGLM_BAD_STATE, "lm_output_logits reads every vocabulary row: lift the row restriction first");
    const Config& c = h->cfg();
    MOGLM_REQUIRE(nh >= 1, MOGLM_BAD_ARG, "number of hidden vectors must be >= 1, got " + str(nh));
    MOGLM_REQUIRE(hidden && hidden_len == (int64_t)nh * c.H, MOGLM_BAD_ARG,
                  "hidden length " + str(hidden_len) + " != vectors*hidden = " + str((int64_t)nh * c.H));
    MOGLM_REQUIRE(n >= 0 && rows && outputs && out && out_len == n, MOGLM_BAD_ARG, "rows/outputs/out must hold n values");
    if (int rc = check_words(outputs, n, 0, c.V, "outputs")) return rc;
    if (int rc = check_words(rows, n, 0, nh, "rows")) return rc;
    return dispatch(h, [&](auto& m) {
        m.output_logits(hidden, nh, rows, outputs, n, out);
        return MOGLM_OK;
    });
}

// log Z = log sum_w exp(z_w) of each of nh hidden vectors; all (nullable, nh x V) receives the z_w.
inline int lm_output_lognorm(LM* h, const float* hidden, int64_t hidden_len, int nh, float* logz, int64_t logz_len,
                             float* all, int64_t all_len) {
    MOGLM_REQUIRE_HANDLE(h);
    MOGLM_REQUIRE(!lm_restricted(h), MOGLM_BAD_STATE, "lm_output_lognorm reads every vocabulary row: lift the row restriction first");
    const Config& c = h->cfg();
    MOGLM_REQUIRE(nh >= 1, MOGLM_BAD_ARG, "number of hidden vectors must be >= 1, got " + str(nh));
    MOGLM_REQUIRE(hidden && hidden_len == (int64_t)nh * c.H, MOGLM_BAD_ARG,
                  "hidden length " + str(hidden_len) + " != vectors*hidden = " + str((int64_t)nh * c.H));
    MOGLM_REQUIRE(logz && logz_len == nh, MOGLM_BAD_ARG, "logz length " + str(logz_len) + " != " + str(nh));
    MOGLM_REQUIRE(!all || all_len == (int64_t)nh * c.V, MOGLM_BAD_ARG,
                  "logits length " + str(all_len) + " != vectors*V = " + str((int64_t)nh * c.V));
    return dispatch(h, [&](auto& m) {
        m.output_lognorm(hidden, nh, logz, all);
        return MOGLM_OK;
    });
}

inline int sgemm(int transA, int transB, int M, int N, int K, float alpha, const float* A, int64_t lenA, int lda,
                 const float* B, int64_t lenB, int ldb, float beta, float* C, int64_t lenC, int ldc) {
    MOGLM_REQUIRE(M >= 1 && N >= 1 && K >= 1, MOGLM_BAD_ARG, "sgemm sizes must be >= 1");
    MOGLM_REQUIRE(A && B && C, MOGLM_BAD_ARG, "sgemm: null buffer");
    int64_t ar = transA ? K : M, ac = transA ? M : K, br = transB ? N : K, bc = transB ? K : N;
    MOGLM_REQUIRE(lda >= ac && ldb >= bc && ldc >= N, MOGLM_BAD_ARG, "sgemm: leading dimension too small");
    MOGLM_REQUIRE(lenA >= (ar - 1) * lda + ac && lenB >= (br - 1) * ldb + bc && lenC >= (int64_t)(M - 1) * ldc + N,
                  MOGLM_BAD_ARG, "sgemm: buffer too small for the sizes");
    gemm<float>(transA != 0, transB != 0, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return MOGLM_OK;
}

}  // namespace moglm
