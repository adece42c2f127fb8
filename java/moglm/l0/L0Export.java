package moglm.l0;

import moglm.model.MogrifierLM;
import moglm.level.ModelMasks;
import moglm.level.NestedUnitMasks;
import moglm.level.SparsityLevels;
import moglm.prune.StructuredExport;

/**
 * The deterministic gated model of L0 training as a physically smaller dense model.
 *
 * <p>The deterministic gates ({@link UnitGates#deterministic}, {@code keep} units per layer) are
 * folded into the weights (W_eff = W * mask, every gate value &lt; 1 included), then the units whose
 * gate is 0 are removed with the structured export of the pruning package: the result computes
 * the same log-probabilities as the model with the gates applied as masks.
 */
public final class L0Export {
    private L0Export() {}

    /**
     * A new model (caller closes it): {@code model} with the deterministic gates of {@code keep}
     * units per layer folded in and the other units removed.
     */
    public static MogrifierLM export(MogrifierLM model, UnitGates gates, int keep) {
        return export(model, gates, gates.deterministic(keep), gates.keptUnits(keep));
    }

    /**
     * A new model (caller closes it): {@code model} gated by {@code z}, with the units outside
     * {@code kept} (where z must be 0) removed; every layer must keep the same number.
     */
    public static MogrifierLM export(MogrifierLM model, UnitGates gates, double[][] z, boolean[][] kept) {
        int H = gates.units();
        int removed = -1;
        for (int l = 0; l < gates.layers(); l++) {
            int r = 0;
            for (int j = 0; j < H; j++) {
                if (!kept[l][j]) {
                    r++;
                    if (z[l][j] != 0) throw new IllegalArgumentException("unit " + j + " of layer " + l + " is removed but its gate is " + z[l][j]);
                }
            }
            if (removed >= 0 && r != removed) {
                throw new IllegalArgumentException("removing " + removed + " units in layer 0 but " + r + " in layer " + l
                        + ": an exported Mogrifier LM needs the same number per layer");
            }
            removed = r;
        }
        if (removed == H) throw new IllegalArgumentException("the gates remove every unit");
        MogrifierLM folded = new MogrifierLM(model.config(), model.precision());
        try {
            copyParams(model, folded);
            gates.apply(folded, z);
            folded.applyMasksToParams();
            folded.clearMasks();
            if (removed == 0) return folded;
            // rank units so that exactly the zero-gated ones come first: score 1 on each element
            // of a kept unit's own LSTM rows; every column-side sum is the same for all units of a layer
            float[] scores = new float[Math.toIntExact(model.numParams())];
            for (int l = 0; l < gates.layers(); l++) {
                var w = folded.param(UnitGates.weight(l));
                for (int g = 0; g < 4; g++) {
                    for (int j = 0; j < H; j++) {
                        if (!kept[l][j]) continue;
                        long start = w.offset() + (long) (g * H + j) * w.cols();
                        for (int k = 0; k < w.cols(); k++) scores[(int) (start + k)] = 1f;
                    }
                }
            }
            SparsityLevels one = new SparsityLevels((double) removed / H);
            NestedUnitMasks masks = NestedUnitMasks.build(one, one.toArray(), ModelMasks.architecture(model.config()), false,
                    ModelMasks.tensors(folded), scores);
            for (int l = 0; l < gates.layers(); l++) {
                float[] rows = masks.masks(0, true).get(UnitGates.weight(l));
                for (int j = 0; j < H; j++) {
                    if ((rows[j] == 0f) == kept[l][j]) throw new IllegalStateException("unit ranking does not follow the gates");
                }
            }
            try {
                return StructuredExport.export(folded, masks, 0);
            } finally {
                folded.close();
            }
        } catch (RuntimeException e) {
            folded.close();   // idempotent
            throw e;
        }
    }

    /** Copies every parameter tensor (same config), in the source's precision. */
    static void copyParams(MogrifierLM from, MogrifierLM to) {
        for (var p : from.params()) to.setParamD(p.name(), from.getParamD(p.name()));
    }
}
