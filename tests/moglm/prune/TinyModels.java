package moglm.prune;

import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;

/** Small models and batches shared by the pruning tests. */
final class TinyModels {
    private TinyModels() {}

    static MogrifierLM model(ModelConfig c, Precision p, long seed) {
        MogrifierLM m = new MogrifierLM(c, p);
        m.initRandom(seed);
        return m;
    }

    static int[] words(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = r.nextInt(vocab);
        return w;
    }

    /** Summed cross-entropy of one forward from a zero state (no dropout). */
    static double loss(MogrifierLM m, int[] in, int[] tgt, int T, int B) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            return m.loss(tgt, 1.0, null, 0.0, 1.0).loss();
        }
    }

    /** Zeroes the gradients and accumulates those of one forward/backward from a zero state. */
    static double lossAndGrad(MogrifierLM m, int[] in, int[] tgt, int T, int B) {
        m.zeroGrads();
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, true);
            double l = m.loss(tgt, 1.0, null, 0.0, 1.0).loss();
            m.backward(null);
            return l;
        }
    }

    /** Whole parameter vector in double, via the per-tensor double accessors. */
    static double[] paramsD(MogrifierLM m) {
        double[] out = new double[Math.toIntExact(m.numParams())];
        for (var p : m.params()) System.arraycopy(m.getParamD(p.name()), 0, out, (int) p.offset(), (int) p.size());
        return out;
    }

    static double[] gradsD(MogrifierLM m) {
        double[] out = new double[Math.toIntExact(m.numParams())];
        for (var p : m.params()) System.arraycopy(m.getGradD(p.name()), 0, out, (int) p.offset(), (int) p.size());
        return out;
    }

    static void setParamsD(MogrifierLM m, double[] all) {
        for (var p : m.params()) {
            double[] v = new double[(int) p.size()];
            System.arraycopy(all, (int) p.offset(), v, 0, v.length);
            m.setParamD(p.name(), v);
        }
    }
}
