// Load-independent speed check of the kernels: times forward / loss / backward of a 2-layer
// Mogrifier LSTM (V = 10k, r = 5 full rank, tied, T = 35) by the process's CPU time, which on a
// shared machine is a better estimate of idle-machine speed than wall time when OpenBLAS runs one
// thread. Also times a 4096x64x1024 sgemm roofline the same way. Built and run by cpp/test/bench.sh.
//   usage: bench <E=H> <batch> [iterations]
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

#include "moglm_kernels.h"

using namespace moglm;

static double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char** argv) {
    if (argc < 3) { std::fprintf(stderr, "usage: bench <E=H> <batch> [iterations]\n"); return 2; }
    const int H = std::atoi(argv[1]), B = std::atoi(argv[2]), iters = argc > 3 ? std::atoi(argv[3]) : 4;
    const int T = 35, V = 10000, L = 2, r = 5;
    {
        const int M = 4096, N = 64, K = 1024;
        std::vector<float> A((long)M * K, 0.01f), X((long)K * N, 0.5f), C((long)M * N);
        double best = 0;
        for (int i = 0; i < 20; ++i) {
            double t0 = cpu_seconds();
            gemm<float>(false, false, M, N, K, 1, A.data(), K, X.data(), N, 0, C.data(), N);
            double t = cpu_seconds() - t0;
            if (t > 0) best = std::max(best, 2.0 * M * N * K / t / 1e9);
        }
        std::printf("roofline sgemm %dx%dx%d: %.1f GFLOP/s (best of 20, CPU time)\n", M, N, K, best);
    }
    LM* m = lm_create(0, V, H, H, L, r, 0, 1);
    if (!m) { std::printf("%s\n", last_error()); return 1; }
    float* P = (float*)lm_params(m);
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-0.1f, 0.1f);
    for (long i = 0; i < lm_num_params(m); ++i) P[i] = u(rng);
    std::vector<int> in(T * B), tg(T * B);
    for (auto& w : in) w = rng() % V;
    for (auto& w : tg) w = rng() % V;
    std::vector<float> st(2L * L * H * B);
    double macs = (double)V * H;
    for (int l = 0; l < L; ++l) macs += 4.0 * H * (2 * H) + r * (double)H * H;
    double res[3];
    for (int train = 0; train < 2; ++train) {
        double best = 1e30;
        for (int it = 0; it < iters; ++it) {
            double t0 = cpu_seconds();
            lm_forward(m, in.data(), in.size(), T, B, st.data(), st.size(), 0, 0, 0, 0, 0, 0, 0, 0, train);
            lm_loss(m, tg.data(), tg.size(), 1, nullptr, 0, 0, 1, res);
            if (train) lm_backward(m, nullptr, 0);
            best = std::min(best, cpu_seconds() - t0);
        }
        std::printf("%-8s E=H=%d batch=%d: %.0f tokens/s, %.1f GFLOP/s (best of %d, CPU time)\n",
                    train ? "train" : "forward", H, B, T * B / best, 2 * macs * T * B * (train ? 3 : 1) / best / 1e9, iters);
    }
    lm_destroy(m);
    return 0;
}
