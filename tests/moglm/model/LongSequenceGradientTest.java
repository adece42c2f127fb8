package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gradient check at training-like shapes (T = 35 steps, sizes above the vector width) on sampled
 * coordinates of every tensor: bugs that only appear with long sequences or larger matrices (a
 * workspace offset, a leading dimension) escape the exhaustive check on tiny models.
 * Fourth-order central differences (h = 1e-3) in double, relative error {@code |a - n| / max(|a| + |n|, 1e-5)} <= 1e-5.
 */
class LongSequenceGradientTest {

    @ParameterizedTest(name = "L={0} r={1} tied={2}")
    @CsvSource({"2, 5, true", "2, 0, true", "1, 5, false"})
    void sampledGradientsMatchFiniteDifferences(int layers, int rounds, boolean tied) {
        int T = 35, B = 3, H = 16;
        ModelConfig c = new ModelConfig(40, H, H, layers, rounds, 0, tied);
        Random rng = new Random(77);
        try (MogrifierLM lm = TinyModels.random(c, Precision.DOUBLE, 5, 0.6); State st = lm.newState(B)) {
            int[] in = TinyModels.words(rng, T * B, c.vocabSize());
            int[] tg = TinyModels.words(rng, T * B, c.vocabSize());
            lm.forward(in, T, B, st, null, true);
            lm.loss(tg, 1, null, 0, 1);
            lm.zeroGrads();
            lm.backward(null);
            double worst = 0;
            String worstAt = "";
            for (ParamSpec p : lm.params()) {
                double[] w = lm.getParamD(p.name());
                double[] g = lm.getGradD(p.name());
                for (int k = 0; k < 12; k++) {
                    int i = rng.nextInt(w.length);
                    double orig = w[i], h = 1e-3;
                    double[] f = new double[4];
                    double[] at = {orig - 2 * h, orig - h, orig + h, orig + 2 * h};
                    for (int s = 0; s < 4; s++) {
                        w[i] = at[s];
                        lm.setParamD(p.name(), w);
                        f[s] = loss(lm, in, tg, T, B);
                    }
                    w[i] = orig;
                    lm.setParamD(p.name(), w);
                    double num = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
                    double rel = Math.abs(g[i] - num) / Math.max(Math.abs(g[i]) + Math.abs(num), 1e-5);
                    if (rel > worst) { worst = rel; worstAt = p.name() + "[" + i + "] analytic " + g[i] + " numeric " + num; }
                }
            }
            System.out.printf("long-sequence gradcheck L=%d r=%d tied=%s: max rel err %.2e at %s%n", layers, rounds, tied, worst, worstAt);
            assertTrue(worst <= 1e-5, "max rel err " + worst + " at " + worstAt);
        }
    }

    private static double loss(MogrifierLM lm, int[] in, int[] tg, int T, int B) {
        try (State s = lm.newState(B)) {
            lm.forward(in, T, B, s, null, false);
            return lm.loss(tg, 1, null, 0, 1).loss();
        }
    }
}
