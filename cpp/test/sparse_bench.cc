// Dense BLAS against the CSR kernel (ops/sparse_matmul.h) at the real shapes of the 2 x 200
// Mogrifier LM (V = 10000, tied E = H = 200, r = 5): for each matrix, batch B = 1 (a decoder
// step) and B = 64, the dense product (sgemv and sgemm for B = 1, sgemm for B = 64, in the
// orientation model.h calls them) and the CSR product at densities 0.8 / 0.6 / 0.4 / 0.2 of a
// random element mask. Times are per call, by the process's CPU time with one OpenBLAS thread
// (best of several repetitions), so a loaded machine slows them less than wall time would.
// The last column is the highest measured density at which CSR is faster than the best dense
// form ("-" if at none). A second table times the whole model's inference at the same densities
// (every weight matrix pruned at random to density d, biases kept): a decoder step() of B = 1
// and an evaluation forward of T = 35, B = 64 (train = false), with the dense kernels, with CSR
// snapshots of every weight matrix, and with CSR for the output matrix only.
// Built and run by cpp/test/sparse_bench.sh.
//   usage: sparse_bench [seconds per measurement, default 0.2] [repetitions, default 5]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "moglm_kernels.h"
#include "ops/sparse_matmul.h"

using namespace moglm;

static double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double g_budget = 0.2;
static int g_reps = 5;

// Microseconds per call of f: calls are batched to about budget/reps seconds, best batch mean of reps.
static double time_us(const std::function<void()>& f) {
    f();   // warm caches
    double t0 = cpu_seconds();
    long calls = 0;
    while (cpu_seconds() - t0 < 0.01) { f(); ++calls; }
    double per = (cpu_seconds() - t0) / calls;
    long batch = std::max(1L, (long)(g_budget / g_reps / per));
    double best = 1e30;
    for (int r = 0; r < g_reps; ++r) {
        double s = cpu_seconds();
        for (long i = 0; i < batch; ++i) f();
        best = std::min(best, (cpu_seconds() - s) / batch);
    }
    return best * 1e6;
}

struct Shape {
    const char* name;
    int M, K;
    bool transOut;   // output layer: logits are position-major (Yt = (W X)^T)
};

