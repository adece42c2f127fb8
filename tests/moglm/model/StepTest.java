package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** step() (the decoders' thread-safe inference call) against forward() with T = 1, alone and from 8 threads. */
class StepTest {
    final ModelConfig c = new ModelConfig(37, 8, 8, 2, 5, 0, true);

    @Test
    void stepEqualsForwardWithOneStep() {
        int B = 4;
        Random rng = new Random(5);
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 2, 0.4);
             State a = lm.newState(B); State b = lm.newState(B)) {
            double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
            TinyModels.load(a, s0);
            TinyModels.load(b, s0);
            int[] w = TinyModels.words(rng, B, c.vocabSize());
            float[] viaStep = new float[B * c.vocabSize()], viaForward = new float[B * c.vocabSize()];
            lm.step(w, B, a, viaStep);
            lm.forward(w, 1, B, b, null, false);
            lm.logProbs(viaForward);
            // step() sums its products in a fixed, batch-independent order (cpp/ops/fixed_order.h),
            // forward() through BLAS: equal up to float rounding
            assertArrayEquals(viaForward, viaStep, 2e-6f);
            for (int s = 0; s < B; s++) {
                float[] x = new float[a.sizePerSequence()], y = new float[a.sizePerSequence()];
                a.get(s, x);
                b.get(s, y);
                assertArrayEquals(y, x, 1e-6f, "successor state of sequence " + s);
            }
        }
    }

    @Test
    void stepFromEightThreadsGivesIdenticalResults() throws Exception {
        int B = 3, steps = 20, threads = 8;
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 4, 0.4)) {
            Random rng = new Random(6);
            int[][] words = new int[steps][];
            for (int i = 0; i < steps; i++) words[i] = TinyModels.words(rng, B, c.vocabSize());
            float[] expected = run(lm, words, B);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int k = 0; k < threads * 3; k++) results.add(pool.submit(() -> run(lm, words, B)));
                for (Future<float[]> r : results) assertArrayEquals(expected, r.get(), 0f);
                assertEquals(threads * 3, results.size());
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Runs `steps` step() calls from a zero state; returns all log-probs and the final state. */
    private float[] run(MogrifierLM lm, int[][] words, int B) {
        int V = c.vocabSize();
        float[] all = new float[words.length * B * V + B * c.stateSize()];
        try (State st = lm.newState(B)) {
            float[] lp = new float[B * V];
            for (int i = 0; i < words.length; i++) {
                lm.step(words[i], B, st, lp);
                System.arraycopy(lp, 0, all, i * B * V, B * V);
            }
            float[] s = new float[c.stateSize()];
            for (int b = 0; b < B; b++) {
                st.get(b, s);
                System.arraycopy(s, 0, all, words.length * B * V + b * s.length, s.length);
            }
        }
        return all;
    }
}
