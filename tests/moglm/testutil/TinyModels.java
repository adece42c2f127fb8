package moglm.testutil;

import java.util.Random;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;
import moglm.model.Precision;
import moglm.model.State;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The one tiny-model fixture of the tests: small native models with random parameters, random
 * words, states and dropout masks, one-shot losses and gradients, and the whole parameter or
 * gradient vector in double. (The pure-Java networks of the rescorer tests,
 * {@code rescore.neural.TinyRnnStep}, and the training corpora of {@code train.TinySetup} are
 * separate: they are no native model.)
 */
public final class TinyModels {
    private TinyModels() {}

    /** A model with every parameter uniform(-scale, scale) from the seed. */
    public static MogrifierLM random(ModelConfig c, Precision p, long seed, double scale) {
        MogrifierLM lm = new MogrifierLM(c, p);
        Random rng = new Random(seed);
        for (ParamSpec s : lm.params()) {
            double[] v = new double[(int) s.size()];
            for (int i = 0; i < v.length; i++) v[i] = (2 * rng.nextDouble() - 1) * scale;
            lm.setParamD(s.name(), v);
        }
        return lm;
    }

    /** Copies all parameters of src into dst (same config, any precisions). */
    public static void copyParams(MogrifierLM src, MogrifierLM dst) {
        for (ParamSpec s : src.params()) dst.setParamD(s.name(), src.getParamD(s.name()));
    }

    public static int[] words(Random rng, int n, int V) {
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = rng.nextInt(V);
        return w;
    }

    /** Random initial state values [B][sizePerSequence]. */
    public static double[][] stateValues(Random rng, ModelConfig c, int B, double scale) {
        double[][] s = new double[B][c.stateSize()];
        for (double[] row : s) for (int i = 0; i < row.length; i++) row[i] = (2 * rng.nextDouble() - 1) * scale;
        return s;
    }

    public static void load(State st, double[][] values) {
        for (int b = 0; b < values.length; b++) st.setD(b, values[b]);
    }

    public static double[][] read(State st) {
        double[][] s = new double[st.batch()][st.sizePerSequence()];
        for (int b = 0; b < s.length; b++) st.getD(b, s[b]);
        return s;
    }

    /** Dropout masks with values 0 or 1/(1-p), one per mask position. */
    public static Dropout dropout(ModelConfig c, int B, Random rng) {
        return Dropout.sample(c, B, 0.3, 0.25, 0.2, 0.35, rng);
    }

    /** Teacher logits in the model's precision. */
    public static org.bytedeco.javacpp.Pointer teacher(Precision p, Random rng, int n) {
        if (p == Precision.DOUBLE) {
            DoublePointer d = new DoublePointer(n);
            for (int i = 0; i < n; i++) d.put(i, 3 * rng.nextGaussian());
            return d;
        }
        FloatPointer f = new FloatPointer(n);
        for (int i = 0; i < n; i++) f.put(i, (float) (3 * rng.nextGaussian()));
        return f;
    }

    /** Converts a per-sequence state vector [layer][h|c][unit] into h[l][b][j] / c[l][b][j]. */
    public static double[][][][] split(double[][] s, ModelConfig c) {
        int L = c.layers(), H = c.hiddenSize(), B = s.length;
        double[][][] h = new double[L][B][H], cs = new double[L][B][H];
        for (int l = 0; l < L; l++)
            for (int b = 0; b < B; b++)
                for (int j = 0; j < H; j++) {
                    h[l][b][j] = s[b][(2 * l) * H + j];
                    cs[l][b][j] = s[b][(2 * l + 1) * H + j];
                }
        return new double[][][][] {h, cs};
    }

    /** A model initialised by its own {@code initRandom(seed)} (the trainer's initialisation). */
    public static MogrifierLM model(ModelConfig c, Precision p, long seed) {
        MogrifierLM m = new MogrifierLM(c, p);
        m.initRandom(seed);
        return m;
    }

    /** n uniform word ids below vocab from the seed. */
    public static int[] words(int n, int vocab, long seed) {
        return words(new Random(seed), n, vocab);
    }

    /** Summed cross-entropy of one forward from a zero state (no dropout). */
    public static double loss(MogrifierLM m, int[] in, int[] tgt, int T, int B) {
        try (State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            return m.loss(tgt, 1.0, null, 0.0, 1.0).loss();
        }
    }

    /** Zeroes the gradients and accumulates those of one forward/backward from a zero state. */
    public static double lossAndGrad(MogrifierLM m, int[] in, int[] tgt, int T, int B) {
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
    public static double[] paramsD(MogrifierLM m) {
        double[] out = new double[Math.toIntExact(m.numParams())];
        for (var p : m.params()) System.arraycopy(m.getParamD(p.name()), 0, out, (int) p.offset(), (int) p.size());
        return out;
    }

    /** Whole gradient vector in double. */
    public static double[] gradsD(MogrifierLM m) {
        double[] out = new double[Math.toIntExact(m.numParams())];
        for (var p : m.params()) System.arraycopy(m.getGradD(p.name()), 0, out, (int) p.offset(), (int) p.size());
        return out;
    }

    /** Sets every parameter from a whole vector in double. */
    public static void setParamsD(MogrifierLM m, double[] all) {
        for (var p : m.params()) {
            double[] v = new double[(int) p.size()];
            System.arraycopy(all, (int) p.offset(), v, 0, v.length);
            m.setParamD(p.name(), v);
        }
    }
}
