package moglm.lowrank;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import moglm.model.FactorableMatrix;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;
import moglm.level.NestedRanks;

/** Rank-k models from SVD equal the truncated dense models; nested rank levels equal their exports. */
class LowRankModelTest {
    static int[] words(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = r.nextInt(vocab);
        return w;
    }

    static float[] logProbs(MogrifierLM m, int[] in, int T, int B) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            float[] lp = new float[T * B * m.config().vocabSize()];
            m.logProbs(lp);
            return lp;
        }
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    /** Scales the round matrices so that the mogrifier matters and truncation is visible. */
    static MogrifierLM model(ModelConfig c, long seed) {
        MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE);
        m.initRandom(seed);
        for (var p : m.params()) {
            if (p.name().contains(".mog") && !p.name().endsWith("bias")) {
                double[] w = m.getParamD(p.name());
                for (int i = 0; i < w.length; i++) w[i] *= 30;
                m.setParamD(p.name(), w);
            }
        }
        return m;
    }

    @Test void rankKModelEqualsTruncatedDenseModel() {
        ModelConfig c = new ModelConfig(21, 7, 9, 2, 4, 0, false);
        int T = 5, B = 2;
        int[] in = words(T * B, c.vocabSize(), 3);
        try (MogrifierLM dense = model(c, 2)) {
            float[] denseLp = logProbs(dense, in, T, B);
            for (int k : new int[] {2, 5, 7}) {
                try (MogrifierLM lr = LowRank.toRank(dense, k); MogrifierLM trunc = new MogrifierLM(c, Precision.DOUBLE)) {
                    assertEquals(k, lr.config().rank());
                    if (k * (c.embedSize() + c.hiddenSize()) < c.embedSize() * c.hiddenSize()) assertTrue(lr.numParams() < dense.numParams());
                    for (var p : dense.params()) trunc.setParamD(p.name(), dense.getParamD(p.name()));
                    for (int l = 0; l < c.layers(); l++) {
                        for (int i = 1; i <= c.rounds(); i++) {
                            int[] s = FactorableMatrix.roundShape(c, l, i);
                            trunc.setParamD("layer" + l + ".mog" + i + ".weight", Svd.of(LowRank.roundMatrix(dense, l, i), s[0], s[1]).truncated(k));
                        }
                    }
                    float[] a = logProbs(lr, in, T, B), b = logProbs(trunc, in, T, B);
                    assertTrue(maxDiff(a, b) <= 1e-5, "rank " + k + ": " + maxDiff(a, b));
                    if (k == LowRank.maxRank(c)) assertTrue(maxDiff(a, denseLp) <= 1e-5, "full rank = dense");
                    else assertTrue(maxDiff(a, denseLp) > 1e-5, "rank " + k + " really truncates: " + maxDiff(a, denseLp));
                }
            }
        }
    }

    @Test void nestedRankLevelsAreTheSmallerModels() {
        ModelConfig c = new ModelConfig(21, 8, 8, 2, 3, 0, true);
        int T = 4, B = 3, K = 6;
        int[] in = words(T * B, c.vocabSize(), 4);
        try (MogrifierLM dense = model(c, 6); MogrifierLM big = LowRank.toRank(dense, K)) {
            for (int k = 1; k <= K; k++) {
                NestedRanks.select(big, k);
                float[] masked = logProbs(big, in, T, B);
                big.clearMasks();
                try (MogrifierLM direct = LowRank.toRank(dense, k); MogrifierLM exported = NestedRanks.export(big, k)) {
                    assertEquals(direct.numParams(), exported.numParams());
                    assertTrue(maxDiff(masked, logProbs(exported, in, T, B)) <= 1e-5, "level " + k + " = its export");
                    assertTrue(maxDiff(masked, logProbs(direct, in, T, B)) <= 1e-5, "level " + k + " = rank-k SVD model");
                    // nested weights: the rank-k factors are a prefix of the rank-K ones
                    double[] lk = exported.getParamD("layer1.mog2.left"), lK = big.getParamD("layer1.mog2.left");
                    for (int r = 0; r < 8; r++) for (int p = 0; p < k; p++) assertEquals(lK[r * K + p], lk[r * k + p]);
                }
            }
        }
    }

    @Test void denseTruncationOfLstmAndOutputAtFullRankIsExact() {
        ModelConfig c = new ModelConfig(15, 6, 5, 1, 2, 0, false);
        try (MogrifierLM m = model(c, 1)) {
            double[] before = m.getParamD("out.weight");
            List<Double> err = LowRank.truncateInPlace(m, LowRank.lstmAndOutput(c), 100);
            for (double e : err) assertTrue(e < 1e-10);
            double[] after = m.getParamD("out.weight");
            for (int i = 0; i < before.length; i++) assertEquals(before[i], after[i], 1e-5);
            List<Double> err2 = LowRank.truncateInPlace(m, LowRank.lstmAndOutput(c), 2);
            for (double e : err2) assertTrue(e > 1e-3);
        }
    }
}
