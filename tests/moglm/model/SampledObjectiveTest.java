package moglm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;

/**
 * The three objectives of the sampled output layer through the Java API
 * ({@link MogrifierLM#setSampledObjective}, {@code cpp/ops/sampled_output.h}): the loss of a
 * forward with an output sample against the formulas evaluated here from the full logits of
 * the same network, with and without the (log Zs)^2 term; and the calls that must be refused.
 */
class SampledObjectiveTest {
    static final int V = 23, T = 3, B = 2, N = T * B;
    static final int[] INPUTS = {4, 9, 0, 17, 22, 3};
    static final int[] TARGETS = {9, 0, -1, 22, 3, 9};
    static final int[] WORDS = {9, 0, 22, 3, 5, 11, 1, 18};      // the targets (inv 1), then drawn words
    static final float[] INV = {1, 1, 1, 1, 2.5f, 4f, 1.25f, 7f};
    static final float[] NOISE = {0.6f, 0.9f, 0.05f, 0.3f, 0.4f, 0.25f, 0.8f, 0.1f};

    private static MogrifierLM model() {
        MogrifierLM lm = new MogrifierLM(new ModelConfig(V, 6, 6, 1, 2, 0, true), Precision.DOUBLE);
        lm.initRandom(7);
        double[] bias = lm.getParamD("out.bias");
        Random r = new Random(3);
        for (int i = 0; i < bias.length; i++) bias[i] = r.nextGaussian();
        lm.setParamD("out.bias", bias);
        return lm;
    }

    /** The full logits z[p][w] of the network on INPUTS from a zero state. */
    private static double[][] fullLogits(MogrifierLM lm) {
        lm.forward(INPUTS, T, B, lm.newState(B), null, false);
        DoublePointer all = (DoublePointer) lm.logits();
        double[][] z = new double[N][V];
        for (int p = 0; p < N; p++) for (int w = 0; w < V; w++) z[p][w] = all.get((long) p * V + w);
        return z;
    }

    private static double softplus(double x) { return Math.log1p(Math.exp(x)); }

    /** The objective summed over positions, written out from the definitions. */
    private static double expected(String objective, double[][] z, double beta) {
        double total = 0;
        for (int p = 0; p < N; p++) {
            if (TARGETS[p] < 0) continue;
            double zy = z[p][TARGETS[p]], zs = 0, l = 0;
            for (int k = 0; k < WORDS.length; k++) {
                double zk = z[p][WORDS[k]], pi = 1 / (double) INV[k];
                zs += Math.exp(zk) / pi;
                switch (objective) {
                    case "kaldi" -> l += (zk < 0 ? Math.exp(zk) : 1 + zk) / pi;
                    case "nce" -> l += NOISE[k] / pi * softplus(zk - Math.log(NOISE[k]));
                    default -> { }
                }
            }
            int y = java.util.Arrays.stream(WORDS).boxed().toList().indexOf(TARGETS[p]);
            switch (objective) {
                case "kaldi" -> total += -zy - 1 + l;
                case "softmax" -> total += Math.log(zs) - zy;   // target inclusion probability 1: no correction
                case "nce" -> total += softplus(-(zy - Math.log(NOISE[y]))) + l;
                default -> fail(objective);
            }
            total += beta * Math.log(zs) * Math.log(zs);
        }
        return total;
    }

    @Test void eachObjectiveIsItsFormulaOverTheSample() {
        try (MogrifierLM lm = model()) {
            double[][] z = fullLogits(lm);
            for (String obj : new String[] {"kaldi", "softmax", "nce"})
                for (double beta : new double[] {0, 0.8}) {
                    lm.setSampledObjective(obj);
                    lm.setLogZPenalty(beta);
                    lm.setOutputSample(WORDS, INV);
                    if (obj.equals("nce")) lm.setOutputNoise(NOISE);
                    lm.forward(INPUTS, T, B, lm.newState(B), null, true);
                    MogrifierLM.LossResult r = lm.loss(TARGETS, 1.0, null, 0, 1);
                    assertEquals(5, r.count());
                    assertEquals(expected(obj, z, beta), r.loss(), 1e-10, obj + " beta " + beta);
                    // the progress report's cross-entropy estimate is the same for every objective
                    assertEquals(expected("softmax", z, 0), r.crossEntropy(), 1e-10, obj + " CE estimate");
                    lm.clearOutputSample();
                }
            lm.setSampledObjective("kaldi");
        }
    }

    @Test void badObjectiveCallsAreRefused() {
        try (MogrifierLM lm = model()) {
            assertThrows(IllegalArgumentException.class, () -> lm.setSampledObjective("nceish"));
            lm.setSampledObjective("nce");
            lm.setOutputSample(WORDS, INV);
            assertThrows(IllegalArgumentException.class, () -> lm.setOutputNoise(new float[WORDS.length - 1]));
            float[] zero = NOISE.clone();
            zero[2] = 0;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lm.setOutputNoise(zero));
            assertTrue(e.getMessage().contains("noise measure [2]"), e.getMessage());
            lm.forward(INPUTS, T, B, lm.newState(B), null, true);
            IllegalStateException s = assertThrows(IllegalStateException.class, () -> lm.loss(TARGETS, 1.0, null, 0, 1));
            assertTrue(s.getMessage().contains("noise measure"), s.getMessage());
            lm.setOutputNoise(NOISE);
            lm.setOutputSample(WORDS, INV);   // a new sample clears the noise measure
            lm.forward(INPUTS, T, B, lm.newState(B), null, true);
            assertThrows(IllegalStateException.class, () -> lm.loss(TARGETS, 1.0, null, 0, 1));
        }
    }
}
