package moglm.lowrank;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import org.junit.jupiter.api.Test;
import moglm.model.FactorableMatrix;
import moglm.level.RankLevels;
import moglm.level.NestedRanks;

/**
 * SVD factorisation of the LSTM and embedding/output matrices ({@link LowRank#toRanks}): at full
 * rank the factored model computes the dense model's log-probs; truncation is the SVD truncation of
 * each matrix; nested levels of one file equal freshly exported lower-rank models; LAPACK's
 * SVD ({@link Svd}) agrees with the plain-Java Jacobi one ({@link JacobiSvd}).
 */
class FactoredLowRankTest {
    static final int T = 5, B = 2;

    static MogrifierLM dense(ModelConfig c, long seed) {
        MogrifierLM m = LowRankModelTest.model(c, seed);
        // larger LSTM / embedding weights so that truncating them changes the log-probs visibly
        for (var p : m.params()) {
            if (p.name().endsWith("lstm.weight") || p.name().equals("embed") || p.name().equals("out.weight")) {
                double[] w = m.getParamD(p.name());
                for (int i = 0; i < w.length; i++) w[i] *= 8;
                m.setParamD(p.name(), w);
            }
        }
        return m;
    }

    @Test void fullRankFactorsReproduceTheDenseModel() {
        for (ModelConfig c : new ModelConfig[] {
                new ModelConfig(31, 8, 8, 2, 3, 0, true),     // tied, r > 0
                new ModelConfig(29, 7, 7, 1, 0, 0, false)}) { // untied, r = 0 (E = H: ke = 7 is full rank for both)
            int[] in = LowRankModelTest.words(T * B, c.vocabSize(), 4);
            try (MogrifierLM d = dense(c, 9)) {
                float[] ref = LowRankModelTest.logProbs(d, in, T, B);
                int kl = FactorableMatrix.maxRank(c, FactorableMatrix.Group.LSTM);
                int ke = FactorableMatrix.maxRank(c, FactorableMatrix.Group.EMBEDDING);
                try (MogrifierLM f = LowRank.toRanks(d, 0, kl, ke)) {
                    assertEquals(kl, f.config().lstmRank());
                    assertTrue(f.params().stream().anyMatch(p -> p.name().equals("embed.left")));
                    double diff = LowRankModelTest.maxDiff(ref, LowRankModelTest.logProbs(f, in, T, B));
                    assertTrue(diff <= 1e-5, c + ": full-rank factors vs dense " + diff);
                    // and back to dense: the products
                    try (MogrifierLM back = LowRank.toRanks(f, 0, 0, 0)) {
                        assertEquals(c, back.config());
                        assertTrue(LowRankModelTest.maxDiff(ref, LowRankModelTest.logProbs(back, in, T, B)) <= 1e-5);
                    }
                }
            }
        }
    }

    @Test void truncatedFactorsAreTheSvdTruncationOfEachMatrix() {
        ModelConfig c = new ModelConfig(27, 6, 6, 2, 2, 0, false);
        int[] in = LowRankModelTest.words(T * B, c.vocabSize(), 8);
        try (MogrifierLM d = dense(c, 5); MogrifierLM f = LowRank.toRanks(d, 0, 5, 3);
             MogrifierLM trunc = new MogrifierLM(c, Precision.DOUBLE)) {
            assertEquals(c.withRanks(0, 5, 3).numParams(), f.numParams());
            assertTrue(f.numParams() < d.numParams());
            for (var p : d.params()) trunc.setParamD(p.name(), d.getParamD(p.name()));
            for (FactorableMatrix m : FactorableMatrix.of(c)) {
                int k = m.group() == FactorableMatrix.Group.LSTM ? 5 : m.group() == FactorableMatrix.Group.EMBEDDING ? 3 : 0;
                if (k > 0) trunc.setParamD(m.denseName(), Svd.of(m.read(d), m.rows(), m.cols()).truncated(k));
                // the factored model's product is the same truncation
                if (k > 0) assertArrayEquals(trunc.getParamD(m.denseName()), m.read(f), 1e-9, m.base());
            }
            float[] a = LowRankModelTest.logProbs(f, in, T, B), b = LowRankModelTest.logProbs(trunc, in, T, B);
            assertTrue(LowRankModelTest.maxDiff(a, b) <= 1e-5, "factored vs dense truncation: " + LowRankModelTest.maxDiff(a, b));
            assertTrue(LowRankModelTest.maxDiff(a, LowRankModelTest.logProbs(d, in, T, B)) > 1e-3, "really truncated");
        }
    }

