package moglm.prune;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import org.junit.jupiter.api.Test;
import moglm.level.LevelMasks;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;
import moglm.level.PruneTarget;
import moglm.level.Ranking;

/** With a level's masks installed, pruned weights get zero gradient and stay zero while training. */
class MaskedTrainingTest {
    @Test void prunedWeightsStayZeroThroughTrainingSteps() {
        ModelConfig c = new ModelConfig(17, 6, 6, 2, 3, 0, true);
        for (boolean structured : List.of(false, true)) {
            try (MogrifierLM m = TinyModels.model(c, Precision.FLOAT, 3)) {
                SparsityLevels lv = SparsityLevels.parse("0.5");
                PruneOptions opt = new PruneOptions(lv, structured, Criterion.MAGNITUDE, Ranking.PER_MATRIX, PruneTarget.defaults(), false);
                LevelMasks masks = opt.build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c), ModelMasks.magnitude(m));
                ModelMasks.select(m, masks, 0);
                m.applyMasksToParams();
                float[] mask = masks.flatMask(0);
                int n = mask.length;
                float[] p = new float[n], g = new float[n];
                int T = 4, B = 2;
                for (int step = 0; step < 5; step++) {
                    TinyModels.lossAndGrad(m, TinyModels.words(T * B, 17, step), TinyModels.words(T * B, 17, 50 + step), T, B);
                    m.getParams(p);
                    m.getGrads(g);
                    int moved = 0;
                    for (int i = 0; i < n; i++) {
                        if (mask[i] == 0f) {
                            assertEquals(0f, g[i], "gradient of pruned weight " + i);
                            assertTrue(p[i] == 0f, "pruned weight " + i + " at step " + step + " is " + p[i]);
                        } else if (g[i] != 0f) moved++;
                        p[i] -= 0.5f * g[i];
                    }
                    assertTrue(moved > n / 4, "kept weights do train");
                    m.setParams(p);
                }
            }
        }
    }
}
