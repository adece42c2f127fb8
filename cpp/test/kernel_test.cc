#include <algorithm>
// Stand-alone C++ test of the kernels, meant to run under -fsanitize=address,undefined or valgrind
// (cpp/test/run.sh). Compares the fast ops with their plain references and checks the model's
// gradients against central finite differences through the same C API Java uses.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "moglm_kernels.h"
#include "ops/sparse_matmul.h"

using namespace moglm;

static int failures = 0;
static void check(bool ok, const char* what, double value, double limit) {
    std::printf("%-58s %12.3e  (limit %.1e)  %s\n", what, value, limit, ok ? "ok" : "FAIL");
    if (!ok) ++failures;
}

static void test_activations() {
    double worst = 0;
    for (float x = -80.f; x <= 80.f; x += 0.00731f) {
        double ref = std::exp((double)x);
        worst = std::fmax(worst, std::fabs(fast_exp(x) - ref) / ref);
    }
    check(worst < 3e-7, "fast_exp vs exp, max rel err on [-80, 80]", worst, 3e-7);
    double ws = 0, wt = 0;
    for (float x = -30.f; x <= 30.f; x += 0.00317f) {
        ws = std::fmax(ws, std::fabs(sigmoid(x) - sigmoid_ref((double)x)));
        wt = std::fmax(wt, std::fabs(tanh_act(x) - std::tanh((double)x)));
    }
    check(ws < 2e-7, "sigmoid fast vs ref, max abs err", ws, 2e-7);
    check(wt < 3e-7, "tanh fast vs ref, max abs err", wt, 3e-7);
}

