package moglm.model;

import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/** Helpers shared by the model tests: random parameters, states, masks and words. */
final class TestModels {
    private TestModels() {}

    /** A model with every parameter uniform(-scale, scale) from the seed. */
    static MogrifierLM random(ModelConfig c, Precision p, long seed, double scale) {
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
    static void copyParams(MogrifierLM src, MogrifierLM dst) {
        for (ParamSpec s : src.params()) dst.setParamD(s.name(), src.getParamD(s.name()));
    }

    static int[] words(Random rng, int n, int V) {
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = rng.nextInt(V);
        return w;
    }

    /** Random initial state values [B][sizePerSequence]. */
    static double[][] stateValues(Random rng, ModelConfig c, int B, double scale) {
        double[][] s = new double[B][c.stateSize()];
        for (double[] row : s) for (int i = 0; i < row.length; i++) row[i] = (2 * rng.nextDouble() - 1) * scale;
        return s;
    }

    static void load(State st, double[][] values) {
        for (int b = 0; b < values.length; b++) st.setD(b, values[b]);
    }

    static double[][] read(State st) {
        double[][] s = new double[st.batch()][st.sizePerSequence()];
        for (int b = 0; b < s.length; b++) st.getD(b, s[b]);
        return s;
    }

    /** Dropout masks with values 0 or 1/(1-p), one per mask position. */
    static Dropout dropout(ModelConfig c, int B, Random rng) {
        return Dropout.sample(c, B, 0.3, 0.25, 0.2, 0.35, rng);
    }

    /** Teacher logits in the model's precision. */
    static org.bytedeco.javacpp.Pointer teacher(Precision p, Random rng, int n) {
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
    static double[][][][] split(double[][] s, ModelConfig c) {
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
}
