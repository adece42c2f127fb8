package moglm.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import moglm.kernel.Blas;
import moglm.kernel.Threads;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Throughput of the native core: tokens/s of scoring (forward + log-softmax + CE loss, no
 * gradient) and training (forward with dropout + loss + backward) for a 2-layer Mogrifier LSTM
 * (V = 10k, r = 5 full rank, tied, T = 35), and an sgemm "roofline" of the per-step gate shape
 * (weights 4096 x 1024 times inputs 1024 x 64) measured in the same run at the same thread count.
 *
 * <p>Run with {@code recipes/bench/kernels.sh}; {@link #main} prints tokens/s, achieved GFLOP/s
 * and the percentage of the roofline. FLOPs counted: 2 x the multiply-adds of every GEMM this
 * implementation runs ({@link ModelConfig#forwardMacsPerToken()}, 3 times that for training:
 * backward runs two GEMMs of each forward GEMM's size); pointwise work, softmax and the
 * embedding are not counted.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 1, time = 4)
@Measurement(iterations = 3, time = 5)
public class KernelBench {
    static final int V = 10_000, T = 35, ROUNDS = 5;
    static final int RM = 4096, RN = 64, RK = 1024;   // roofline sgemm: C[4096 x 64] = W[4096 x 1024] X[1024 x 64]

    @Param({"650"}) public int hidden;
    @Param({"20", "64"}) public int batch;
    @Param({"1", "2"}) public int threads;

    MogrifierLM lm;
    State state;
    Dropout dropout;
    int[] inputs, targets;
    FloatPointer ra, rb, rc;

    @Setup(Level.Trial)
    public void setup() {
        Threads.set(threads);
        lm = new MogrifierLM(config(hidden), Precision.FLOAT);
        lm.initRandom(1);
        state = lm.newState(batch);
        Random rng = new Random(2);
        inputs = new int[T * batch];
        targets = new int[T * batch];
        for (int i = 0; i < inputs.length; i++) { inputs[i] = rng.nextInt(V); targets[i] = rng.nextInt(V); }
        dropout = Dropout.sample(lm.config(), batch, 0.1, 0.1, 0.1, 0.1, rng);
        ra = new FloatPointer((long) RM * RK);
        rb = new FloatPointer((long) RK * RN);
        rc = new FloatPointer((long) RM * RN);
        for (long i = 0; i < (long) RM * RK; i++) ra.put(i, (float) (rng.nextGaussian() * 0.01));
        for (long i = 0; i < (long) RK * RN; i++) rb.put(i, (float) rng.nextGaussian());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
        lm.close();
        ra.deallocate();
        rb.deallocate();
        rc.deallocate();
    }

    static ModelConfig config(int hidden) {
        return new ModelConfig(V, hidden, hidden, 2, ROUNDS, 0, true);
    }

    /** Scoring: forward over T x batch tokens, log-softmax, summed CE (no gradient). */
    @Benchmark
    public double forward() {
        lm.forward(inputs, T, batch, state, null, false);
        return lm.loss(targets, 1, null, 0, 1).loss();
    }

    /** Training step without the optimiser: forward (with dropout), loss, backward. */
    @Benchmark
    public double train() {
        lm.forward(inputs, T, batch, state, dropout, true);
        double l = lm.loss(targets, 1, null, 0, 1).loss();
        lm.backward(null);
        return l;
    }

    /** One 4096 x 64 x 1024 sgemm (weights x inputs), the per-step gate GEMM's shape. */
    @Benchmark
    public FloatPointer roofline() {
        Blas.sgemm(false, false, RM, RN, RK, 1f, ra, RK, rb, RN, 0f, rc, RN);
        return rc;
    }

    /**
     * Runs the benchmarks and prints a summary. Arguments: {@code quick} (1 warm-up and 2
     * measurement iterations of 2 s), {@code medium-only}, {@code small-only}.
     */
    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        boolean quick = a.contains("quick");
        List<RunResult> results = new ArrayList<>();
        if (!a.contains("small-only"))   // medium: E = H = 650, batch 20 and 64
            results.addAll(run(quick, "forward|train|roofline", new String[] {"650"}, new String[] {"20", "64"}));
        if (!a.contains("medium-only"))  // small: E = H = 200, batch 20
            results.addAll(run(quick, "forward|train", new String[] {"200"}, new String[] {"20"}));
        summarize(results);
    }

    private static Collection<RunResult> run(boolean quick, String methods, String[] hidden, String[] batch) throws Exception {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(KernelBench.class.getName() + "\\.(" + methods + ")$")
                .param("hidden", hidden).param("batch", batch).param("threads", "1", "2");
        if (quick) o = o.warmupIterations(1).warmupTime(TimeValue.seconds(2))
                .measurementIterations(2).measurementTime(TimeValue.seconds(2));
        return new Runner(o.build()).run();
    }

    private static void summarize(List<RunResult> results) {
        double[] roof = new double[3];   // GFLOP/s by thread count
        for (RunResult r : results) {
            if (!r.getParams().getBenchmark().endsWith("roofline")) continue;
            int th = Integer.parseInt(r.getParams().getParam("threads"));
            roof[th] = Math.max(roof[th], r.getPrimaryResult().getScore() * 2.0 * RM * RN * RK / 1e9);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "BLAS core %s. Roofline sgemm %dx%dx%d: %.1f GFLOP/s (1 thread), %.1f GFLOP/s (2 threads)%n",
                Threads.blasCore(), RM, RN, RK, roof[1], roof[2]);
        System.out.printf(Locale.ROOT, "%-8s %-6s %-5s %-7s %12s %10s %10s%n", "bench", "E=H", "batch", "threads",
                "tokens/s", "GFLOP/s", "%roofline");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (name.endsWith("roofline")) continue;
            boolean train = name.endsWith("train");
            int h = Integer.parseInt(r.getParams().getParam("hidden"));
            int b = Integer.parseInt(r.getParams().getParam("batch"));
            int th = Integer.parseInt(r.getParams().getParam("threads"));
            double tokens = r.getPrimaryResult().getScore() * T * b;
            double gflops = tokens * 2.0 * config(h).forwardMacsPerToken() * (train ? 3 : 1) / 1e9;
            String pct = roof[th] > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * gflops / roof[th]) : "-";
            System.out.printf(Locale.ROOT, "%-8s %-6d %-5d %-7d %12.0f %10.1f %10s%n",
                    train ? "train" : "forward", h, b, th, tokens, gflops, pct);
        }
    }
}
