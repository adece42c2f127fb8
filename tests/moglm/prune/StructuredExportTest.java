package moglm.prune;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;
import moglm.level.NestedUnitMasks;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;

/** A structured level exported as smaller dense matrices computes the masked model's log-probs. */
class StructuredExportTest {
    @Test void exportedStructuredLevelsMatchTheMaskedModel() {
        for (ModelConfig c : List.of(new ModelConfig(23, 8, 8, 2, 4, 0, true),
                                     new ModelConfig(23, 6, 10, 2, 5, 3, false),
                                     new ModelConfig(23, 6, 10, 1, 0, 0, false))) {
            try (MogrifierLM dense = TinyModels.model(c, Precision.FLOAT, 5)) {
                SparsityLevels lv = SparsityLevels.parse("0.25,0.5");
                NestedUnitMasks masks = NestedUnitMasks.build(lv, lv.toArray(), ModelMasks.architecture(c), !c.tied(),
                        ModelMasks.tensors(dense), ModelMasks.magnitude(dense));
                int T = 5, B = 3, V = c.vocabSize();
                int[] in = TinyModels.words(T * B, V, 9);
                float[] denseLp = logProbs(dense, in, T, B);
                for (int k = 0; k < lv.size(); k++) {
                    try (MogrifierLM small = StructuredExport.export(dense, masks, k)) {
                        ModelMasks.select(dense, masks, k);
                        float[] masked = logProbs(dense, in, T, B);
                        dense.clearMasks();
                        float[] exported = logProbs(small, in, T, B);
                        double maxDiff = 0, maxFromDense = 0;
                        for (int i = 0; i < masked.length; i++) {
                            maxDiff = Math.max(maxDiff, Math.abs(masked[i] - exported[i]));
                            maxFromDense = Math.max(maxFromDense, Math.abs(masked[i] - denseLp[i]));
                        }
                        assertTrue(maxDiff <= 1e-5, c + " level " + k + ": max |diff| " + maxDiff);
                        assertTrue(maxFromDense > 1e-3, "the level really differs from dense");
                        assertEquals(masks.keptParams(k), small.numParams(), "exported size = kept parameter count");
                        assertTrue(small.numParams() < dense.numParams());
                        assertEquals(c.hiddenSize() - masks.removedUnits(k), small.config().hiddenSize());
                    }
                }
            }
        }
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
}
