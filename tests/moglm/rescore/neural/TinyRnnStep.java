package moglm.rescore.neural;

import java.util.Random;

/** Pure-Java Elman RNN step (state = tanh(W s + E[x]), logits U s), deterministic, thread-safe: a stand-in network for tests. */
final class TinyRnnStep implements StepFunction {
    private final int v;
    private final int h;
    private final float[] w;
    private final float[] e;
    private final float[] u;

    TinyRnnStep(int vocab, int hidden, long seed) {
        v = vocab;
        h = hidden;
        Random r = new Random(seed);
        w = new float[h * h];
        e = new float[v * h];
        u = new float[v * h];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian() * 0.5f;
        for (int i = 0; i < e.length; i++) e[i] = (float) r.nextGaussian();
        for (int i = 0; i < u.length; i++) u[i] = (float) r.nextGaussian();
    }

    @Override public int vocabSize() { return v; }

    @Override public int stateSize() { return h; }

    @Override public void step(float[] in, int[] inputs, int batch, float[] out) {
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < h; i++) {
                double a = e[inputs[b] * h + i];
                for (int j = 0; j < h; j++) a += w[i * h + j] * in[b * h + j];
                out[b * h + i] = (float) Math.tanh(a);
            }
    }

    /** z(k | state row b), in double. */
    double logit(float[] states, int b, int k) {
        double a = 0;
        for (int j = 0; j < h; j++) a += u[k * h + j] * states[b * h + j];
        return a;
    }

    @Override public void logits(float[] states, int numStates, int[] rows, int[] outputs, int n, float[] out) {
        for (int i = 0; i < n; i++) out[i] = (float) logit(states, rows[i], outputs[i]);
    }

    @Override public void logNormalizers(float[] states, int batch, float[] logZ, float[] all) {
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] z = new double[v];
            for (int k = 0; k < v; k++) {
                z[k] = (float) logit(states, b, k);
                max = Math.max(max, z[k]);
                if (all != null) all[b * v + k] = (float) z[k];
            }
            double sum = 0;
            for (int k = 0; k < v; k++) sum += Math.exp(z[k] - max);
            logZ[b] = (float) (max + Math.log(sum));
        }
    }

    /** One step of one sequence with the exact log-softmax (the tests' reference). */
    void referenceStep(float[] in, int input, float[] out, float[] logp) {
        step(in, new int[] {input}, 1, out);
        float[] lz = new float[1];
        logNormalizers(out, 1, lz, null);
        for (int k = 0; k < v; k++) logp[k] = (float) (logit(out, 0, k) - lz[0]);
    }
}
