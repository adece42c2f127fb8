package moglm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CSR inference kernel ({@link MogrifierLM#setSparseKernel}) computes what the dense kernels
 * compute on the same (pruned) weights, only in inference; parameter changes drop it; the policy
 * ({@link SparseKernels}) picks exactly the matrices at or below the crossover density.
 */
class SparseKernelTest {
    private static MogrifierLM pruned(ModelConfig c, double density, long seed) {
        MogrifierLM m = new MogrifierLM(c, Precision.FLOAT);
        m.initRandom(seed);
        Random r = new Random(seed);
        for (String n : SparseKernels.eligible(m)) {
            float[] w = m.getParam(n);
            for (int i = 0; i < w.length; i++) if (r.nextDouble() >= density) w[i] = 0f;
            m.setParam(n, w);
        }
        return m;
    }

    private static float[] logProbs(MogrifierLM m, int[] in, int T, int B, boolean train) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, train);
            float[] lp = new float[T * B * m.config().vocabSize()];
            m.logProbs(lp);
            return lp;
        }
    }

    private static float[] steps(MogrifierLM m, int[] in, int T, int B) {
        int V = m.config().vocabSize();
        float[] out = new float[T * B * V], one = new float[B * V];
        try (State s = m.newState(B)) {
            s.zero();
            for (int t = 0; t < T; t++) {
                int[] w = new int[B];
                System.arraycopy(in, t * B, w, 0, B);
                m.step(w, B, s, one);
                System.arraycopy(one, 0, out, t * B * V, B * V);
            }
        }
        return out;
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test void csrInferenceEqualsDenseAndIsDroppedByParameterChanges() {
        List<ModelConfig> configs = List.of(new ModelConfig(17, 8, 8, 2, 3, 0, true), new ModelConfig(17, 6, 9, 2, 0, 0, false),
                new ModelConfig(17, 8, 8, 1, 4, 3, true));
        for (ModelConfig c : configs) {
            try (MogrifierLM m = pruned(c, 0.25, 3)) {
                int T = 5, B = 3;
                int[] in = new int[T * B];
                Random r = new Random(1);
                for (int i = 0; i < in.length; i++) in[i] = r.nextInt(c.vocabSize());
                float[] dense = logProbs(m, in, T, B, false), denseSteps = steps(m, in, T, B);
                float[] denseB1 = steps(m, new int[] {in[0], in[3], in[6]}, 3, 1);
                float[] denseTrain = logProbs(m, in, T, B, true);
                List<String> on = SparseKernels.apply(m);
                assertEquals(SparseKernels.eligible(m), on, "every matrix at density ~0.25 goes to CSR: " + c);
                for (String n : on) {
                    long nz = 0;
                    for (float v : m.getParam(n)) if (v != 0f) nz++;
                    assertEquals(nz, m.sparseNonZeros(n), n);
                }
                assertTrue(maxDiff(dense, logProbs(m, in, T, B, false)) < 1e-5, "forward, " + c);
                assertTrue(maxDiff(denseSteps, steps(m, in, T, B)) < 1e-5, "step, " + c);
                assertTrue(maxDiff(denseB1, steps(m, new int[] {in[0], in[3], in[6]}, 3, 1)) < 1e-5, "step B=1, " + c);
                assertArrayEquals(denseTrain, logProbs(m, in, T, B, true), "a training forward never uses CSR");
                // min columns above every product width: the dense kernels run, bit for bit
                for (String n : on) m.setSparseKernel(n, 1000);
                assertArrayEquals(dense, logProbs(m, in, T, B, false), "CSR unused below its minimum width");
                m.setParam("out.bias", m.getParam("out.bias"));
                for (String n : on) assertEquals(-1, m.sparseNonZeros(n), "a parameter write drops " + n);
            }
        }
    }

    @Test void policyFollowsTheCrossoverDensityAndRefusesNonMatrices() {
        ModelConfig c = new ModelConfig(17, 8, 8, 2, 3, 0, true);
        try (MogrifierLM m = pruned(c, 0.6, 5)) {
            assertEquals(List.of(), SparseKernels.apply(m), "density 0.6 stays dense");
            float[] w = m.getParam("layer1.lstm.weight");
            for (int i = 0; i < w.length; i++) if (i % 10 >= 3) w[i] = 0f;   // density 0.3 exactly
            m.setParam("layer1.lstm.weight", w);
            assertEquals(List.of("layer1.lstm.weight"), SparseKernels.apply(m));
            var e = assertThrows(IllegalArgumentException.class, () -> m.setSparseKernel("layer0.lstm.bias", 1));
            assertTrue(e.getMessage().contains("layer0.lstm.bias"), e.getMessage());
        }
    }
}
