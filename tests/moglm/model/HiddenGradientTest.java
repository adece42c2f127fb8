package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-layer hidden outputs and extra hidden gradients ({@link MogrifierLM#copyHidden},
 * {@link MogrifierLM#setHiddenGrad}): the gradient of
 * {@code loss = ceWeight CE + kd + W sum_{l in layers} sum_p (1/H) sum_j (h_lpj - target_lpj)^2}
 * (fixed random targets) against fourth-order central finite differences over every parameter
 * and initial-state element (double precision, the stencil and limits of
 * {@link GradientCheckTest}); and, in float, that zero, removed or stale hidden gradients leave
 * backward bit-identical to the plain path.
 */
class HiddenGradientTest {
    static final int T = 3, B = 2;

    record Case(int rounds, int rank, int layers, boolean tied, boolean masks, boolean dropout, double kdWeight,
                int[] hiddenLayers, double w) {
        ModelConfig config() { return new ModelConfig(11, tied ? 6 : 5, 6, layers, rounds, rank, tied); }
        @Override public String toString() {
            return "r=" + rounds + " k=" + rank + " L=" + layers + " tied=" + tied + " masks=" + masks + " drop=" + dropout
                    + " kd=" + kdWeight + " hidden layers " + Arrays.toString(hiddenLayers) + " W=" + w;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case(0, 0, 1, false, false, false, 0, new int[] {0}, 0.7),
                new Case(5, 0, 2, true, true, true, 0, new int[] {0, 1}, 1.3),
                new Case(4, 2, 2, false, false, true, 0.5, new int[] {0}, 2.0),
                new Case(1, 0, 3, false, true, false, 0, new int[] {1, 2}, 0.4)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ceplusHiddenMseMatchesFiniteDifferences(Case cs) {
        ModelConfig c = cs.config();
        int H = c.hiddenSize(), n = T * B * H;
        Random rng = new Random(77 + cs.rounds() * 7 + cs.layers());
        try (MogrifierLM lm = TinyModels.random(c, Precision.DOUBLE, rng.nextLong(), 0.5);
             State st = lm.newState(B);
             State dState = lm.newState(B)) {
            int[] in = TinyModels.words(rng, T * B, c.vocabSize());
            int[] tg = TinyModels.words(rng, T * B, c.vocabSize());
            tg[2] = -1;
            double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
            Dropout drop = cs.dropout() ? TinyModels.dropout(c, B, rng) : null;
            Pointer teacher = cs.kdWeight() != 0 ? TinyModels.teacher(Precision.DOUBLE, rng, T * B * c.vocabSize()) : null;
            if (cs.masks()) {
                float[] elem = new float[(int) lm.numParams()];
                for (int i = 0; i < elem.length; i++) elem[i] = rng.nextInt(5) == 0 ? 0f : 1f;
                lm.setElementMask(elem);
                float[] rows = GradientCheckTest.ones(4 * H);
                rows[1] = 0;
                rows[H + 1] = 0.5f;
                lm.setRowMask("layer0.lstm.weight", rows);
            }
            double[][] target = new double[c.layers()][n];
            for (double[] t : target) for (int i = 0; i < n; i++) t[i] = 0.6 * rng.nextGaussian();
            double[] h = new double[n];

            // the total loss; with grads = true also attaches dE/dh and runs backward
            GradientCheckTest.Loss f = () -> eval(lm, st, s0, in, tg, drop, teacher, cs, target, h, null);
            lm.zeroGrads();
            eval(lm, st, s0, in, tg, drop, teacher, cs, target, h, dState);
            double[] grad = new double[(int) lm.numParams()];
            ((DoublePointer) lm.gradPointer()).get(grad);
            double[][] gState = TinyModels.read(dState);

            DoublePointer P = (DoublePointer) lm.paramPointer();
            double worst = 0;
            String worstName = "";
            for (ParamSpec s : lm.params()) {
                for (long k = s.offset(); k < s.offset() + s.size(); k++) {
                    final long i = k;
                    double e = GradientCheckTest.rel(grad[(int) i], GradientCheckTest.fd(f, v -> P.put(i, v), P.get(i)));
                    if (e > worst) {
                        worst = e;
                        worstName = s.name() + "[" + (k - s.offset()) + "]";
                    }
                }
            }
            double worstState = 0;
            for (int b = 0; b < B; b++)
                for (int i = 0; i < c.stateSize(); i++) {
                    final int bb = b, ii = i;
                    worstState = Math.max(worstState,
                            GradientCheckTest.rel(gState[b][i], GradientCheckTest.fd(f, v -> s0[bb][ii] = v, s0[b][i])));
                }
            System.out.printf("hidden gradcheck %s: max rel err params %.2e (%s), initial state %.2e%n", cs, worst, worstName, worstState);
            assertTrue(worst <= GradientCheckTest.LIMIT, "parameter gradient max rel err " + worst + " at " + worstName);
            assertTrue(worstState <= GradientCheckTest.LIMIT, "initial-state gradient max rel err " + worstState);
        }
    }

    /** Forward, CE(+KD) loss plus W * hidden MSE; with dState != null also the gradients. */
    private static double eval(MogrifierLM lm, State st, double[][] s0, int[] in, int[] tg, Dropout drop, Pointer teacher,
                               Case cs, double[][] target, double[] h, State dState) {
        TinyModels.load(st, s0);
        lm.forward(in, T, B, st, drop, true);
        int H = lm.config().hiddenSize();
        double extra = 0;
        for (int l : cs.hiddenLayers()) {
            lm.copyHidden(l, h);
            double[] g = new double[h.length];
            for (int p = 0; p < T * B; p++) {
                for (int j = 0; j < H; j++) {
                    double d = h[p * H + j] - target[l][p * H + j];
                    extra += cs.w() * d * d / H;
                    g[p * H + j] = 2 * cs.w() * d / H;
                }
            }
            if (dState != null) lm.setHiddenGrad(l, g);
        }
        double loss = lm.loss(tg, 1.0, teacher, cs.kdWeight(), 2.0).loss() + extra;
        if (dState != null) lm.backward(dState);
        return loss;
    }

    /** Float model: a zero / removed / stale hidden gradient gives bit-identical gradients; a real one does not. */
    @Test void withoutHiddenGradientBackwardIsUnchanged() {
        ModelConfig c = new ModelConfig(13, 6, 6, 2, 5, 0, true);
        Random rng = new Random(5);
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 9, 0.4); State st = lm.newState(B); State ds = lm.newState(B);
             Dropout drop = TinyModels.dropout(c, B, rng)) {
            int[] in = TinyModels.words(rng, T * B, c.vocabSize()), tg = TinyModels.words(rng, T * B, c.vocabSize());
            double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
            int n = T * B * c.hiddenSize();
            float[] nonzero = new float[n];
            for (int i = 0; i < n; i++) nonzero[i] = (float) rng.nextGaussian();

            float[][] plain = run(lm, st, ds, s0, in, tg, drop, () -> {});
            float[][] zeros = run(lm, st, ds, s0, in, tg, drop, () -> {
                lm.setHiddenGrad(0, new float[n]);
                lm.setHiddenGrad(1, new float[n]);
            });
            float[][] removed = run(lm, st, ds, s0, in, tg, drop, () -> {
                lm.setHiddenGrad(1, nonzero);
                lm.setHiddenGrad(1, (float[]) null);
            });
            // a hidden gradient attached to an earlier forward is dropped by the next forward
            TinyModels.load(st, s0);
            lm.forward(in, T, B, st, drop, true);
            lm.setHiddenGrad(0, nonzero);
            float[][] stale = run(lm, st, ds, s0, in, tg, drop, () -> {});
            float[][] real = run(lm, st, ds, s0, in, tg, drop, () -> lm.setHiddenGrad(1, nonzero));
            for (float[][] other : java.util.List.of(zeros, removed, stale)) {
                assertArrayEquals(plain[0], other[0], "parameter gradients");
                assertArrayEquals(plain[1], other[1], "initial-state gradients");
            }
            assertFalse(Arrays.equals(plain[0], real[0]), "a non-zero hidden gradient changes the parameter gradients");
        }
    }

    private static float[][] run(MogrifierLM lm, State st, State ds, double[][] s0, int[] in, int[] tg, Dropout drop, Runnable between) {
        TinyModels.load(st, s0);
        lm.zeroGrads();
        lm.forward(in, T, B, st, drop, true);
        between.run();
        lm.loss(tg, 1.0, null, 0, 1);
        lm.backward(ds);
        float[] g = new float[(int) lm.numParams()];
        lm.getGrads(g);
        float[] s = new float[(int) ds.length()];
        float[] row = new float[ds.sizePerSequence()];
        for (int b = 0; b < B; b++) {
            ds.get(b, row);
            System.arraycopy(row, 0, s, b * row.length, row.length);
        }
        return new float[][] {g, s};
    }

    /** copyHidden is layer l's output: for the top layer, the h part of the carried-out state at t = T-1. */
    @Test void copyHiddenIsTheLayerOutput() {
        ModelConfig c = new ModelConfig(13, 5, 7, 2, 3, 0, false);
        Random rng = new Random(6);
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 3, 0.5); State st = lm.newState(B)) {
            st.zero();
            int[] in = TinyModels.words(rng, T * B, c.vocabSize());
            lm.forward(in, T, B, st, null, false);
            int H = c.hiddenSize();
            float[] h = new float[T * B * H];
            float[] s = new float[st.sizePerSequence()];
            for (int l = 0; l < c.layers(); l++) {
                lm.copyHidden(l, h);
                for (int b = 0; b < B; b++) {
                    st.get(b, s);
                    for (int j = 0; j < H; j++)
                        assertEquals(s[2 * l * H + j], h[((T - 1) * B + b) * H + j], 0f, "layer " + l + " b " + b + " unit " + j);
                }
            }
            double[] hd = new double[T * B * H];
            lm.copyHidden(0, hd);
            lm.copyHidden(0, h);
            for (int i = 0; i < h.length; i++) assertEquals(h[i], (float) hd[i], 0f);
        }
    }

    @Test void badCallsAreRefused() {
        ModelConfig c = new ModelConfig(13, 4, 4, 2, 2, 0, false);
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT); State st = lm.newState(B)) {
            lm.initRandom(1);
            int n = T * B * c.hiddenSize();
            assertThrows(IllegalStateException.class, () -> lm.copyHidden(0, new float[n]));
            int[] in = new int[T * B];
            lm.forward(in, T, B, st, null, false);
            assertThrows(IllegalStateException.class, () -> lm.setHiddenGrad(0, new float[n]), "forward was not train");
            lm.copyHidden(1, new float[n]);
            assertThrows(IllegalArgumentException.class, () -> lm.copyHidden(2, new float[n]));
            assertThrows(IllegalArgumentException.class, () -> lm.copyHidden(-1, new float[n]));
            assertThrows(IllegalArgumentException.class, () -> lm.copyHidden(0, new float[n - 1]));
            lm.forward(in, T, B, st, null, true);
            assertThrows(IllegalArgumentException.class, () -> lm.setHiddenGrad(0, new float[n + 1]));
            float[] bad = new float[n];
            bad[3] = Float.NaN;
            assertThrows(IllegalArgumentException.class, () -> lm.setHiddenGrad(0, bad));
            assertThrows(IllegalArgumentException.class, () -> lm.setHiddenGrad(0, new double[] {1}));
            lm.close();
            assertThrows(IllegalStateException.class, () -> lm.copyHidden(0, new float[n]));
        }
    }
}
