package moglm.prune;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.*;

import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import org.junit.jupiter.api.Test;

/**
 * The Taylor score |w dL/dw| is the first-order change of the loss when w is scaled towards 0:
 * d/de L(w_i (1 - e)) at e = 0 equals -w_i dL/dw_i. Checked with central differences on a tiny
 * double-precision Mogrifier LM, summed over two batches as the accumulator sums them.
 */
class TaylorScoreTest {
    @Test void taylorScoresMatchFiniteDifferencesOfZeroingAWeight() {
        ModelConfig c = new ModelConfig(7, 3, 4, 2, 3, 0, false);
        int T = 3, B = 2;
        try (MogrifierLM m = TinyModels.model(c, Precision.DOUBLE, 11)) {
            int n = Math.toIntExact(m.numParams());
            TaylorAccumulator acc = new TaylorAccumulator(n);
            double[] fdSum = new double[n];
            double[] w0 = TinyModels.paramsD(m);
            for (int batch = 0; batch < 2; batch++) {
                int[] in = TinyModels.words(T * B, 7, 100 + batch);
                int[] tgt = TinyModels.words(T * B, 7, 200 + batch);
                TinyModels.lossAndGrad(m, in, tgt, T, B);
                double[] g = TinyModels.gradsD(m);
                float[] pf = new float[n], gf = new float[n];
                for (int i = 0; i < n; i++) { pf[i] = (float) w0[i]; gf[i] = (float) g[i]; }
                acc.add(pf, gf);
                double eps = 1e-5;
                for (int i = 0; i < n; i += 3) {   // every third parameter keeps the test fast
                    double[] w = w0.clone();
                    w[i] = w0[i] * (1 - eps);
                    TinyModels.setParamsD(m, w);
                    double lDown = TinyModels.loss(m, in, tgt, T, B);
                    w[i] = w0[i] * (1 + eps);
                    TinyModels.setParamsD(m, w);
                    double lUp = TinyModels.loss(m, in, tgt, T, B);
                    fdSum[i] += Math.abs((lUp - lDown) / (2 * eps));   // = |w_i dL/dw_i|
                }
                TinyModels.setParamsD(m, w0);
            }
            float[] scores = acc.scores();
            int checked = 0;
            for (int i = 0; i < n; i += 3) {
                assertEquals(fdSum[i], scores[i], 1e-6 + 1e-4 * fdSum[i], "parameter " + i);
                if (fdSum[i] > 1e-6) checked++;
            }
            assertTrue(checked > n / 12, "most checked parameters have a non-trivial score");
        }
    }
}
