package moglm.distill;

import static org.junit.jupiter.api.Assertions.*;

import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.prune.PruneOptions;
import moglm.prune.PruneSchedule;
import moglm.level.SparsityLevels;
import moglm.train.Chunk;
import org.junit.jupiter.api.Test;

/** The hook prunes on schedule and tells the trainer exactly once that the final masks are in force. */
class OnDemandHookTest {
    @Test void oneShotPruningRestartsTheBestModelOnceAndZeroesWeights() {
        ModelConfig c = new ModelConfig(11, 6, 6, 1, 2, 0, true);
        int T = 3, B = 2;
        int[] in = new int[T * B], tgt = new int[T * B];
        for (int i = 0; i < in.length; i++) { in[i] = i % 11; tgt[i] = (i * 7) % 11; }
        Chunk chunk = new Chunk(T, B, in, tgt, new int[0], T * B);
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(2);
            SparsityLevels lv = new SparsityLevels(0.5);
            OnDemandOptions o = new OnDemandOptions(PruneOptions.defaults(lv), PruneSchedule.oneShot(3), true,
                    SubnetSelection.parse("sandwich"), DistillOptions.none());
            try (OnDemandHook hook = new OnDemandHook(planned -> o, null, 1)) {
                hook.start(m, 10);
                assertFalse(hook.replacesStep(), "fixed pruning uses the trainer's own step");
                for (long t = 0; t < 6; t++) {
                    hook.beforeStep(t, chunk);
                    assertEquals(t == 3, hook.restartBestModel(), "restart at step " + t);
                }
                float[] p = new float[(int) m.numParams()];
                m.getParams(p);
                float[] w = m.getParam("layer0.lstm.weight");
                int zeros = 0;
                for (float v : w) if (v == 0f) zeros++;
                assertEquals(Math.round(0.5 * w.length), zeros);
            }
        }
    }

    /** Unit pruning needs the dense LSTM/embedding tensors: a factored model is refused with a message, not a lookup error. */
    @Test void unitGranularityRefusesAFactoredModel() {
        ModelConfig c = new ModelConfig(11, 6, 6, 1, 2, 0, 3, 4, true);
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            PruneOptions po = new PruneOptions(new SparsityLevels(0.5), true, moglm.prune.Criterion.MAGNITUDE,
                    moglm.level.Ranking.PER_MATRIX, moglm.level.PruneTarget.defaults(), false);
            OnDemandOptions o = new OnDemandOptions(po, PruneSchedule.oneShot(3), false,
                    SubnetSelection.parse("sandwich"), DistillOptions.none());
            try (OnDemandHook hook = new OnDemandHook(planned -> o, null, 1)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hook.start(m, 10));
                assertTrue(e.getMessage().contains("factored") && e.getMessage().contains("embed rank 4"), e.getMessage());
            }
        }
    }
}