    @Test void nestedLevelEqualsFreshlyExportedLowerRanks() {
        ModelConfig c = new ModelConfig(25, 8, 8, 2, 3, 0, true);
        int[] in = LowRankModelTest.words(T * B, c.vocabSize(), 2);
        try (MogrifierLM d = dense(c, 6); MogrifierLM big = LowRank.toRanks(d, 6, 12, 7)) {
            assertEquals(12, NestedRanks.fullRank(big.config()));
            for (int k : new int[] {3, 7}) {
                NestedRanks.select(big, k);
                float[] level = LowRankModelTest.logProbs(big, in, T, B);
                ModelConfig capped = NestedRanks.capped(big.config(), k);
                assertEquals(c.withRanks(Math.min(6, k), k, Math.min(7, k)), capped);
                try (MogrifierLM fresh = LowRank.toRanks(d, capped.rank(), capped.lstmRank(), capped.embedRank());
                     MogrifierLM exported = NestedRanks.export(big, k)) {
                    assertEquals(capped, exported.config());
                    assertEquals(RankLevels.params(big.config(), k), exported.numParams());
                    double a = LowRankModelTest.maxDiff(level, LowRankModelTest.logProbs(fresh, in, T, B));
                    double b = LowRankModelTest.maxDiff(level, LowRankModelTest.logProbs(exported, in, T, B));
                    assertTrue(a <= 1e-5, "level " + k + " vs fresh SVD export: " + a);
                    assertTrue(b <= 1e-5, "level " + k + " vs sliced export: " + b);
                }
            }
            NestedRanks.select(big, 12);
            assertFalse(big.isMasked());
            assertThrows(IllegalArgumentException.class, () -> NestedRanks.select(big, 13));
        }
    }

    @Test void ranksBeyondTheMatricesAreRefused() {
        ModelConfig c = new ModelConfig(25, 8, 8, 1, 0, 0, true);
        try (MogrifierLM d = dense(c, 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> LowRank.toRanks(d, 0, 17, 0));
            assertTrue(e.getMessage().contains("lstm rank must be in 0..16"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> LowRank.toRanks(d, 0, 0, 9));
            assertTrue(e.getMessage().contains("embed rank must be in 0..8"), e.getMessage());
        }
    }

    @Test void lapackAgreesWithJacobiOnADecayingSpectrum() {
        Random r = new Random(3);
        for (int[] shape : new int[][] {{300, 40}, {40, 300}}) {
            int rows = shape[0], cols = shape[1], n = Math.min(rows, cols);
            double[] a = new double[rows * cols];
            // decaying spectrum: a = sum_i 0.8^i x_i y_i^T + noise
            for (int i = 0; i < n; i++) {
                double[] x = new double[rows], y = new double[cols];
                for (int p = 0; p < rows; p++) x[p] = r.nextGaussian();
                for (int q = 0; q < cols; q++) y[q] = r.nextGaussian();
                double s = Math.pow(0.8, i);
                for (int p = 0; p < rows; p++) for (int q = 0; q < cols; q++) a[p * cols + q] += s * x[p] * y[q];
            }
            Svd fast = Svd.of(a, rows, cols);
            JacobiSvd ref = JacobiSvd.of(a, rows, cols);
            for (int i = 0; i < n; i++) assertEquals(ref.singular(i), fast.singular(i), 1e-9 * ref.singular(0), "singular value " + i);
            assertArrayEquals(ref.truncated(10), fast.truncated(10), 1e-9 * ref.singular(0));
            // full rank: left * right reproduces A
            double[] l = fast.left(n), rt = fast.right(n), w = new double[rows * cols];
            for (int p = 0; p < rows; p++) for (int i = 0; i < n; i++) for (int q = 0; q < cols; q++) w[p * cols + q] += l[p * n + i] * rt[i * cols + q];
            assertArrayEquals(a, w, 1e-10);
        }
    }
}
