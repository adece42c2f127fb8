// CSR copies of chosen weight matrices, for the inference forward (ops/sparse_matmul.h).
//
// A model may carry, per weight tensor, a CSR snapshot of its effective weights and a minimum
// column count: a product "W x (K x N block)" in an inference forward (train = false, and step())
// uses the CSR kernel when the tensor has a snapshot and N >= min_n, the dense GEMM otherwise.
// Which tensors and which min_n is the caller's policy (Java: moglm.model.SparseKernels, from
// cpp/test/sparse_bench.sh). Tensors that take part in a product:
//   layer<l>.lstm.weight   rounds > 0: one CSR of the whole 4H x (m + H) matrix ([x; h] per step);
//                          rounds = 0: two, of the column blocks x (4H x m, all T*B positions at
//                          once) and h (4H x H, per step), as the forward splits them
//   layer<l>.mog<i>.weight full-rank mogrifier rounds
//   out.weight, or embed when tied: the output layer (logits are position-major: transposed output)
// The snapshot is not updated by later parameter or mask changes: the C API drops every snapshot
// whenever parameters or masks change through it (lm_refresh, mask setters).
#pragma once
#include <vector>

#include "layout.h"
#include "ops/sparse_matmul.h"

namespace moglm {

template <typename S>
struct SparseWeights {
    struct Entry {
        std::vector<Csr<S>> parts;   // empty = no snapshot
        int min_n = 0;
    };
    std::vector<Entry> t;            // per tensor index (sized lazily)

    // Whether tensor i may have a snapshot (takes part in a product, see above).
    static bool eligible(const Config& c, const Layout& lay, int i) {
        if (i == (c.tied ? lay.embed : lay.out_w)) return true;
        for (const auto& li : lay.layers) {
            if (i == li.lstm_w) return true;
            for (int w : li.mog_w)
                if (w == i) return true;
        }
        return false;
    }

    // Snapshot of tensor i from the effective parameters P; min_n <= 0 removes it.
    void set(const Config& c, const Layout& lay, const S* P, int i, int min_n) {
        if (t.size() < lay.tensors.size()) t.resize(lay.tensors.size());
        Entry& e = t[i];
        e.parts.clear();
        e.min_n = 0;
        if (min_n <= 0) return;
        const TensorInfo& ti = lay[i];
        const S* W = P + ti.offset;
        bool split = c.r == 0 && is_lstm(lay, i);
        if (split) {
            const int m = ti.cols - c.H;
            e.parts.push_back(csr_from_dense(ti.rows, m, W, ti.cols));
            e.parts.push_back(csr_from_dense(ti.rows, c.H, W + m, ti.cols));
        } else {
            e.parts.push_back(csr_from_dense(ti.rows, ti.cols, W, ti.cols));
        }
        e.min_n = min_n;
    }

    static bool is_lstm(const Layout& lay, int i) {
        for (const auto& li : lay.layers)
            if (li.lstm_w == i) return true;
        return false;
    }

    // Part `part` of tensor i's snapshot if it should serve a product with N columns, else null.
    const Csr<S>* use(int i, int part, long N) const {
        if (i < 0 || i >= (int)t.size()) return nullptr;
        const Entry& e = t[i];
        if (e.parts.empty() || N < e.min_n || part >= (int)e.parts.size()) return nullptr;
        return &e.parts[part];
    }

    long nnz(int i) const {
        if (i < 0 || i >= (int)t.size() || t[i].parts.empty()) return -1;
        long n = 0;
        for (const auto& p : t[i].parts) n += p.nnz();
        return n;
    }

    void clear() { std::vector<Entry>().swap(t); }
};

}  // namespace moglm
