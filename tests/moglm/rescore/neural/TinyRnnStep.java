package moglm.rescore.neural;

import java.util.Random;

/** Pure-Java Elman RNN step (state = tanh(W s + E[x]), log-softmax(U s)), deterministic, thread-safe: a stand-in network for tests. */
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

    @Override public void step(float[] in, int[] inputs, int batch, float[] out, float[] logp) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                double a = e[inputs[b] * h + i];
                for (int j = 0; j < h; j++) a += w[i * h + j] * in[b * h + j];
                out[b * h + i] = (float) Math.tanh(a);
            }
            double max = Double.NEGATIVE_INFINITY;
            double[] z = new double[v];
            for (int k = 0; k < v; k++) {
                double a = 0;
                for (int j = 0; j < h; j++) a += u[k * h + j] * out[b * h + j];
                z[k] = a;
                max = Math.max(max, a);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) sum += Math.exp(z[k] - max);
            double lse = max + Math.log(sum);
            for (int k = 0; k < v; k++) logp[b * v + k] = (float) (z[k] - lse);
        }
    }
}
