package moglm.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;

/** K replicas on column groups must give the full batch's loss, gradient and carried state. */
class DataParallelTest {
    private static final ModelConfig C = new ModelConfig(40, 8, 8, 2, 3, 0, true);
    private static final int T = 6, B = 5;

    private static Chunk chunk(Random rng) {
        int[] in = new int[T * B], tg = new int[T * B];
        long n = 0;
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextInt(C.vocabSize());
            tg[i] = rng.nextInt(7) == 0 ? -1 : rng.nextInt(C.vocabSize());
            if (tg[i] >= 0) n++;
        }
        return new Chunk(T, B, in, tg, new int[0], n);
    }

    private static void randomState(State s, Random rng) {
        float[] v = new float[s.sizePerSequence()];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * 0.5);
            s.set(b, v);
        }
    }

    // float kernels: a column group of width 1 goes through gemv instead of gemm, so losses agree to
    // float rounding (1e-6 relative), not bit for bit
    @Test void replicasReproduceTheFullBatchStep() {
        Random rng = new Random(3);
        Chunk ch = chunk(rng);
        try (MogrifierLM m = new MogrifierLM(C, Precision.FLOAT); State s0 = m.newState(B)) {
            m.initRandom(11);
            randomState(s0, rng);
            float[] params = new float[(int) m.numParams()];
            m.getParams(params);
            double w = 1.0 / ch.targetCount();

            float[] want = new float[params.length];
            float[] wantState = new float[s0.sizePerSequence()];
            MogrifierLM.LossResult ref;
            try (State s = m.newState(B); Dropout d = Dropout.sample(C, B, 0.2, 0.1, 0.2, 0.3, new Random(5))) {
                s.copyFrom(s0);
                m.zeroGrads();
                m.forward(ch.inputs(), T, B, s, d, true);
                ref = m.loss(ch.targets(), w, null, 0, 1);
                m.backward(null);
                m.getGrads(want);
                s.get(4, wantState);
            }
            double norm = 0;
            for (float g : want) norm = Math.max(norm, Math.abs(g));
            assertTrue(norm > 1e-4, "the reference gradient is not trivial");

            for (int k : new int[] {2, 3, 5}) {
                float[] got = new float[params.length];
                float[] gotState = new float[s0.sizePerSequence()];
                try (DataParallel dp = new DataParallel(C, B, k); State s = m.newState(B);
                     Dropout d = Dropout.sample(C, B, 0.2, 0.1, 0.2, 0.3, new Random(5))) {
                    s.copyFrom(s0);
                    MogrifierLM.LossResult r = dp.step(params, ch, s, d, w, got);
                    s.get(4, gotState);
                    assertEquals(ref.count(), r.count(), "k=" + k);
                    assertEquals(ref.crossEntropy(), r.crossEntropy(), 1e-6 * Math.abs(ref.crossEntropy()), "k=" + k);
                    assertEquals(ref.loss(), r.loss(), 1e-6 * Math.abs(ref.loss()), "k=" + k);
                }
                for (int i = 0; i < want.length; i++)
                    assertEquals(want[i], got[i], 1e-6 + 1e-4 * Math.abs(want[i]), "k=" + k + " gradient " + i);
                assertArrayEquals(wantState, gotState, 1e-6f, "k=" + k + " carried state of column 4");
            }
        }
    }

    @Test void moreReplicasThanColumnsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DataParallel(C, 2, 3));
    }
}