static void test_gemm() {
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(-1, 1);
    double worst = 0, worst_f = 0;
    // (7 x 5) goes to dgemm; M = 1 or N = 1 to dgemv (blas.h); beta = 0 must overwrite even NaN
    const int shapes[4][2] = {{7, 5}, {1, 5}, {7, 1}, {1, 1}};
    for (const auto& mn : shapes)
        for (double beta : {0.3, 0.0})
            for (int ta = 0; ta < 2; ++ta)
                for (int tb = 0; tb < 2; ++tb) {
                    int M = mn[0], N = mn[1], K = 9, lda = 13, ldb = 11, ldc = 8;
                    std::vector<double> A(20 * 13), B(20 * 11), C(7 * 8), R(7 * 8);
                    for (auto& v : A) v = u(rng);
                    for (auto& v : B) v = u(rng);
                    for (size_t i = 0; i < C.size(); ++i) C[i] = R[i] = beta == 0 ? NAN : u(rng);
                    gemm<double>(ta, tb, M, N, K, 0.7, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
                    gemm_ref<double>(ta, tb, M, N, K, 0.7, A.data(), lda, B.data(), ldb, beta, R.data(), ldc);
                    for (int i = 0; i < M; ++i)
                        for (int j = 0; j < N; ++j) {
                            double d = std::fabs(C[i * ldc + j] - R[i * ldc + j]);
                            worst = std::fmax(worst, std::isnan(d) ? 1.0 : d);
                        }
                    std::vector<float> Af(A.begin(), A.end()), Bf(B.begin(), B.end()), Cf(7 * 8), Rf(7 * 8);
                    for (size_t i = 0; i < Cf.size(); ++i) Cf[i] = Rf[i] = beta == 0 ? NAN : (float)u(rng);
                    gemm<float>(ta, tb, M, N, K, 0.7f, Af.data(), lda, Bf.data(), ldb, (float)beta, Cf.data(), ldc);
                    gemm_ref<float>(ta, tb, M, N, K, 0.7f, Af.data(), lda, Bf.data(), ldb, (float)beta, Rf.data(), ldc);
                    for (int i = 0; i < M; ++i)
                        for (int j = 0; j < N; ++j) {
                            double d = std::fabs(Cf[i * ldc + j] - Rf[i * ldc + j]);
                            worst_f = std::fmax(worst_f, std::isnan(d) ? 1.0 : d);
                        }
                }
    check(worst < 1e-12, "dgemm/dgemv vs gemm_ref (all transposes, beta 0), max abs err", worst, 1e-12);
    check(worst_f < 1e-5, "sgemm/sgemv vs gemm_ref (all transposes, beta 0), max abs err", worst_f, 1e-5);
}

static void test_softmax_and_cell() {
    std::mt19937 rng(2);
    std::normal_distribution<float> g(0, 3);
    int N = 6, V = 1000;
    std::vector<float> z(N * V), lse(N), lref(N);
    for (auto& v : z) v = g(rng);
    row_logsumexp(z.data(), N, V, lse.data());
    row_logsumexp_ref(z.data(), N, V, lref.data());
    double w = 0;
    for (int p = 0; p < N; ++p) w = std::fmax(w, std::fabs(lse[p] - lref[p]));
    check(w < 1e-5, "row_logsumexp vs ref, max abs err", w, 1e-5);

    int H = 9, B = 4;
    std::vector<float> G(4 * H * B), G2, cp(H * B), c(H * B), tc(H * B), h(H * B), c2(H * B), tc2(H * B), h2(H * B);
    for (auto& v : G) v = g(rng);
    for (auto& v : cp) v = g(rng);
    G2 = G;
    lstm_cell_forward(H, B, G.data(), B, cp.data(), B, c.data(), B, tc.data(), B, h.data(), B);
    lstm_cell_forward_ref(H, B, G2.data(), B, cp.data(), B, c2.data(), B, tc2.data(), B, h2.data(), B);
    double wc = 0;
    for (int i = 0; i < H * B; ++i) wc = std::fmax(wc, std::fmax(std::fabs(c[i] - c2[i]), std::fabs(h[i] - h2[i])));
    check(wc < 1e-5, "lstm_cell_forward vs ref (c, h), max abs err", wc, 1e-5);
}

// CSR kernel: fast (AVX2 float / generic double) against the plain reference, and the reference
// against the dense product of the same matrix, over densities, column counts hitting every
// block width and the scalar tail, a leading dimension > N, beta 0 / non-zero, both output forms.
static void test_sparse_matmul() {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(-1, 1);
    double worst_fast = 0, worst_dense = 0, worst_double = 0;
    bool nnz_ok = true;
    for (double density : {1.0, 0.8, 0.37, 0.05, 0.0})
        for (int N : {1, 3, 8, 17, 64, 121}) {
            const int M = 23, K = 41, ldx = N + 5, ldw = K + 2;
            std::vector<float> W((long)M * ldw), X((long)K * ldx);
            long nz = 0;
            for (int i = 0; i < M; ++i)
                for (int j = 0; j < ldw; ++j) {
                    float v = u(rng);
                    bool keep = j < K && std::uniform_real_distribution<double>(0, 1)(rng) < density;
                    W[(long)i * ldw + j] = keep ? v : (j < K ? 0.f : 99.f);   // 99: outside the block
                    nz += keep;
                }
            for (auto& v : X) v = u(rng);
            Csr<float> c = csr_from_dense(M, K, W.data(), ldw);
            nnz_ok = nnz_ok && c.nnz() == nz && (long)c.rp[M] == nz;
            for (int trans = 0; trans < 2; ++trans)
                for (float beta : {0.f, 0.5f}) {
                    const int ldy = trans ? M + 3 : N + 2;
                    const long ylen = trans ? (long)N * ldy : (long)M * ldy;
                    std::vector<float> Y0(ylen);
                    for (auto& v : Y0) v = u(rng);
                    std::vector<float> Yf = Y0, Yr = Y0, Yd = Y0;
                    csr_matmul<float>(c, N, X.data(), ldx, beta, Yf.data(), ldy, trans);
                    csr_matmul_ref<float>(c, N, X.data(), ldx, beta, Yr.data(), ldy, trans);
                    // dense: Y = W X (+ beta Y), or Yt = X^T W^T (+ beta Yt)
                    if (!trans) gemm_ref<float>(false, false, M, N, K, 1.f, W.data(), ldw, X.data(), ldx, beta, Yd.data(), ldy);
                    else gemm_ref<float>(true, true, N, M, K, 1.f, X.data(), ldx, W.data(), ldw, beta, Yd.data(), ldy);
                    for (long i = 0; i < ylen; ++i) {
                        worst_fast = std::fmax(worst_fast, std::fabs(Yf[i] - Yr[i]));
                        worst_dense = std::fmax(worst_dense, std::fabs(Yr[i] - Yd[i]));
                    }
                    std::vector<double> Wd(W.begin(), W.end()), Xd(X.begin(), X.end()), Ydf(Y0.begin(), Y0.end()), Ydr = Ydf;
                    Csr<double> cd = csr_from_dense(M, K, Wd.data(), ldw);
                    csr_matmul<double>(cd, N, Xd.data(), ldx, beta, Ydf.data(), ldy, trans);
                    csr_matmul_ref<double>(cd, N, Xd.data(), ldx, beta, Ydr.data(), ldy, trans);
                    for (long i = 0; i < ylen; ++i) worst_double = std::fmax(worst_double, std::fabs(Ydf[i] - Ydr[i]));
                }
        }
    check(nnz_ok, "csr_from_dense keeps exactly the non-zeros of the block", nnz_ok ? 0 : 1, 0.5);
    check(worst_fast < 2e-5, "csr_matmul (float, fast) vs csr_matmul_ref, max abs err", worst_fast, 2e-5);
    check(worst_double < 1e-12, "csr_matmul (double) vs csr_matmul_ref, max abs err", worst_double, 1e-12);
    check(worst_dense < 1e-6, "csr_matmul_ref vs dense gemm_ref, max abs err", worst_dense, 1e-6);
}

// Inference forward and step() with CSR snapshots of the pruned weight matrices equal the dense
// path (r = 0 splits the LSTM matrix in x / h blocks; tied and untied output; low rank keeps the
// mogrifier dense); a parameter refresh drops the snapshots; non-matrices are refused.
static void test_sparse_inference() {
    struct M { int V, E, H, L, r, k, tied; };
    const M cases[] = {{13, 6, 6, 2, 3, 0, 1}, {13, 5, 7, 2, 0, 0, 0}, {13, 6, 6, 1, 4, 2, 1}};
    double worst = 0;
    bool ok = true;
    for (const M& mc : cases) {
        LM* m = lm_create(0, mc.V, mc.E, mc.H, mc.L, mc.r, mc.k, mc.tied);
        std::mt19937 rng(17);
        std::uniform_real_distribution<float> u(-0.5f, 0.5f);
        float* P = (float*)lm_params(m);
        for (long i = 0; i < lm_num_params(m); ++i) P[i] = rng() % 10 < 7 ? 0.f : u(rng);   // ~30% dense
        const int T = 4, B = 3;
        std::vector<int> in(T * B);
        for (auto& w : in) w = rng() % mc.V;
        std::vector<float> st0(2L * mc.L * mc.H * B);
        for (auto& v : st0) v = u(rng);
        auto run = [&](std::vector<float>& lp, std::vector<float>& st, std::vector<float>& steplp, std::vector<float>& stepst) {
            st = st0;
            lp.assign((long)T * B * mc.V, 0.f);
            ok = ok && lm_forward(m, in.data(), in.size(), T, B, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0) == MOGLM_OK;
            ok = ok && lm_log_probs(m, lp.data(), lp.size()) == MOGLM_OK;
            stepst = st0;
            steplp.assign((long)B * mc.V, 0.f);
            ok = ok && lm_step(m, in.data(), B, B, stepst.data(), stepst.size(), steplp.data(), steplp.size()) == MOGLM_OK;
            std::vector<float> one(2L * mc.L * mc.H), onelp(mc.V);   // B = 1 (sequence 0): the matrix-vector paths
            for (size_t j = 0; j < one.size(); ++j) one[j] = st0[j * B];
            ok = ok && lm_step(m, &in[0], 1, 1, one.data(), one.size(), onelp.data(), onelp.size()) == MOGLM_OK;
            steplp.insert(steplp.end(), onelp.begin(), onelp.end());
            stepst.insert(stepst.end(), one.begin(), one.end());
        };
        std::vector<float> lp0, st0out, slp0, sst0, lp1, st1, slp1, sst1;
        run(lp0, st0out, slp0, sst0);
        int enabled = 0;
        for (int i = 0; i < lm_num_tensors(m); ++i) {
            int rc = lm_set_sparse(m, i, 1);
            if (rc == MOGLM_OK) ++enabled;
            ok = ok && (rc == MOGLM_OK) == (lm_sparse_nnz(m, i) >= 0);
        }
        int expect = mc.L + (mc.k == 0 ? mc.L * mc.r : 0) + 1;
        ok = ok && enabled == expect;
        run(lp1, st1, slp1, sst1);
        for (size_t i = 0; i < lp0.size(); ++i) worst = std::fmax(worst, std::fabs(lp0[i] - lp1[i]));
        for (size_t i = 0; i < st1.size(); ++i) worst = std::fmax(worst, std::fabs(st0out[i] - st1[i]));
        for (size_t i = 0; i < slp0.size(); ++i) worst = std::fmax(worst, std::fabs(slp0[i] - slp1[i]));
        for (size_t i = 0; i < sst0.size(); ++i) worst = std::fmax(worst, std::fabs(sst0[i] - sst1[i]));
        ok = ok && lm_refresh(m) == MOGLM_OK;
        for (int i = 0; i < lm_num_tensors(m); ++i) ok = ok && lm_sparse_nnz(m, i) == -1;
        lm_destroy(m);
    }
    check(ok, "sparse snapshots: eligible tensors only, dropped by refresh", ok ? 0 : 1, 0.5);
    check(worst < 1e-5, "inference with CSR snapshots vs dense (forward, step), max abs err", worst, 1e-5);
}

struct Case {
    int V, E, H, L, r, k, tied;
    bool masks, dropout, kd;
    double hidden = 0;   // weight W of sum_l sum_p (1/H) sum_j (h_lpj - target_lpj)^2 (0 = off)
    int kl = 0, ke = 0;  // factored LSTM / embedding+output ranks (0 = dense)
    int samples = 0;     // > 0: sampled output (targets + this many other words, ops/sampled_output.h)
    int objective = 0;   // with samples: KALDI, SOFTMAX or NCE (NCE: noise measure 0.3 + 0.1 w)
    double beta = 0;     // with samples: the (log Zs)^2 weight
};

// Fixed targets of the hidden-output term (one per layer, T*B*H each).
static std::vector<std::vector<double>> hidden_targets;

// Loss of the model at its current parameters from a fixed initial state.
static double loss_at(LM* m, const std::vector<int>& in, const std::vector<int>& tg, int T, int B,
                      const std::vector<double>& st0, const std::vector<float>& drop, const std::vector<double>& teacher,
                      const Case& cs, std::vector<double>* dstate = nullptr) {
    std::vector<double> st = st0;
    const Config& c = m->cfg();
    long HB = (long)c.H * B;
    const float* de = cs.dropout ? drop.data() : nullptr;
    const float* ds = cs.dropout ? drop.data() + c.E * B : nullptr;
    const float* db = cs.dropout && c.L > 1 ? drop.data() + c.E * B + c.L * HB : nullptr;
    const float* dout = cs.dropout ? drop.data() + c.E * B + (2 * c.L - 1) * HB : nullptr;
    int rc = lm_forward(m, in.data(), in.size(), T, B, st.data(), st.size(), de, c.E * B, ds, c.L * HB, db,
                        (c.L - 1) * HB, dout, HB, dstate != nullptr);
    if (rc) { std::printf("forward failed: %s\n", last_error()); std::exit(2); }
    double extra = 0;
    if (cs.hidden != 0) {   // W * MSE of every layer's output against its fixed target
        long n = (long)T * B * c.H;
        std::vector<double> hl(n), g(n);
        for (int l = 0; l < c.L; ++l) {
            rc = lm_copy_hidden_d(m, l, hl.data(), n);
            if (rc) { std::printf("copy hidden failed: %s\n", last_error()); std::exit(2); }
            for (long i = 0; i < n; ++i) {
                double d = hl[i] - hidden_targets[l][i];
                extra += cs.hidden * d * d / c.H;
                g[i] = 2 * cs.hidden * d / c.H;
            }
            if (dstate && (rc = lm_set_hidden_grad_d(m, l, g.data(), n))) {
                std::printf("set hidden grad failed: %s\n", last_error());
                std::exit(2);
            }
        }
    }
    double res[3];
    rc = lm_loss(m, tg.data(), tg.size(), 1.0, cs.kd ? teacher.data() : nullptr, teacher.size(), cs.kd ? 0.7 : 0.0,
                 2.0, res);
    if (rc) { std::printf("loss failed: %s\n", last_error()); std::exit(2); }
    if (dstate) {
        rc = lm_backward(m, dstate->data(), dstate->size());
        if (rc) { std::printf("backward failed: %s\n", last_error()); std::exit(2); }
    }
    return res[0] + extra;
}

static void test_gradients(const Case& cs) {
    const int T = 3, B = 2;
    LM* m = lm_create_factored(1, cs.V, cs.E, cs.H, cs.L, cs.r, cs.k, cs.kl, cs.ke, cs.tied);
    if (!m) { std::printf("create failed: %s\n", last_error()); ++failures; return; }
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-0.5, 0.5);
    long n = lm_num_params(m);
    double* P = (double*)lm_params(m);
    for (long i = 0; i < n; ++i) P[i] = u(rng);
    const Config& c = m->cfg();
    std::vector<int> in(T * B), tg(T * B);
    for (auto& w : in) w = rng() % cs.V;
    for (auto& w : tg) w = rng() % cs.V;
    tg[1] = -1;
    std::vector<double> st(2L * c.L * c.H * B);
    for (auto& v : st) v = u(rng);
    std::vector<float> drop(c.E * B + (2L * c.L) * c.H * B);
    for (auto& v : drop) v = (rng() % 4 == 0) ? 0.f : 1.f / 0.75f;
    std::vector<double> teacher((long)T * B * c.V);
    for (auto& v : teacher) v = 2 * u(rng);
    hidden_targets.assign(c.L, std::vector<double>((long)T * B * c.H));
    for (auto& t : hidden_targets)
        for (auto& v : t) v = u(rng);
    if (cs.masks) {
        std::vector<float> em(n);
        for (auto& v : em) v = rng() % 5 == 0 ? 0.f : 1.f;
        lm_set_elem_mask(m, em.data(), n);
    }
    if (cs.masks && cs.kl == 0 && cs.ke == 0) {   // tensor 1 = layer0.lstm.weight
        std::vector<float> rm(4 * c.H, 1.f);
        rm[1] = 0;
        lm_set_unit_mask(m, 1, 0, rm.data(), rm.size());
        std::vector<float> cm(c.E + c.H, 1.f);
        cm[0] = 0;
        lm_set_unit_mask(m, 1, 1, cm.data(), cm.size());
    }
    if (cs.samples > 0) {   // the targets (inv 1) plus other words with inverse probabilities > 1
        std::vector<int> sw;
        std::vector<float> inv;
        for (int w : tg)
            if (w >= 0 && std::find(sw.begin(), sw.end(), w) == sw.end()) { sw.push_back(w); inv.push_back(1.f); }
        for (int w = 0; w < cs.V && (int)sw.size() < (int)std::count(inv.begin(), inv.end(), 1.f) + cs.samples; ++w)
            if (std::find(sw.begin(), sw.end(), w) == sw.end()) { sw.push_back(w); inv.push_back(1.5f + 0.25f * w); }
        if (lm_set_output_sample(m, sw.data(), sw.size(), inv.data(), inv.size())) {
            std::printf("set sample failed: %s\n", last_error());
            ++failures;
            return;
        }
        std::vector<float> lam;
        for (int w : sw) lam.push_back(0.3f + 0.1f * w);
        if (lm_set_sampled_objective(m, cs.objective) || lm_set_log_z_penalty(m, cs.beta) ||
            (cs.objective == NCE && lm_set_output_noise(m, lam.data(), lam.size()))) {
            std::printf("set objective failed: %s\n", last_error());
            ++failures;
            return;
        }
    }
    lm_zero_grads(m);
    std::vector<double> dstate(st.size());
    loss_at(m, in, tg, T, B, st, drop, teacher, cs, &dstate);
    std::vector<double> grad((double*)lm_grads(m), (double*)lm_grads(m) + n);
    double worst = 0;
    const double h = 1e-3;
    auto rel = [](double a, double b) { return std::fabs(a - b) / std::fmax(1e-5, std::fabs(a) + std::fabs(b)); };
    auto fd = [&](double* x, std::vector<double>* s0) {   // 4-point central difference
        double x0 = *x, f[4], steps[4] = {-2 * h, -h, h, 2 * h};
        for (int i = 0; i < 4; ++i) {
            *x = x0 + steps[i];
            f[i] = loss_at(m, in, tg, T, B, s0 ? *s0 : st, drop, teacher, cs);
        }
        *x = x0;
        return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
    };
    for (long i = 0; i < n; ++i) worst = std::fmax(worst, rel(grad[i], fd(P + i, nullptr)));
    for (size_t i = 0; i < st.size(); ++i) {
        std::vector<double> s1 = st;
        double g = fd(&s1[i], &s1);
        worst = std::fmax(worst, rel(dstate[i], g));
    }
    char what[128];
    const char* obj[] = {" sampled kaldi", " sampled softmax", " sampled nce"};
    std::snprintf(what, sizeof what, "grad check L=%d r=%d k=%d kl=%d ke=%d tied=%d masks=%d drop=%d kd=%d hid=%g%s beta=%g", cs.L,
                  cs.r, cs.k, cs.kl, cs.ke, cs.tied, cs.masks, cs.dropout, cs.kd, cs.hidden, cs.samples ? obj[cs.objective] : "",
                  cs.beta);
    check(worst < 1e-6, what, worst, 1e-6);
    lm_destroy(m);
}

