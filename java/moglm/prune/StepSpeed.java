package moglm.prune;

import java.lang.management.ManagementFactory;
import java.util.Random;
import moglm.model.MogrifierLM;
import moglm.model.State;

/**
 * CPU time per network state of a loaded model as a rescorer uses it: {@link MogrifierLM#step}
 * over batches of {@code batch} histories (the lattice rescorer computes a lattice state's
 * successors in one call, about 6 per call on the LJSpeech dev lattices), every step computing
 * the full next-word distribution. Measured as the calling thread's CPU time, which is what one
 * BLAS thread (OpenBLAS computes in the caller) spends; other jobs on the machine change it much
 * less than wall time.
 */
public final class StepSpeed {
    private StepSpeed() {}

    /**
     * Milliseconds of CPU per state: {@code warmup} untimed calls, then {@code calls} timed calls
     * of {@code batch} states each, on pseudo-random words (seeded) from a state carried on.
     */
    public static double msPerState(MogrifierLM model, int batch, int warmup, int calls, long seed) {
        return msPerState(model, batch, warmup, calls, seed, true);
    }

    /**
     * As {@link #msPerState(MogrifierLM, int, int, int, long)}; with {@code withOutput = false} the
     * calls are {@link MogrifierLM#stepStates} (the recurrent layers only, no output layer), so
     * {@code 1 - without / with} is the share of a state's CPU time spent in the V x H output
     * product and its normalizer.
     */
    public static double msPerState(MogrifierLM model, int batch, int warmup, int calls, long seed, boolean withOutput) {
        if (batch < 1 || calls < 1 || warmup < 0) throw new IllegalArgumentException("batch and calls must be >= 1, warmup >= 0");
        int v = model.config().vocabSize();
        Random rnd = new Random(seed);
        int[] words = new int[batch];
        float[] logProbs = withOutput ? new float[batch * v] : null;
        var bean = ManagementFactory.getThreadMXBean();
        try (State st = model.newState(batch)) {
            st.zero();
            long t0 = 0;
            for (int c = 0; c < warmup + calls; c++) {
                if (c == warmup) t0 = bean.getCurrentThreadCpuTime();
                for (int b = 0; b < batch; b++) words[b] = rnd.nextInt(v);
                if (withOutput) model.step(words, batch, st, logProbs);
                else model.stepStates(words, batch, st);
            }
            return (bean.getCurrentThreadCpuTime() - t0) / 1e6 / ((double) calls * batch);
        }
    }
}
