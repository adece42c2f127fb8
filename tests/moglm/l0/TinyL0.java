package moglm.l0;

import java.util.Random;
import moglm.model.MogrifierLM;
import moglm.model.State;

/** Helpers shared by the L0 tests. */
final class TinyL0 {
    private TinyL0() {}

    static int[] words(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = r.nextInt(vocab);
        return w;
    }

    static double loss(MogrifierLM m, int[] in, int[] tgt, int T, int B) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            return m.loss(tgt, 1.0, null, 0.0, 1.0).loss();
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

    /** Parameters uniform(-0.6, 0.6): hidden outputs far from 0. */
    static void randomize(MogrifierLM m, long seed) {
        Random r = new Random(seed);
        for (var p : m.params()) {
            double[] v = new double[(int) p.size()];
            for (int i = 0; i < v.length; i++) v[i] = 1.2 * r.nextDouble() - 0.6;
            m.setParamD(p.name(), v);
        }
    }
}