// The factored ops against their plain references, and a factored model's log-probs against the
// dense model holding the product matrices (same function, so equal up to rounding).
static void test_factored_ops() {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(-1, 1);
    const int rows = 9, cols = 6, rank = 4, ldr = 8, N = 5;
    std::vector<double> L(rows * rank), R(rank * ldr), x(cols * N), dy(rows * N), y(rows * N), yr(rows * N);
    for (auto* v : {&L, &R, &x, &dy, &y}) for (auto& e : *v) e = u(rng);
    yr = y;
    Factored<double> f;
    f.rows = rows; f.cols = cols; f.rank = rank; f.L = L.data(); f.R = R.data(); f.ldr = ldr;
    std::vector<double> z(rank * N), zr(rank * N);
    factored_forward(f, N, x.data(), N, z.data(), N, 0.5, y.data(), N);
    factored_forward_ref(f, N, x.data(), N, zr.data(), N, 0.5, yr.data(), N);
    double worst = 0;
    for (size_t i = 0; i < y.size(); ++i) worst = std::fmax(worst, std::fabs(y[i] - yr[i]));
    std::vector<double> dz(rank * N), dzr(rank * N), dx(cols * N, 0.3), dxr(cols * N, 0.3);
    std::vector<double> gL(rows * rank, 0.1), gLr(rows * rank, 0.1), gR(rank * ldr, 0.2), gRr(rank * ldr, 0.2);
    factored_dz(f, N, dy.data(), N, dz.data(), N);
    factored_dx(f, N, dz.data(), N, 1.0, dx.data(), N);
    factored_grad_L(f, gL.data(), N, dy.data(), N, z.data(), N);
    factored_grad_R(f, gR.data(), N, dz.data(), N, x.data(), N);
    factored_backward_ref(f, N, x.data(), N, zr.data(), N, dy.data(), N, dzr.data(), N, 1.0, dxr.data(), N, gLr.data(),
                          gRr.data());
    for (size_t i = 0; i < dx.size(); ++i) worst = std::fmax(worst, std::fabs(dx[i] - dxr[i]));
    for (size_t i = 0; i < gL.size(); ++i) worst = std::fmax(worst, std::fabs(gL[i] - gLr[i]));
    for (size_t i = 0; i < gR.size(); ++i) worst = std::fmax(worst, std::fabs(gR[i] - gRr[i]));
    // position-major output (the logits' layout): y^T = L z
    std::vector<double> yp(N * rows);
    factored_y(f, N, z.data(), N, 0.0, yp.data(), rows, true);
    std::vector<double> yf(rows * N);
    factored_y(f, N, z.data(), N, 0.0, yf.data(), N);
    for (int i = 0; i < rows; ++i)
        for (int p = 0; p < N; ++p) worst = std::fmax(worst, std::fabs(yp[p * rows + i] - yf[i * N + p]));
    // factored embedding lookup
    const int V = 7, E = cols;
    std::vector<double> EL(V * rank), ER(rank * E), X(E * N), Xr(E * N), ze(rank * N);
    for (auto* v : {&EL, &ER}) for (auto& e : *v) e = u(rng);
    int words[N] = {3, 0, 6, 3, 1};
    factored_embedding_forward(EL.data(), ER.data(), rank, E, words, N, ze.data(), N, X.data(), N);
    factored_embedding_forward_ref(EL.data(), ER.data(), rank, E, words, N, Xr.data(), N);
    for (size_t i = 0; i < X.size(); ++i) worst = std::fmax(worst, std::fabs(X[i] - Xr[i]));
    check(worst < 1e-12, "factored ops (BLAS) vs plain references, max abs err", worst, 1e-12);

    // a factored model == the dense model of the products (tied, r = 0 and r = 2)
    double wm = 0;
    for (int r : {0, 2}) {
        const int mV = 11, H = 5, mL = 2, kl = 3, ke = 2, T = 3, B = 2;
        LM* fm = lm_create_factored(1, mV, H, H, mL, r, 0, kl, ke, 1);
        LM* dm = lm_create(1, mV, H, H, mL, r, 0, 1);
        double* fp = (double*)lm_params(fm);
        for (long i = 0; i < lm_num_params(fm); ++i) fp[i] = u(rng) * 0.5;
        double* dp = (double*)lm_params(dm);
        const Layout& fl = fm->lay();
        for (int t = 0; t < lm_num_tensors(dm); ++t) {
            const TensorInfo& ti = dm->lay()[t];
            const std::string suffix = ".weight";   // layer<l>.lstm.weight -> layer<l>.lstm.left; embed -> embed.left
            bool weight = ti.name.size() > suffix.size() && ti.name.compare(ti.name.size() - suffix.size(), suffix.size(), suffix) == 0;
            std::string base = weight ? ti.name.substr(0, ti.name.size() - suffix.size()) : ti.name;
            int same = -1, li = -1, ri = -1;
            for (int j = 0; j < (int)fl.tensors.size(); ++j) {
                if (fl[j].name == ti.name) same = j;
                if (fl[j].name == base + ".left") li = j;
                if (fl[j].name == base + ".right") ri = j;
            }
            if (same >= 0) {
                std::copy(fp + fl[same].offset, fp + fl[same].offset + ti.size(), dp + ti.offset);
            } else {   // product left * right
                int k = fl[li].cols;
                for (int i = 0; i < ti.rows; ++i)
                    for (int j = 0; j < ti.cols; ++j) {
                        double a = 0;
                        for (int q = 0; q < k; ++q) a += fp[fl[li].offset + i * k + q] * fp[fl[ri].offset + q * ti.cols + j];
                        dp[ti.offset + (long)i * ti.cols + j] = a;
                    }
            }
        }
        std::vector<int> in(T * B);
        for (auto& w : in) w = rng() % mV;
        std::vector<double> s1(2L * mL * H * B, 0.1), s2 = s1;
        std::vector<float> l1((long)T * B * mV), l2(l1.size());
        lm_forward(fm, in.data(), in.size(), T, B, s1.data(), s1.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        lm_log_probs(fm, l1.data(), l1.size());
        lm_forward(dm, in.data(), in.size(), T, B, s2.data(), s2.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        lm_log_probs(dm, l2.data(), l2.size());
        for (size_t i = 0; i < l1.size(); ++i) wm = std::fmax(wm, std::fabs(l1[i] - l2[i]));
        for (size_t i = 0; i < s1.size(); ++i) wm = std::fmax(wm, std::fabs(s1[i] - s2[i]));
        lm_destroy(fm);
        lm_destroy(dm);
    }
    check(wm < 1e-6, "factored model vs dense model of the products, max abs err", wm, 1e-6);
}

static void test_bad_calls() {
    bool ok = lm_create(0, 0, 4, 4, 1, 0, 0, 0) == nullptr;
    ok = ok && lm_create_factored(0, 5, 4, 4, 1, 0, 0, -1, 0, 0) == nullptr;
    ok = ok && lm_create_factored(0, 5, 4, 4, 1, 0, 0, 0, -2, 1) == nullptr;
    ok = ok && lm_create_factored(0, 5, 4, 4, 1, 0, 0, 17, 0, 1) == nullptr && std::string(last_error()).find("lstm rank") != std::string::npos;
    LM* m = lm_create(0, 5, 4, 4, 1, 2, 0, 0);
    int in[2] = {1, 7};
    std::vector<float> st(2 * 4 * 2);
    ok = ok && lm_forward(m, in, 2, 1, 2, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_BAD_ARG;
    in[1] = 2;
    ok = ok && lm_forward(m, in, 2, 1, 2, st.data(), 3, 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_BAD_ARG;
    ok = ok && lm_backward(m, nullptr, 0) == MOGLM_BAD_STATE;
    ok = ok && lm_forward(m, in, 2, 1, 2, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0) == MOGLM_OK;
    int tg[2] = {0, -1};
    double res[3];
    ok = ok && lm_loss(m, tg, 2, 1, nullptr, 0, 0.5, 1, res) == MOGLM_BAD_ARG;
    ok = ok && lm_loss(m, tg, 2, 1, nullptr, 0, 0, 1, res) == MOGLM_OK;
    ok = ok && lm_backward(m, nullptr, 0) == MOGLM_BAD_STATE;   // forward was not train
    ok = ok && lm_set_unit_mask(m, 99, 0, nullptr, 0) == MOGLM_BAD_ARG;
    ok = ok && lm_forward(nullptr, in, 2, 1, 2, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0) == MOGLM_BAD_ARG;
    // hidden outputs / gradients: T*B*H = 1*2*4 = 8 per layer
    std::vector<float> hb(8);
    ok = ok && lm_copy_hidden(m, 0, hb.data(), 8) == MOGLM_OK;   // after the train=0 forward above
    ok = ok && lm_set_hidden_grad(m, 0, hb.data(), 8) == MOGLM_BAD_STATE;   // that forward was not train
    ok = ok && lm_copy_hidden(m, 1, hb.data(), 8) == MOGLM_BAD_ARG;      // one layer only
    ok = ok && lm_copy_hidden(m, -1, hb.data(), 8) == MOGLM_BAD_ARG;
    ok = ok && lm_copy_hidden(m, 0, hb.data(), 7) == MOGLM_BAD_ARG;
    ok = ok && lm_copy_hidden(m, 0, nullptr, 8) == MOGLM_BAD_ARG;
    ok = ok && lm_copy_hidden(nullptr, 0, hb.data(), 8) == MOGLM_BAD_ARG;
    ok = ok && lm_forward(m, in, 2, 1, 2, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_OK;
    ok = ok && lm_set_hidden_grad(m, 0, hb.data(), 9) == MOGLM_BAD_ARG;
    ok = ok && lm_set_hidden_grad(m, 3, hb.data(), 8) == MOGLM_BAD_ARG;
    ok = ok && lm_set_hidden_grad(m, 0, hb.data(), 8) == MOGLM_OK;
    ok = ok && lm_set_hidden_grad(m, 0, nullptr, 0) == MOGLM_OK;
    ok = ok && lm_set_hidden_grad_d(nullptr, 0, nullptr, 0) == MOGLM_BAD_ARG;
    lm_destroy(m);
    LM* fresh = lm_create(0, 5, 4, 4, 1, 0, 0, 0);
    ok = ok && lm_copy_hidden(fresh, 0, hb.data(), 8) == MOGLM_BAD_STATE;   // no forward yet
    lm_destroy(fresh);
    check(ok, "bad calls return error codes", ok ? 0 : 1, 0.5);
}

// step() for B pairs equals forward() with T = 1 (2 layers, so the between-layer path runs).
static void test_step(int r, int kl, int ke, int tied) {
    LM* m = lm_create_factored(0, 9, 4, 4, 2, r, 0, kl, ke, tied);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    float* P = (float*)lm_params(m);
    for (long i = 0; i < lm_num_params(m); ++i) P[i] = u(rng);
    int words[3] = {1, 4, 8};
    std::vector<float> s1(2 * 2 * 4 * 3), s2, lp(3 * 9), lp2(3 * 9);
    for (auto& v : s1) v = u(rng);
    s2 = s1;
    int rc = lm_step(m, words, 3, 3, s1.data(), s1.size(), lp.data(), lp.size());
    rc |= lm_forward(m, words, 3, 1, 3, s2.data(), s2.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    rc |= lm_log_probs(m, lp2.data(), lp2.size());
    double w = rc ? 1 : 0;
    for (size_t i = 0; i < lp.size(); ++i) w = std::fmax(w, std::fabs(lp[i] - lp2[i]));
    for (size_t i = 0; i < s1.size(); ++i) w = std::fmax(w, std::fabs(s1[i] - s2[i]));
    char what[112];
    std::snprintf(what, sizeof what, "step() (fixed order) vs forward(T=1) r=%d kl=%d ke=%d tied=%d: max abs diff", r, kl, ke, tied);
    check(w < 2e-6, what, w, 2e-6);
    lm_destroy(m);
}

// Fixed-order products: gemm_fixed equals the plain reference, and one column's values do not
// depend on how many other columns the product has (what BLAS does not promise).
static void test_gemm_fixed() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-1, 1);
    double worst = 0;
    bool same = true;
    for (int ta = 0; ta < 2; ++ta)
        for (int tb = 0; tb < 2; ++tb) {
            const int M = 37, K = 75, N = 29;
            std::vector<float> A(M * K), B(K * N), C(M * N), R(M * N);
            for (auto& v : A) v = u(rng);
            for (auto& v : B) v = u(rng);
            const int lda = ta ? M : K, ldb = tb ? K : N;
            gemm_fixed<float>(ta, tb, M, N, K, 1.0f, A.data(), lda, B.data(), ldb, 0.0f, C.data(), N);
            gemm_ref<float>(ta, tb, M, N, K, 1.0f, A.data(), lda, B.data(), ldb, 0.0f, R.data(), N);
            for (int i = 0; i < M * N; ++i) worst = std::fmax(worst, std::fabs(C[i] - R[i]));
            for (int j : {0, 5, 28}) {   // column j alone (N = 1) vs inside the N = 29 product
                std::vector<float> Bj(K), Cj(M);
                for (int k = 0; k < K; ++k) Bj[k] = tb ? B[(long)j * ldb + k] : B[(long)k * ldb + j];
                gemm_fixed<float>(ta, tb, M, 1, K, 1.0f, A.data(), lda, Bj.data(), tb ? K : 1, 0.0f, Cj.data(), 1);
                for (int i = 0; i < M; ++i) same = same && Cj[i] == C[(long)i * N + j];
            }
        }
    check(worst < 1e-5, "gemm_fixed vs gemm_ref (all transposes), max abs err", worst, 1e-5);
    check(same, "gemm_fixed: a column alone == the same column in a wider product (bit for bit)", same ? 0 : 1, 0.5);
}

// Inference rows are batch-independent: each sequence stepped alone gives bit for bit what it
// gives inside a batch of 11, for the step with log-probs, the recurrent step and the output layer.
static void test_step_batch_independent(int r, int kl, int ke, int k) {
    const int V = 23, E = 10, H = 10, L = 2, B = 11;
    LM* m = lm_create_factored(0, V, E, H, L, r, k, kl, ke, 1);
    std::mt19937 rng(9);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    float* P = (float*)lm_params(m);
    for (long i = 0; i < lm_num_params(m); ++i) P[i] = u(rng);
    const long S = 2L * L * H;
    std::vector<float> st(S * B), lp(B * V);
    std::vector<int> words(B);
    for (int b = 0; b < B; ++b) words[b] = (b * 7) % V;
    for (auto& v : st) v = u(rng);
    // native state layout [L][h|c][H][B]
    std::vector<float> batched = st, states2 = st;
    int rc = lm_step(m, words.data(), B, B, batched.data(), batched.size(), lp.data(), lp.size());
    rc |= lm_step_states(m, words.data(), B, B, states2.data(), states2.size());
    bool same = rc == 0 && batched == states2;
    std::vector<float> hidden(B * H);
    for (int b = 0; b < B; ++b)
        for (int j = 0; j < H; ++j) hidden[b * H + j] = batched[((long)(2 * (L - 1)) * H + j) * B + b];
    std::vector<float> logz(B), all(B * V);
    rc |= lm_output_lognorm(m, hidden.data(), hidden.size(), B, logz.data(), B, all.data(), all.size());
    double worst = 0;
    for (int b = 0; b < B; ++b) {
        std::vector<float> one(S), lp1(V);
        for (long i = 0; i < S; ++i) one[i] = st[i * B + b];
        rc |= lm_step(m, &words[b], 1, 1, one.data(), one.size(), lp1.data(), V);
        for (long i = 0; i < S; ++i) same = same && one[i] == batched[i * B + b];
        for (int v = 0; v < V; ++v) same = same && lp1[v] == lp[(long)b * V + v];
        float lz1;
        std::vector<float> all1(V);
        rc |= lm_output_lognorm(m, hidden.data() + b * H, H, 1, &lz1, 1, all1.data(), V);
        same = same && lz1 == logz[b];
        for (int v = 0; v < V; ++v) {
            int row = 0;
            float z;
            rc |= lm_output_logits(m, hidden.data() + b * H, H, 1, &row, &v, 1, &z, 1);
            same = same && z == all[(long)b * V + v] && z == all1[v];
            worst = std::fmax(worst, std::fabs((z - lz1) - lp1[v]));   // exact log-softmax, up to rounding
        }
    }
    char what[128];
    std::snprintf(what, sizeof what, "step/output rows alone == in a batch of 11, bit for bit (r=%d kl=%d ke=%d k=%d)", r, kl, ke, k);
    check(rc == 0 && same, what, same ? 0 : 1, 0.5);
    std::snprintf(what, sizeof what, "output logit - log Z vs step() log-prob (r=%d kl=%d ke=%d k=%d), max abs diff", r, kl, ke, k);
    check(worst < 1e-5, what, worst, 1e-5);
    lm_destroy(m);
}

// The sampled output layer's fast path (gather + GEMM) against its plain reference, and the
// objective against its plain reference; with every word sampled (inv 1) the objective bounds
// the cross-entropy from above.
static void test_sampled_output() {
    std::mt19937 rng(13);
    std::uniform_real_distribution<double> u(-1, 1);
    const int V = 17, H = 6, N = 5, K = 7;
    std::vector<double> W(V * H), b(V), Hd(H * N), z(N * K), zr(N * K), Ws(K * H);
    for (auto* v : {&W, &b, &Hd}) for (auto& e : *v) e = 2 * u(rng);
    int s[K] = {3, 0, 16, 8, 5, 11, 2};
    double inv[K] = {1, 1, 2.5, 3, 1.2, 4, 7};
    int y[N] = {0, 1, -1, 4, 0};
    sampled_gather(W.data(), H, s, K, Ws.data());
    sampled_logits(Hd.data(), N, N, H, Ws.data(), b.data(), s, K, z.data());
    sampled_logits_ref(Hd.data(), N, N, H, W.data(), b.data(), s, K, zr.data());
    double worst = 0;
    for (int i = 0; i < N * K; ++i) worst = std::fmax(worst, std::fabs(z[i] - zr[i]));
    double ce;
    long count;
    double l = self_norm_loss(z.data(), N, K, y, inv, 1.0, (double*)nullptr, &ce, &count);
    worst = std::fmax(worst, std::fabs(l - self_norm_loss_ref(zr.data(), N, K, y, inv)));
    check(worst < 1e-12 && count == 4, "sampled logits and self-normalizing objective vs plain references, max abs err", worst, 1e-12);
    // all V words, inv 1: objective >= cross-entropy
    std::vector<int> all(V);
    std::vector<double> ones(V, 1.0), zf(N * V);
    for (int w = 0; w < V; ++w) all[w] = w;
    sampled_logits_ref(Hd.data(), N, N, H, W.data(), b.data(), all.data(), V, zf.data());
    int yf[N] = {3, 0, -1, 5, 3};
    double obj = self_norm_loss_ref(zf.data(), N, V, yf, ones.data()), xent = 0;
    for (int p = 0; p < N; ++p) {
        if (yf[p] < 0) continue;
        double m = -1e300, sum = 0;
        for (int w = 0; w < V; ++w) m = std::fmax(m, zf[p * V + w]);
        for (int w = 0; w < V; ++w) sum += std::exp(zf[p * V + w] - m);
        xent += m + std::log(sum) - zf[p * V + yf[p]];
    }
    check(obj >= xent, "self-normalizing objective (all words) >= cross-entropy", obj >= xent ? 0 : xent - obj, 0.5);

    // the explicit (log Zs)^2 term: value against the plain reference, dz against central
    // differences of the objective (weight w = 1.3, beta = 0.7), and beta = 0 is the plain objective bit for bit
    const double beta = 0.7, wgt = 1.3;
    std::vector<double> dz(N * K), dz0(N * K), dzb0(N * K);
    double ce2, ce3;
    long c2, c3;
    double lb = self_norm_loss(z.data(), N, K, y, inv, wgt, dz.data(), &ce, &count, beta);
    double err = std::fabs(lb - self_norm_loss_ref(zr.data(), N, K, y, inv, beta));
    double l0 = self_norm_loss(z.data(), N, K, y, inv, wgt, dz0.data(), &ce2, &c2);
    double lz = self_norm_loss(z.data(), N, K, y, inv, wgt, dzb0.data(), &ce3, &c3, 0.0);
    bool same = l0 == lz && ce2 == ce3 && dz0 == dzb0;
    check(err < 1e-12 && lb > l0, "self-normalizing objective + beta (log Zs)^2 vs plain reference, max abs err", err, 1e-12);
    check(same, "beta = 0 is the plain objective, bit for bit", same ? 0 : 1, 0.5);
    double gworst = 0;
    for (int i = 0; i < N * K; ++i) {
        const double h = 1e-6, keep = z[i];
        z[i] = keep + h;
        double up = self_norm_loss_ref(z.data(), N, K, y, inv, beta);
        z[i] = keep - h;
        double dn = self_norm_loss_ref(z.data(), N, K, y, inv, beta);
        z[i] = keep;
        gworst = std::fmax(gworst, std::fabs(wgt * (up - dn) / (2 * h) - dz[i]));
    }
    check(gworst < 1e-6, "d(objective + beta (log Zs)^2)/dz vs central differences, max abs err", gworst, 1e-6);
}

// Sampled softmax and NCE (ops/sampled_output.h): values against the plain references, dz against
// central differences of the references (with and without beta), the same cross-entropy estimate
// as Kaldi's objective; sampled softmax is invariant to a constant shift of the logits; NCE's
// expected loss is stationary where exp(z_w) = P(w) (all words, inv 1, exact expectation).
static void test_sampled_objectives() {
    std::mt19937 rng(29);
    std::uniform_real_distribution<double> u(-1, 1);
    const int N = 5, K = 7;
    std::vector<double> z(N * K);
    for (auto& e : z) e = 2 * u(rng);
    double inv[K] = {1, 1, 2.5, 3, 1.2, 4, 7};
    double lam[K] = {0.9, 0.4, 0.3, 0.25, 0.7, 0.12, 0.05};
    int y[N] = {0, 1, -1, 4, 0};
    const double wgt = 1.3;
    for (int obj : {SOFTMAX, NCE})
        for (double beta : {0.0, 0.7}) {
            std::vector<double> dz(N * K);
            double ce, ce0;
            long count, c0;
            auto fast = [&](double* d, double* c, long* n) {
                return obj == SOFTMAX ? sampled_softmax_loss(z.data(), N, K, y, inv, wgt, d, c, n, beta)
                                      : nce_loss(z.data(), N, K, y, inv, lam, wgt, d, c, n, beta);
            };
            auto ref = [&]() {
                return obj == SOFTMAX ? sampled_softmax_loss_ref(z.data(), N, K, y, inv, beta)
                                      : nce_loss_ref(z.data(), N, K, y, inv, lam, beta);
            };
            double l = fast(dz.data(), &ce, &count);
            double err = std::fabs(l - ref());
            self_norm_loss(z.data(), N, K, y, inv, 1.0, (double*)nullptr, &ce0, &c0);
            char what[160];
            std::snprintf(what, sizeof what, "%s beta=%g: value vs plain reference, CE estimate as Kaldi's, max abs err",
                          obj == SOFTMAX ? "sampled softmax" : "NCE", beta);
            check(err < 1e-12 && count == 4 && c0 == 4 && std::fabs(ce - ce0) < 1e-12, what, std::fmax(err, std::fabs(ce - ce0)), 1e-12);
            double gworst = 0;
            for (int i = 0; i < N * K; ++i) {
                const double h = 1e-6, keep = z[i];
                z[i] = keep + h;
                double up = ref();
                z[i] = keep - h;
                double dn = ref();
                z[i] = keep;
                gworst = std::fmax(gworst, std::fabs(wgt * (up - dn) / (2 * h) - dz[i]));
            }
            std::snprintf(what, sizeof what, "%s beta=%g: dz vs central differences, max abs err",
                          obj == SOFTMAX ? "sampled softmax" : "NCE", beta);
            check(gworst < 1e-6, what, gworst, 1e-6);
        }
    {   // sampled softmax alone: a constant added to every logit changes nothing
        std::vector<double> zs = z;
        for (auto& e : zs) e += 3.25;
        double ce, a, b;
        long n;
        a = sampled_softmax_loss(z.data(), N, K, y, inv, 1.0, (double*)nullptr, &ce, &n);
        b = sampled_softmax_loss(zs.data(), N, K, y, inv, 1.0, (double*)nullptr, &ce, &n);
        check(std::fabs(a - b) < 1e-12, "sampled softmax (beta = 0) is invariant to a shift of all logits", std::fabs(a - b), 1e-12);
    }
    {   // NCE over all words (inv 1): the expectation over targets y ~ P of dL/dz is 0 at z = log P
        const int V = 6;
        double P[V] = {0.3, 0.25, 0.2, 0.12, 0.08, 0.05}, zl[V], ones[V], lv[V], g[V] = {0}, dz[V];
        for (int w = 0; w < V; ++w) zl[w] = std::log(P[w]), ones[w] = 1, lv[w] = 0.2 + 0.1 * w;
        for (int t = 0; t < V; ++t) {
            double ce;
            long n;
            nce_loss(zl, 1, V, &t, ones, lv, 1.0, dz, &ce, &n);
            for (int w = 0; w < V; ++w) g[w] += P[t] * dz[w];
        }
        double worst = 0;
        for (double e : g) worst = std::fmax(worst, std::fabs(e));
        check(worst < 1e-12, "NCE: expected gradient is zero at exp(z) = P (self-normalized optimum)", worst, 1e-12);
    }
}

// Row restriction (lm.h, lm_restrict_rows): an element mask given over the restricted rows only
// gives the loss and gradients of the same mask given in full, bit for bit (the step touches only
// those rows); wrong sizes and misuse are refused with error codes.
static void test_row_restriction(int tied) {
    const int V = 12, E = 4, H = 4, T = 2, B = 2;
    LM* a = lm_create(0, V, E, H, 1, 2, 0, tied);
    LM* b = lm_create(0, V, E, H, 1, 2, 0, tied);
    const long n = lm_num_params(a);
    std::mt19937 rng(5 + tied);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    float* pa = (float*)lm_params(a);
    float* pb = (float*)lm_params(b);
    for (long i = 0; i < n; ++i) pa[i] = pb[i] = u(rng);
    std::vector<float> em(n);
    for (auto& v : em) v = rng() % 3 == 0 ? 0.f : 1.f;
    int in[T * B] = {1, 3, 3, 0}, bad_in[T * B] = {1, 3, 4, 0}, tg[T * B] = {2, 5, 1, 5};
    int smp[4] = {1, 2, 5, 7}, rows[6] = {0, 1, 2, 3, 5, 7}, unsorted[2] = {3, 1}, outside[2] = {1, V};
    float inv[4] = {1, 1, 1, 2.5f};
    bool ok = lm_set_elem_mask(a, em.data(), n) == MOGLM_OK;
    ok = ok && lm_restrict_rows(b, unsorted, 2) == MOGLM_BAD_ARG;
    ok = ok && lm_restrict_rows(b, outside, 2) == MOGLM_BAD_ARG;
    ok = ok && lm_set_elem_mask_rows(b, em.data(), n) == MOGLM_BAD_STATE;   // not restricted
    ok = ok && lm_restrict_rows(b, rows, 6) == MOGLM_OK;
    std::vector<float> packed;
    const Layout& lay = b->lay();
    for (size_t i = 0; i < lay.tensors.size(); ++i) {
        const TensorInfo& t = lay.tensors[i];
        const bool vocab = (int)i == lay.embed || (int)i == lay.out_w || (int)i == lay.out_b;
        for (int r = 0; r < t.rows; ++r) {
            if (vocab && std::find(rows, rows + 6, r) == rows + 6) continue;
            for (int c = 0; c < t.cols; ++c) packed.push_back(em[t.offset + (long)r * t.cols + c]);
        }
    }
    ok = ok && lm_restricted_elements(b) == (int64_t)packed.size() && (long)packed.size() < n;
    ok = ok && lm_set_elem_mask_rows(b, packed.data(), packed.size() - 1) == MOGLM_BAD_ARG;
    ok = ok && lm_set_elem_mask_rows(b, packed.data(), packed.size()) == MOGLM_OK;
    ok = ok && lm_restrict_rows(b, nullptr, 0) == MOGLM_BAD_STATE;   // a partial element mask is in force
    std::vector<float> sa(2 * H * B, 0.f), sb(2 * H * B, 0.f);
    ok = ok && lm_forward(b, in, T * B, T, B, sb.data(), sb.size(), 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_BAD_STATE;   // no sample
    ok = ok && lm_set_output_sample(a, smp, 4, inv, 4) == MOGLM_OK && lm_set_output_sample(b, smp, 4, inv, 4) == MOGLM_OK;
    ok = ok && lm_forward(b, bad_in, T * B, T, B, sb.data(), sb.size(), 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_BAD_ARG;
    double ra[3] = {0}, rb[3] = {0};
    lm_zero_grads(a);
    lm_zero_grads(b);
    for (int it = 0; it < 2; ++it) {
        ok = ok && lm_forward(a, in, T * B, T, B, sa.data(), sa.size(), 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_OK;
        ok = ok && lm_loss(a, tg, T * B, 1.0, nullptr, 0, 0, 1, ra) == MOGLM_OK && lm_backward(a, nullptr, 0) == MOGLM_OK;
        ok = ok && lm_forward(b, in, T * B, T, B, sb.data(), sb.size(), 0, 0, 0, 0, 0, 0, 0, 0, 1) == MOGLM_OK;
        ok = ok && lm_loss(b, tg, T * B, 1.0, nullptr, 0, 0, 1, rb) == MOGLM_OK && lm_backward(b, nullptr, 0) == MOGLM_OK;
    }
    const float* ga = (const float*)lm_grads(a);
    const float* gb = (const float*)lm_grads(b);
    bool same = ra[0] == rb[0] && sa == sb && std::equal(ga, ga + n, gb);
    float out[V];
    int w1[1] = {9};   // a row outside the restriction
    std::vector<float> s1(2 * H, 0.f);
    ok = ok && lm_step(b, w1, 1, 1, s1.data(), s1.size(), out, V) == MOGLM_BAD_STATE;
    ok = ok && lm_clear_masks(b) == MOGLM_OK && lm_restrict_rows(b, nullptr, 0) == MOGLM_OK;
    ok = ok && lm_step(b, w1, 1, 1, s1.data(), s1.size(), out, V) == MOGLM_OK;
    lm_destroy(a);
    lm_destroy(b);
    check(ok, tied ? "row restriction (tied): bad sizes and misuse refused" : "row restriction (untied): bad sizes and misuse refused",
          ok ? 0 : 1, 0.5);
    check(same, tied ? "row restriction (tied): loss, state, gradients = full masks" : "row restriction (untied): loss, state, gradients = full masks",
          same ? 0 : 1, 0.5);
}

int main() {
    openblas_set_num_threads(1);
    test_activations();
    test_gemm();
    test_softmax_and_cell();
    test_bad_calls();
    test_step(3, 0, 0, 1);
    test_step(3, 3, 2, 1);
    test_step(0, 5, 3, 0);
    test_gemm_fixed();
    test_sampled_output();
    test_sampled_objectives();
    test_row_restriction(0);
    test_row_restriction(1);
    test_step_batch_independent(3, 0, 0, 0);
    test_step_batch_independent(4, 5, 3, 2);
    test_step_batch_independent(0, 0, 4, 0);
    test_factored_ops();
    test_sparse_matmul();
    test_sparse_inference();
    const Case cases[] = {
        {7, 4, 4, 1, 0, 0, 0, false, false, false}, {7, 4, 5, 2, 1, 0, 0, false, true, false},
        {7, 5, 5, 2, 4, 0, 1, true, false, true},   {7, 3, 5, 2, 5, 2, 0, true, true, true},
        {7, 4, 4, 1, 5, 0, 1, false, true, true},   {7, 4, 5, 2, 4, 2, 0, true, true, false, 0.8},
        {7, 4, 4, 2, 0, 0, 1, false, false, true, 1.5},
        // factored LSTM (kl) and embedding/output (ke) matrices: r = 0 (split x / h path) and r > 0
        {7, 4, 4, 1, 0, 0, 1, false, false, false, 0, 3, 2}, {7, 4, 5, 2, 0, 0, 0, true, true, false, 0, 5, 3},
        {7, 4, 4, 2, 3, 2, 1, false, true, true, 0, 4, 3},   {7, 3, 5, 2, 4, 0, 0, true, false, false, 0.8, 6, 2},
        {7, 4, 4, 1, 2, 0, 1, false, false, false, 0, 0, 3}, {7, 4, 5, 2, 2, 0, 0, false, false, false, 0, 4, 0},
            // sampled output with the self-normalizing objective (plain, tied + masks + KD, untied + dropout)
        {9, 4, 4, 1, 0, 0, 0, false, false, false, 0, 0, 0, 3}, {9, 4, 4, 2, 3, 2, 1, true, false, true, 0, 0, 0, 2},
        {9, 4, 5, 2, 4, 0, 0, false, true, false, 0.8, 3, 0, 4},
        // sampled softmax and NCE, with and without the (log Zs)^2 term
        {9, 4, 4, 1, 0, 0, 0, false, false, false, 0, 0, 0, 3, SOFTMAX}, {9, 4, 4, 2, 3, 2, 1, true, false, true, 0, 0, 0, 2, SOFTMAX, 0.7},
        {9, 4, 4, 1, 0, 0, 0, false, false, false, 0, 0, 0, 3, NCE}, {9, 4, 5, 2, 4, 0, 0, false, true, false, 0.8, 3, 0, 4, NCE, 0.7},
};
    for (const Case& cs : cases) test_gradients(cs);
    std::printf(failures ? "%d FAILED\n" : "all passed\n", failures);
    return failures ? 1 : 0;
}