// Whole-model inference, microseconds per token, at each density (see the header).
static void model_table(const double* densities) {
    const int V = 10000, H = 200, L = 2, r = 5, T = 35, B = 64;
    LM* m = lm_create(0, V, H, H, L, r, 0, 1);
    if (!m) { std::printf("%s\n", last_error()); return; }
    const long n = lm_num_params(m);
    std::vector<float> dense(n);
    std::mt19937 rng(9);
    std::uniform_real_distribution<float> u(-0.1f, 0.1f);
    std::uniform_real_distribution<double> coin(0, 1);
    for (auto& v : dense) v = u(rng);
    std::vector<int> in(T * B);
    for (auto& w : in) w = rng() % V;
    std::vector<float> st(2L * L * H * B), st1(2L * L * H), lp((long)B * V), lp1(V);
    std::vector<int> matrices;
    for (int i = 0; i < lm_num_tensors(m); ++i)
        if (lm_tensor_cols(m, i) > 1) matrices.push_back(i);   // every weight matrix (the embedding is the tied output)
    const int out = 0;                                          // "embed", the output matrix when tied
    std::printf("\n# whole model (2 x 200, V = 10000, r = 5, tied), microseconds per token (CPU time, 1 thread, best of %d)\n", g_reps);
    std::printf("%-9s %12s %12s %12s | %12s %12s %12s\n", "density", "step dense", "step csr", "step csr-out",
                "fwd64 dense", "fwd64 csr", "fwd64 csr-out");
    std::vector<double> all = {1.0};
    for (int i = 0; i < 4; ++i) all.push_back(densities[i]);
    for (double d : all) {
        float* P = (float*)lm_params(m);
        for (long i = 0; i < n; ++i) P[i] = dense[i];
        for (int t : matrices) {
            long off = lm_tensor_offset(m, t), size = (long)lm_tensor_rows(m, t) * lm_tensor_cols(m, t);
            for (long i = 0; i < size; ++i) if (coin(rng) >= d) P[off + i] = 0.f;
        }
        lm_refresh(m);
        double res[6];
        for (int mode = 0; mode < 3; ++mode) {   // dense kernels, CSR for every matrix, CSR for the output only
            lm_refresh(m);
            if (mode == 1) for (int t : matrices) lm_set_sparse(m, t, 1);
            if (mode == 2) lm_set_sparse(m, out, 1);
            res[mode] = time_us([&] { lm_step(m, &in[0], 1, 1, st1.data(), st1.size(), lp1.data(), lp1.size()); });
            res[3 + mode] = time_us([&] {
                lm_forward(m, in.data(), in.size(), T, B, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
            }) / (T * B);
        }
        std::printf("%-9.1f %12.1f %12.1f %12.1f | %12.2f %12.2f %12.2f\n", d, res[0], res[1], res[2], res[3], res[4], res[5]);
        std::fflush(stdout);
    }
    lm_destroy(m);
}

int main(int argc, char** argv) {
    if (argc > 1) g_budget = std::atof(argv[1]);
    if (argc > 2) g_reps = std::atoi(argv[2]);
    openblas_set_num_threads(1);
    const Shape shapes[] = {
        {"output 10000x200", 10000, 200, true},
        {"lstm 800x400", 800, 400, false},
        {"mogrifier 200x200", 200, 200, false},
    };
    const double densities[] = {0.8, 0.6, 0.4, 0.2};
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-0.1f, 0.1f);
    std::uniform_real_distribution<double> coin(0, 1);
    std::printf("# microseconds per call (CPU time, 1 thread, best of %d); speedup = best dense / CSR\n", g_reps);
    std::printf("%-18s %3s %10s %10s |", "matrix", "B", "sgemv", "sgemm");
    for (double d : densities) std::printf("  csr d=%.1f (x)   ", d);
    std::printf("| csr wins at d <=\n");
    for (const Shape& s : shapes)
        for (int B : {1, 64}) {
            std::vector<float> W((long)s.M * s.K), X((long)s.K * B), Y((long)s.M * B);
            for (auto& v : W) v = u(rng);
            for (auto& v : X) v = u(rng);
            double gemv = -1, gemm_us;
            if (B == 1) {
                gemv = time_us([&] { cblas_sgemv(CblasRowMajor, CblasNoTrans, s.M, s.K, 1.f, W.data(), s.K, X.data(), 1, 0.f, Y.data(), 1); });
            }
            // cblas_sgemm itself (moglm's gemm() sends N = 1 / M = 1 to sgemv, see ops/blas.h)
            if (s.transOut)   // model.h: logits[N x V] = Hd^T W^T
                gemm_us = time_us([&] { cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, B, s.M, s.K, 1.f, X.data(), B, W.data(), s.K, 0.f, Y.data(), s.M); });
            else
                gemm_us = time_us([&] { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.M, B, s.K, 1.f, W.data(), s.K, X.data(), B, 0.f, Y.data(), B); });
            double dense = gemv > 0 ? std::min(gemv, gemm_us) : gemm_us;
            std::printf("%-18s %3d %10.1f %10.1f |", s.name, B, gemv, gemm_us);
            double wins = -1;
            for (double d : densities) {
                std::vector<float> Wd = W;
                for (auto& v : Wd) if (coin(rng) >= d) v = 0.f;
                Csr<float> c = csr_from_dense(s.M, s.K, Wd.data(), s.K);
                double us = time_us([&] { csr_matmul<float>(c, B, X.data(), B, 0.f, Y.data(), s.transOut ? s.M : B, s.transOut); });
                std::printf(" %9.1f (%4.2f) ", us, dense / us);
                if (us < dense) wins = std::max(wins, d);
            }
            if (wins > 0) std::printf("| %.1f\n", wins);
            else std::printf("| -\n");
            std::fflush(stdout);
        }
    model_table(densities);
    return 0;
}
