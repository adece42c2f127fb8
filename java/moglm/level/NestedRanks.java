package moglm.level;

import java.util.Arrays;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.FactorableMatrix;

/**
 * Nested ranks as on-demand levels of ONE factored model: in a model whose factors are ordered by
 * singular value ({@code moglm.lowrank.LowRank.toRank}, {@code toRanks}), level k caps the rank of every
 * factored matrix at k: each matrix of rank K > k (mogrifier rounds, LSTM, embedding/output) uses
 * its first k directions, selected with the kernel's masks (columns >= k of {@code left}, rows >= k
 * of {@code right} masked); matrices of rank &lt;= k and dense ones stay as they are. A level's
 * weights are a subset of every larger level's, so one file serves every level up to
 * {@link #fullRank}; {@link #export} slices a level into a physically smaller model that computes
 * the same function.
 */
public final class NestedRanks {
    private NestedRanks() {}

    /** The largest factor rank of c (max of rank, lstmRank, embedRank): the level of the whole model. */
    public static int fullRank(ModelConfig c) {
        return Math.max(c.rank(), Math.max(c.lstmRank(), c.embedRank()));
    }

    /** The ranks of level k: each non-zero rank of c capped at k. */
    public static ModelConfig capped(ModelConfig c, int k) {
        return c.withRanks(cap(c.rank(), k), cap(c.lstmRank(), k), cap(c.embedRank(), k));
    }

    private static int cap(int rank, int k) {
        return rank == 0 ? 0 : Math.min(rank, k);
    }

    /** Selects rank level k on a factored model (k = its full rank clears the masks). */
    public static void select(MogrifierLM m, int k) {
        ModelConfig c = m.config();
        check(c, k);
        m.clearMasks();
        for (FactorableMatrix f : FactorableMatrix.of(c)) {
            int K = f.rankIn(c);
            if (K <= k) continue;
            float[] mask = new float[K];
            Arrays.fill(mask, 0, k, 1f);
            m.setColMask(f.leftName(), mask);
            m.setRowMask(f.rightName(), mask);
        }
    }

    /** A new model (caller closes it) of the ranks {@link #capped}(k) holding level k: the first k columns / rows of the factors. */
    public static MogrifierLM export(MogrifierLM m, int k) {
        ModelConfig c = m.config();
        check(c, k);
        MogrifierLM out = new MogrifierLM(capped(c, k), m.precision());
        try {
            for (var p : out.params()) {
                double[] w = m.getParamD(p.name());
                int full = m.param(p.name()).cols();
                if (p.name().endsWith(".left") && p.cols() < full) {
                    int kk = p.cols();
                    double[] s = new double[p.rows() * kk];
                    for (int r = 0; r < p.rows(); r++) System.arraycopy(w, r * full, s, r * kk, kk);
                    out.setParamD(p.name(), s);
                } else if (p.name().endsWith(".right")) {
                    out.setParamD(p.name(), Arrays.copyOf(w, p.rows() * p.cols()));
                } else {
                    out.setParamD(p.name(), w);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static void check(ModelConfig c, int k) {
        int full = fullRank(c);
        if (full == 0) throw new IllegalArgumentException("nested ranks need a model with factored matrices (a rank > 0)");
        if (k < 1 || k > full) throw new IllegalArgumentException("rank level must be in 1.." + full + ", got " + k);
    }
}
