// Model configuration and the layout of the flat parameter vector.
//
// Sizes: V vocabulary, E embedding, H hidden, L layers, r mogrifier rounds, k rank of the mogrifier
// matrices (0 = full), kl rank of the LSTM matrices (0 = full), ke rank of the embedding and output
// matrices (0 = full), tied (output layer reuses the embedding; needs E == H). Layer l reads
// m_l = (l == 0 ? E : H). A factored matrix W = left * right (ops/factored_linear.h).
//
// Tensors, in this fixed order (row-major rows x cols, a bias is rows x 1):
//   embed                      V x E            (ke = 0)
//   embed.left, embed.right    V x ke, ke x E   (ke > 0: embed = left * right)
//   per layer l:
//     layer<l>.lstm.weight     4H x (m_l + H)   rows: gate blocks i, f, g, o; cols: [x | h]   (kl = 0)
//     layer<l>.lstm.left       4H x kl, .right kl x (m_l + H)                                (kl > 0)
//     layer<l>.lstm.bias       4H               (forget block initialised to 1)
//     per round i = 1..r (odd i gates x from h: m_l x H; even i gates h from x: H x m_l):
//       layer<l>.mog<i>.weight    rows x cols            (rank 0)
//       layer<l>.mog<i>.left      rows x k, .right k x cols   (rank k > 0)
//       layer<l>.mog<i>.bias      rows
//   out.weight                 V x H            (absent when tied: the embedding is used; ke = 0)
//   out.left, out.right        V x ke, ke x H   (untied, ke > 0: the same rank as the embedding)
//   out.bias                   V
#pragma once
#include <string>
#include <vector>

namespace moglm {

struct Config {
    int V = 0, E = 0, H = 0, L = 0, r = 0, k = 0, kl = 0, ke = 0;
    bool tied = false;
    int input_size(int l) const { return l == 0 ? E : H; }
    int round_rows(int l, int i) const { return (i % 2 == 1) ? input_size(l) : H; }
    int round_cols(int l, int i) const { return (i % 2 == 1) ? H : input_size(l); }
};

// Returns an empty string when valid, else what is wrong.
inline std::string config_error(const Config& c) {
    auto s = [](long v) { return std::to_string(v); };
    if (c.V < 1) return "vocabSize must be >= 1, got " + s(c.V);
    if (c.E < 1) return "embedSize must be >= 1, got " + s(c.E);
    if (c.H < 1) return "hiddenSize must be >= 1, got " + s(c.H);
    if (c.L < 1) return "layers must be >= 1, got " + s(c.L);
    if (c.r < 0) return "rounds must be >= 0, got " + s(c.r);
    if (c.k < 0) return "rank must be >= 0, got " + s(c.k);
    if (c.kl < 0) return "lstm rank must be >= 0, got " + s(c.kl);
    if (c.ke < 0) return "embed rank must be >= 0, got " + s(c.ke);
    if (c.kl > 4 * c.H) return "lstm rank must be <= 4*hiddenSize = " + s(4L * c.H) + ", got " + s(c.kl);
    if (c.ke > c.V) return "embed rank must be <= vocabSize = " + s(c.V) + ", got " + s(c.ke);
    if (c.tied && c.E != c.H) return "tied output needs embedSize == hiddenSize, got " + s(c.E) + " and " + s(c.H);
    if ((long)c.V * c.E > (1L << 40) || (long)4 * c.H * (c.E + c.H) > (1L << 40)) return "model too large";
    return "";
}

struct TensorInfo {
    std::string name;
    int rows = 0, cols = 0;
    long offset = 0;
    long size() const { return (long)rows * cols; }
};

struct Layout {
    struct LayerIdx {
        int lstm_w = -1, lstm_l = -1, lstm_r = -1, lstm_b = -1;   // weight (kl = 0) or left/right (kl > 0)
        std::vector<int> mog_w, mog_l, mog_r, mog_b;   // index i-1 for round i; -1 when absent
    };
    std::vector<TensorInfo> tensors;
    std::vector<LayerIdx> layers;
    int embed = -1, out_w = -1, out_b = -1;
    int embed_l = -1, embed_r = -1, out_l = -1, out_r = -1;   // ke > 0 (out_*: untied only)
    // the output matrix (V x H): the embedding when tied, else out.*
    int outw() const { return out_w >= 0 ? out_w : (out_l >= 0 ? -1 : embed); }
    int outl() const { return out_l >= 0 ? out_l : embed_l; }
    int outr() const { return out_r >= 0 ? out_r : embed_r; }
    long total = 0;

    const TensorInfo& operator[](int i) const { return tensors[i]; }

    static Layout build(const Config& c) {
        Layout lay;
        auto add = [&lay](const std::string& name, int rows, int cols) {
            lay.tensors.push_back(TensorInfo{name, rows, cols, lay.total});
            lay.total += (long)rows * cols;
            return (int)lay.tensors.size() - 1;
        };
        if (c.ke == 0) {
            lay.embed = add("embed", c.V, c.E);
        } else {
            lay.embed_l = add("embed.left", c.V, c.ke);
            lay.embed_r = add("embed.right", c.ke, c.E);
        }
        for (int l = 0; l < c.L; ++l) {
            LayerIdx li;
            std::string p = "layer" + std::to_string(l) + ".";
            int m = c.input_size(l);
            if (c.kl == 0) {
                li.lstm_w = add(p + "lstm.weight", 4 * c.H, m + c.H);
            } else {
                li.lstm_l = add(p + "lstm.left", 4 * c.H, c.kl);
                li.lstm_r = add(p + "lstm.right", c.kl, m + c.H);
            }
            li.lstm_b = add(p + "lstm.bias", 4 * c.H, 1);
            for (int i = 1; i <= c.r; ++i) {
                std::string q = p + "mog" + std::to_string(i) + ".";
                int rows = c.round_rows(l, i), cols = c.round_cols(l, i);
                if (c.k == 0) {
                    li.mog_w.push_back(add(q + "weight", rows, cols));
                    li.mog_l.push_back(-1); li.mog_r.push_back(-1);
                } else {
                    li.mog_w.push_back(-1);
                    li.mog_l.push_back(add(q + "left", rows, c.k));
                    li.mog_r.push_back(add(q + "right", c.k, cols));
                }
                li.mog_b.push_back(add(q + "bias", rows, 1));
            }
            lay.layers.push_back(li);
        }
        if (!c.tied && c.ke == 0) lay.out_w = add("out.weight", c.V, c.H);
        if (!c.tied && c.ke > 0) {
            lay.out_l = add("out.left", c.V, c.ke);
            lay.out_r = add("out.right", c.ke, c.H);
        }
        lay.out_b = add("out.bias", c.V, 1);
        return lay;
    }
};

}  // namespace moglm
