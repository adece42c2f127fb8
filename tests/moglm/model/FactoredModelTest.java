package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import moglm.kernel.Native;
import org.junit.jupiter.api.Test;

/**
 * Models with factored LSTM and embedding/output matrices ({@link ModelConfig#lstmRank()},
 * {@link ModelConfig#embedRank()}): the batched forward equals the dense model holding the
 * products left * right (a plain reference of the factored path), step() equals forward(T = 1)
 * for B = 3 and B = 1 (the matrix-vector path), the layout has the documented tensors, and bad
 * ranks are refused by Java and by the native entry point with a message.
 */
class FactoredModelTest {
    static final ModelConfig[] CONFIGS = {
        new ModelConfig(23, 6, 6, 2, 0, 0, 5, 3, true),    // r = 0: split x / h LSTM path
        new ModelConfig(23, 5, 6, 2, 3, 2, 4, 3, false),   // r > 0, untied out.left / out.right
        new ModelConfig(23, 6, 6, 1, 2, 0, 0, 4, true),    // embedding only
        new ModelConfig(23, 5, 6, 1, 0, 0, 7, 0, false),   // LSTM only
    };

    @Test void layoutNamesTheFactors() {
        try (MogrifierLM m = new MogrifierLM(CONFIGS[1], Precision.FLOAT)) {
            assertEquals(CONFIGS[1].numParams(), m.numParams());
            assertEquals(23, m.param("embed.left").rows());
            assertEquals(3, m.param("embed.left").cols());
            assertEquals(5, m.param("embed.right").cols());
            assertEquals(24, m.param("layer1.lstm.left").rows());
            assertEquals(4, m.param("layer1.lstm.left").cols());
            assertEquals(12, m.param("layer1.lstm.right").cols());
            assertEquals(6, m.param("out.right").cols());
            assertThrows(IllegalArgumentException.class, () -> m.param("embed"));
            assertThrows(IllegalArgumentException.class, () -> m.param("layer0.lstm.weight"));
        }
        for (ModelConfig c : CONFIGS)
            try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
                assertEquals(c.numParams(), m.numParams(), c.toString());
            }
    }

    @Test void forwardEqualsTheDenseModelOfTheProducts() {
        int T = 4, B = 3;
        for (ModelConfig c : CONFIGS) {
            Random rng = new Random(7);
            ModelConfig dc = c.withRanks(c.rank(), 0, 0);
            try (MogrifierLM f = TinyModels.random(c, Precision.DOUBLE, 3, 0.5);
                 MogrifierLM d = new MogrifierLM(dc, Precision.DOUBLE);
                 State sf = f.newState(B); State sd = d.newState(B)) {
                for (ParamSpec p : d.params()) {
                    String base = p.name().equals("embed") ? "embed" : p.name().replaceAll("\\.weight$", "");
                    boolean product = (p.name().equals("embed") || p.name().endsWith("lstm.weight") || p.name().equals("out.weight"))
                            && f.params().stream().anyMatch(q -> q.name().equals(base + ".left"));
                    d.setParamD(p.name(), product ? product(f, base) : f.getParamD(p.name()));
                }
                double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
                TinyModels.load(sf, s0);
                TinyModels.load(sd, s0);
                int[] in = TinyModels.words(rng, T * B, c.vocabSize());
                float[] a = new float[T * B * c.vocabSize()], b = new float[a.length];
                f.forward(in, T, B, sf, null, false);
                f.logProbs(a);
                d.forward(in, T, B, sd, null, false);
                d.logProbs(b);
                assertArrayEquals(b, a, 1e-5f, c.toString());
                double[][] ta = TinyModels.read(sf), tb = TinyModels.read(sd);
                for (int s = 0; s < B; s++) assertArrayEquals(tb[s], ta[s], 1e-9, "state " + s + " " + c);
            }
        }
    }

    static double[] product(MogrifierLM m, String base) {
        ParamSpec l = m.param(base + ".left"), r = m.param(base + ".right");
        double[] L = m.getParamD(l.name()), R = m.getParamD(r.name()), W = new double[l.rows() * r.cols()];
        for (int i = 0; i < l.rows(); i++)
            for (int q = 0; q < l.cols(); q++)
                for (int j = 0; j < r.cols(); j++) W[i * r.cols() + j] += L[i * l.cols() + q] * R[q * r.cols() + j];
        return W;
    }

    @Test void stepEqualsForwardWithOneStep() {
        for (ModelConfig c : CONFIGS) {
            for (int B : new int[] {3, 1}) {
                Random rng = new Random(11);
                try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 5, 0.5);
                     State a = lm.newState(B); State b = lm.newState(B)) {
                    double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
                    TinyModels.load(a, s0);
                    TinyModels.load(b, s0);
                    int[] w = TinyModels.words(rng, B, c.vocabSize());
                    float[] viaStep = new float[B * c.vocabSize()], viaForward = new float[B * c.vocabSize()];
                    lm.step(w, B, a, viaStep);
                    lm.forward(w, 1, B, b, null, false);
                    lm.logProbs(viaForward);
                    // fixed-order products in step(), BLAS in forward(): equal up to float rounding
                    assertArrayEquals(viaForward, viaStep, 2e-6f, c + " B=" + B);
                    double[][] x = TinyModels.read(a), y = TinyModels.read(b);
                    for (int s = 0; s < B; s++) assertArrayEquals(y[s], x[s], 1e-6, "successor state " + s);
                }
            }
        }
    }

    @Test void badRanksAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ModelConfig(10, 4, 4, 1, 0, 0, -1, 0, true));
        assertTrue(e.getMessage().contains("lstmRank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelConfig(10, 4, 4, 1, 0, 0, 17, 0, true));
        assertTrue(e.getMessage().contains("lstmRank must be in 0..16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelConfig(10, 4, 4, 1, 0, 0, 0, 11, true));
        assertTrue(e.getMessage().contains("embedRank must be in 0..10"), e.getMessage());
        // the native entry point validates too (status + message, no crash)
        Native.LM h = Native.lm_create_factored(0, 10, 4, 4, 1, 0, 0, 0, -3, 1);
        assertTrue(h == null || h.isNull());
        assertTrue(Native.last_error().contains("embed rank"), Native.last_error());
    }
}
