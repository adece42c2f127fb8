package moglm.level;

import java.util.ArrayList;
import java.util.List;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;

/** Bridges the plain-Java mask algorithms of this package to {@link MogrifierLM}. */
public final class ModelMasks {
    private ModelMasks() {}

    /** The model's tensors as {@link ParamSpec}s, in the model's order. */
    public static List<ParamSpec> tensors(MogrifierLM model) {
        List<ParamSpec> out = new ArrayList<>();
        for (ParamSpec p : model.params()) out.add(new ParamSpec(p.name(), p.rows(), p.cols(), p.offset()));
        return out;
    }

    public static ModelConfig architecture(ModelConfig c) {
        return new ModelConfig(c.vocabSize(), c.embedSize(), c.hiddenSize(), c.layers(), c.rounds(), c.rank(), c.tied());
    }

    /** A {@link MaskSink} writing into the model's mask setters. */
    public static MaskSink sink(MogrifierLM model) {
        return new MaskSink() {
            @Override public void clearMasks() { model.clearMasks(); }
            @Override public void setElementMask(float[] m) { model.setElementMask(m); }
            @Override public void setRowMask(String p, float[] m) { model.setRowMask(p, m); }
            @Override public void setColMask(String p, float[] m) { model.setColMask(p, m); }
        };
    }

    /**
     * Installs level k's masks on the model (DENSE clears them). Under a row restriction
     * ({@link MogrifierLM#restrictToRows}) an element level's mask is given for the restricted
     * elements only ({@link NestedElementMasks#maskValues}): the cost does not depend on the
     * vocabulary size; the effect on those rows is the same.
     */
    public static void select(MogrifierLM model, LevelMasks masks, int k) {
        int[][] r = k == SparsityLevels.DENSE ? null : model.restrictedRanges();
        if (r != null && masks instanceof ElementLevelMasks e) {
            model.clearMasks();
            model.setElementMaskOnRows(e.masks().maskValues(k, r[0], r[1]));
            return;
        }
        masks.apply(sink(model), k);
    }

    /** Magnitude scores |w| of every parameter. */
    public static float[] magnitude(MogrifierLM model) {
        float[] p = new float[Math.toIntExact(model.numParams())];
        model.getParams(p);
        for (int i = 0; i < p.length; i++) p[i] = Math.abs(p[i]);
        return p;
    }
}
