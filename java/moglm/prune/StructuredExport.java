package moglm.prune;

import java.util.Map;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;
import moglm.model.Precision;
import moglm.level.NestedUnitMasks;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;

/**
 * Physically smaller model of a structured level: every tensor keeps only the rows and columns
 * its level's masks keep (in their original order), so the result is a dense Mogrifier LM with
 * hidden size H - (units removed per layer) and, when embedding dimensions are removed, a smaller
 * embedding. Because a removed unit's gates are 0 its cell and output stay exactly 0 from a zero
 * state, and nothing reads it: the small model computes the same log-probabilities as the masked
 * one (up to float rounding of the reordered sums).
 */
public final class StructuredExport {
    private StructuredExport() {}

    /** The config of level k's exported model. */
    public static ModelConfig config(ModelConfig dense, NestedUnitMasks masks, int k) {
        int h = dense.hiddenSize() - masks.removedUnits(k);
        int e = dense.embedSize() - masks.removedEmbedDims(k);
        if (h <= 0 || e <= 0) throw new IllegalArgumentException("level " + masks.levels().sparsity(k) + " removes every unit");
        return new ModelConfig(dense.vocabSize(), e, h, dense.layers(), dense.rounds(), dense.rank(), dense.tied());
    }

    /** A new model (caller closes it) holding level k of {@code dense} as smaller dense matrices. */
    public static MogrifierLM export(MogrifierLM dense, NestedUnitMasks masks, int k) {
        if (k == SparsityLevels.DENSE) throw new IllegalArgumentException("the dense level needs no structured export");
        if (!masks.tensors().equals(ModelMasks.tensors(dense))) {
            throw new IllegalArgumentException("masks were built for another parameter layout");
        }
        ModelConfig small = config(dense.config(), masks, k);
        Map<String, float[]> rowMasks = masks.masks(k, true);
        Map<String, float[]> colMasks = masks.masks(k, false);
        MogrifierLM out = new MogrifierLM(small, dense.precision());
        try {
            for (ParamSpec p : dense.params()) {
                ParamSpec q = out.param(p.name());
                int[] rows = NestedUnitMasks.keptIndices(rowMasks.get(p.name()), p.rows());
                int[] cols = NestedUnitMasks.keptIndices(colMasks.get(p.name()), p.cols());
                if (rows.length != q.rows() || cols.length != q.cols()) {
                    throw new IllegalStateException("export of " + p.name() + ": kept " + rows.length + "x" + cols.length
                            + " but the small config needs " + q.rows() + "x" + q.cols());
                }
                if (dense.precision() == Precision.DOUBLE) {
                    double[] w = dense.getParamD(p.name());
                    double[] v = new double[rows.length * cols.length];
                    for (int i = 0; i < rows.length; i++)
                        for (int j = 0; j < cols.length; j++) v[i * cols.length + j] = w[rows[i] * p.cols() + cols[j]];
                    out.setParamD(p.name(), v);
                } else {
                    float[] w = dense.getParam(p.name());
                    float[] v = new float[rows.length * cols.length];
                    for (int i = 0; i < rows.length; i++)
                        for (int j = 0; j < cols.length; j++) v[i * cols.length + j] = w[rows[i] * p.cols() + cols[j]];
                    out.setParam(p.name(), v);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
