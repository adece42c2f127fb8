package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native forward against {@link ReferenceMogrifier}, a plain-Java model written from the
 * textbook equations: log-probabilities of every position and the final state agree to 1e-5
 * (float) and 1e-12 (double).
 * r = 0 is the plain LSTM; r > 0 checks the mogrifier's odd/even round order and factor 2.
 */
class ReferenceLstmTest {

    @ParameterizedTest(name = "r={0} rank={1} layers={2} tied={3} dropout={4} {5}")
    @CsvSource({
        "0, 0, 1, false, false, FLOAT",
        "0, 0, 2, false, true,  FLOAT",
        "0, 0, 2, true,  true,  DOUBLE",
        "3, 0, 2, false, true,  FLOAT",
        "4, 2, 2, true,  true,  DOUBLE",
        "5, 0, 1, true,  false, FLOAT",
    })
    void forwardMatchesTextbookModel(int r, int rank, int layers, boolean tied, boolean dropout, Precision precision) {
        ModelConfig c = new ModelConfig(13, 6, 6, layers, r, rank, tied);
        int T = 4, B = 3;
        Random rng = new Random(42 + r);
        try (MogrifierLM lm = TinyModels.random(c, precision, 7, 0.4);
             State st = lm.newState(B)) {
            int[] in = TinyModels.words(rng, T * B, c.vocabSize());
            double[][] s0 = TinyModels.stateValues(rng, c, B, 0.5);
            TinyModels.load(st, s0);
            Dropout d = dropout ? TinyModels.dropout(c, B, rng) : null;
            lm.forward(in, T, B, st, d, false);
            double[] lp = new double[T * B * c.vocabSize()];
            if (precision == Precision.FLOAT) {
                float[] f = new float[lp.length];
                lm.logProbs(f);
                for (int i = 0; i < f.length; i++) lp[i] = f[i];
            } else {   // exact: log-softmax of the double logits
                org.bytedeco.javacpp.DoublePointer z = (org.bytedeco.javacpp.DoublePointer) lm.logits();
                z.get(lp);
                logSoftmaxRows(lp, c.vocabSize());
            }

            double[][][][] hc = TinyModels.split(s0, c);
            float[][] ds = null, db = null;
            if (d != null) {
                ds = new float[layers][];
                db = new float[Math.max(0, layers - 1)][];
                for (int l = 0; l < layers; l++) ds[l] = d.state(l);
                for (int l = 0; l + 1 < layers; l++) db[l] = d.betweenLayers(l);
            }
            double[][] ref = new ReferenceMogrifier(lm).logProbs(in, T, B, hc[0], hc[1],
                    d == null ? null : d.embed(), ds, db, d == null ? null : d.output());
            double worst = 0;
            for (int p = 0; p < T * B; p++)
                for (int v = 0; v < c.vocabSize(); v++)
                    worst = Math.max(worst, Math.abs(lp[p * c.vocabSize() + v] - ref[p][v]));
            double[][] fin = TinyModels.read(st);
            for (int b = 0; b < B; b++)
                for (int l = 0; l < layers; l++)
                    for (int j = 0; j < c.hiddenSize(); j++) {
                        worst = Math.max(worst, Math.abs(fin[b][2 * l * c.hiddenSize() + j] - hc[0][l][b][j]));
                        worst = Math.max(worst, Math.abs(fin[b][(2 * l + 1) * c.hiddenSize() + j] - hc[1][l][b][j]));
                    }
            System.out.printf("reference r=%d rank=%d L=%d tied=%s dropout=%s %s: max abs diff %.2e%n",
                    r, rank, layers, tied, dropout, precision, worst);
            double limit = precision == Precision.DOUBLE ? 1e-12 : 1e-5;
            assertTrue(worst <= limit, "max abs diff " + worst + " > " + limit);
        }
    }

    private static void logSoftmaxRows(double[] z, int V) {
        for (int p = 0; p < z.length / V; p++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int v = 0; v < V; v++) m = Math.max(m, z[p * V + v]);
            for (int v = 0; v < V; v++) s += Math.exp(z[p * V + v] - m);
            double lse = m + Math.log(s);
            for (int v = 0; v < V; v++) z[p * V + v] -= lse;
        }
    }
}
