package moglm.lowrank;

import java.util.Arrays;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;

/**
 * Nested ranks as on-demand levels of ONE low-rank model: in a model of rank K whose factors are
 * ordered by singular value ({@link LowRank#toRank}), level k <= K uses the first k directions of
 * every round matrix, selected with the kernel's masks (columns >= k of each {@code left}, rows
 * >= k of each {@code right} masked). A level's weights are a subset of every larger level's,
 * so one file serves every rank; {@link #export} slices a level into a physically smaller
 * rank-k model that computes the same function.
 */
public final class NestedRanks {
    private NestedRanks() {}

    /** Selects rank level k on a low-rank model (k = its rank clears the masks). */
    public static void select(MogrifierLM m, int k) {
        ModelConfig c = m.config();
        check(c, k);
        m.clearMasks();
        if (k == c.rank()) return;
        float[] mask = new float[c.rank()];
        Arrays.fill(mask, 0, k, 1f);
        for (int l = 0; l < c.layers(); l++) {
            for (int i = 1; i <= c.rounds(); i++) {
                m.setColMask("layer" + l + ".mog" + i + ".left", mask);
                m.setRowMask("layer" + l + ".mog" + i + ".right", mask);
            }
        }
    }

    /** A new model (caller closes it) of rank k holding level k: the first k columns / rows of the factors. */
    public static MogrifierLM export(MogrifierLM m, int k) {
        ModelConfig c = m.config();
        check(c, k);
        ModelConfig small = new ModelConfig(c.vocabSize(), c.embedSize(), c.hiddenSize(), c.layers(), c.rounds(), k, c.tied());
        MogrifierLM out = new MogrifierLM(small, m.precision());
        try {
            for (var p : out.params()) {
                double[] w = m.getParamD(p.name());
                if (p.name().endsWith(".left")) {
                    double[] s = new double[p.rows() * k];
                    for (int r = 0; r < p.rows(); r++) System.arraycopy(w, r * c.rank(), s, r * k, k);
                    out.setParamD(p.name(), s);
                } else if (p.name().endsWith(".right")) {
                    out.setParamD(p.name(), Arrays.copyOf(w, k * p.cols()));
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
        if (c.rank() == 0) throw new IllegalArgumentException("nested ranks need a low-rank model (ModelConfig.rank > 0)");
        if (k < 1 || k > c.rank()) throw new IllegalArgumentException("rank level must be in 1.." + c.rank() + ", got " + k);
    }
}
