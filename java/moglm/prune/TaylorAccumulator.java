package moglm.prune;

import moglm.modelfile.SectionCodec;

/**
 * Accumulates the data-driven first-order Taylor importance of every parameter:
 * {@code score[i] = sum over batches b of |w_i * dL_b/dw_i|}, where L_b is the loss of batch b.
 * |w * dL/dw| is the first-order estimate of |L(w with w_i = 0) - L(w)| (Molchanov et al. 2017),
 * so weights whose removal changes the loss least are pruned first.
 */
public final class TaylorAccumulator {
    private final double[] score;
    private int batches;

    public TaylorAccumulator(int numParams) { this.score = new double[numParams]; }

    /** Adds |w_i * g_i| of one batch; both arrays cover the whole flat parameter vector. */
    public void add(float[] params, float[] grads) {
        if (params.length != score.length || grads.length != score.length) {
            throw new IllegalArgumentException("expected " + score.length + " params and grads, got "
                    + params.length + " and " + grads.length);
        }
        for (int i = 0; i < score.length; i++) score[i] += Math.abs((double) params[i] * grads[i]);
        batches++;
    }

    /**
     * As {@link #add}, for a batch whose gradient is zero outside the element ranges
     * [from[i], to[i]) (a sampled-output step restricted to its vocabulary rows): only those
     * elements of {@code params} and {@code grads} are read, and the scores equal {@link #add}'s
     * bit for bit (elsewhere the term is 0).
     */
    public void addRanges(float[] params, float[] grads, int[] from, int[] to) {
        if (params.length != score.length || grads.length != score.length || from.length != to.length) {
            throw new IllegalArgumentException("expected " + score.length + " params and grads and equal range counts, got "
                    + params.length + ", " + grads.length + ", " + from.length + " and " + to.length);
        }
        for (int r = 0; r < from.length; r++) {
            if (from[r] < 0 || to[r] < from[r] || to[r] > score.length) throw new IllegalArgumentException("bad range [" + from[r] + ", " + to[r] + ")");
            for (int i = from[r]; i < to[r]; i++) score[i] += Math.abs((double) params[i] * grads[i]);
        }
        batches++;
    }

    public int batches() { return batches; }

    /** The accumulated scores (a copy, as float for the mask builders). */
    public float[] scores() {
        if (batches == 0) throw new IllegalStateException("Taylor scores need at least one batch");
        float[] s = new float[score.length];
        for (int i = 0; i < s.length; i++) s[i] = (float) score[i];
        return s;
    }

    public void reset() {
        java.util.Arrays.fill(score, 0);
        batches = 0;
    }

    /** Writes the exact accumulator (batch count and every double score) for a checkpoint. */
    public void write(SectionCodec.Writer out) {
        out.writeInt(score.length);
        out.writeInt(batches);
        for (double v : score) out.writeDouble(v);
    }

    /** Inverse of {@link #write}: replaces this accumulator's content (same parameter count required). */
    public void read(SectionCodec.Reader in, String where) throws java.io.IOException {
        int n = in.readInt();
        if (n != score.length) throw new java.io.IOException(where + ": Taylor scores for " + n + " parameters, the model has " + score.length);
        int b = in.readInt();
        if (b < 0) throw new java.io.IOException(where + ": negative Taylor batch count " + b);
        for (int i = 0; i < n; i++) score[i] = in.readDouble();
        batches = b;
    }
}
