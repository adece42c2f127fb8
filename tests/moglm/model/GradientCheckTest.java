package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients of the double-precision kernels against central finite differences, for EVERY
 * parameter element and every element of the initial state, over the architecture space
 * (r in {0, 1, 4, 5}; full and low rank; 1 and 2 layers; tied and untied; with and without masks
 * and dropout; cross-entropy, distillation, and both; dense and factored LSTM and
 * embedding/output matrices, i.e. every {@code .left}/{@code .right} tensor).
 *
 * <p>Finite difference: the fourth-order central stencil
 * {@code (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h}, h = 1e-3, whose truncation error
 * (~h^4) and rounding error (~1e-16 |f| / h) are both ~1e-12 here. Relative error of analytic a
 * vs numeric n: {@code |a - n| / max(|a| + |n|, 1e-5)} (the floor keeps a gradient of ~0 from
 * dividing rounding noise by ~0). Required: max <= 1e-6. Masked weights must have an analytic
 * gradient of exactly 0.
 */
class GradientCheckTest {
    static final int T = 3, B = 2;
    static final double H_STEP = 1e-3, FLOOR = 1e-5, LIMIT = 1e-6;

    record Case(int rounds, int rank, int layers, boolean tied, boolean masks, boolean dropout,
                double ceWeight, double kdWeight, int lstmRank, int embedRank) {
        Case(int rounds, int rank, int layers, boolean tied, boolean masks, boolean dropout, double ceWeight, double kdWeight) {
            this(rounds, rank, layers, tied, masks, dropout, ceWeight, kdWeight, 0, 0);
        }

        ModelConfig config() {
            return new ModelConfig(11, tied ? 6 : 5, 6, layers, rounds, rank, lstmRank, embedRank, tied);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case(0, 0, 1, false, false, false, 1, 0),
                new Case(0, 0, 2, true, true, true, 1, 0.6),
                new Case(1, 0, 2, false, false, true, 1, 0),
                new Case(1, 2, 1, true, true, false, 0, 0.8),
                new Case(4, 0, 2, true, true, true, 0.7, 0.5),
                new Case(4, 3, 2, false, false, false, 1, 0),
                new Case(5, 0, 1, false, true, false, 1, 0),
                new Case(5, 2, 2, true, false, true, 1, 0.4),
                new Case(5, 0, 2, false, true, true, 0, 1),
                // factored LSTM (lstmRank) and embedding/output (embedRank) matrices
                new Case(0, 0, 1, true, false, false, 1, 0, 5, 3),
                new Case(0, 0, 2, false, true, true, 1, 0.6, 4, 3),
                new Case(4, 2, 2, true, false, true, 1, 0, 3, 2),
                new Case(5, 0, 1, false, true, false, 0.7, 0.5, 6, 0),
                new Case(3, 0, 2, false, false, false, 1, 0, 0, 4)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Case cs) {
        ModelConfig c = cs.config();
        Random rng = new Random(1000 + cs.rounds() * 10 + cs.layers());
        try (MogrifierLM lm = TinyModels.random(c, Precision.DOUBLE, rng.nextLong(), 0.5);
             State st = lm.newState(B);
             State dState = lm.newState(B)) {
            int[] in = TinyModels.words(rng, T * B, c.vocabSize());
            int[] tg = TinyModels.words(rng, T * B, c.vocabSize());
            tg[1] = -1;   // an ignored position
            double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
            Dropout drop = cs.dropout() ? TinyModels.dropout(c, B, rng) : null;
            Pointer teacher = cs.kdWeight() != 0 ? TinyModels.teacher(Precision.DOUBLE, rng, T * B * c.vocabSize()) : null;
            float[] elem = null;
            if (cs.masks()) {
                elem = new float[(int) lm.numParams()];
                for (int i = 0; i < elem.length; i++) elem[i] = rng.nextInt(5) == 0 ? 0f : 1f;
                lm.setElementMask(elem);
                float[] rows = ones(4 * c.hiddenSize());
                rows[2] = 0;
                rows[c.hiddenSize() + 4] = 0;
                lm.setRowMask(cs.lstmRank() == 0 ? "layer0.lstm.weight" : "layer0.lstm.left", rows);
                float[] brow = ones(4 * c.hiddenSize());
                brow[3 * c.hiddenSize()] = 0;
                lm.setRowMask("layer0.lstm.bias", brow);
                if (cs.rounds() > 0) {
                    String name = cs.rank() == 0 ? "layer0.mog1.weight" : "layer0.mog1.right";
                    float[] cols = ones(lm.param(name).cols());
                    cols[1] = 0;
                    lm.setColMask(name, cols);
                }
            }

            Loss f = () -> {
                TinyModels.load(st, s0);
                lm.forward(in, T, B, st, drop, true);
                return lm.loss(tg, cs.ceWeight(), teacher, cs.kdWeight(), 2.0).loss();
            };
            lm.zeroGrads();
            f.eval();
            lm.backward(dState);
            double[] grad = new double[(int) lm.numParams()];
            ((DoublePointer) lm.gradPointer()).get(grad);
            double[][] gState = TinyModels.read(dState);

            DoublePointer P = (DoublePointer) lm.paramPointer();
            Map<String, Double> worstByTensor = new LinkedHashMap<>();
            double worst = 0;
            for (ParamSpec s : lm.params()) {
                double w = 0;
                for (long k = s.offset(); k < s.offset() + s.size(); k++) {
                    final long i = k;
                    double num = fd(f, v -> P.put(i, v), P.get(i));
                    w = Math.max(w, rel(grad[(int) i], num));
                }
                worstByTensor.put(s.name(), w);
                worst = Math.max(worst, w);
            }
            double worstState = 0;
            for (int b = 0; b < B; b++)
                for (int i = 0; i < c.stateSize(); i++) {
                    final int bb = b, ii = i;
                    double x0 = s0[b][i];
                    double num = fd(f, v -> s0[bb][ii] = v, x0);
                    worstState = Math.max(worstState, rel(gState[b][i], num));
                }
            System.out.printf("gradcheck %s: max rel err params %.2e, initial state %.2e; per tensor %s%n",
                    cs, worst, worstState, format(worstByTensor));
            if (elem != null)
                for (int i = 0; i < elem.length; i++)
                    if (elem[i] == 0) assertEquals(0.0, grad[i], "masked parameter " + i + " has a gradient");
            assertTrue(worst <= LIMIT, "parameter gradient max rel err " + worst + " > " + LIMIT + ": " + worstByTensor);
            assertTrue(worstState <= LIMIT, "initial-state gradient max rel err " + worstState + " > " + LIMIT);
        }
    }

    interface Loss { double eval(); }
    interface Setter { void set(double v); }

    /** Fourth-order central difference of f along one coordinate currently at x0 (restored after). */
    static double fd(Loss f, Setter set, double x0) {
        double[] steps = {-2 * H_STEP, -H_STEP, H_STEP, 2 * H_STEP};
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            set.set(x0 + steps[i]);
            v[i] = f.eval();
        }
        set.set(x0);
        return (v[0] - 8 * v[1] + 8 * v[2] - v[3]) / (12 * H_STEP);
    }

    static double rel(double a, double n) {
        return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), FLOOR);
    }

    static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    private static String format(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(String.format("%.1e", v)));
        return sb.append('}').toString();
    }
}
