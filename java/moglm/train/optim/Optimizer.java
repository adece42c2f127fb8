package moglm.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A first-order optimiser over the model's flat parameter and gradient vectors (copied to Java
 * arrays in bulk by the trainer: one memcpy each way per step, then a tight loop here).
 *
 * <p>Its state is a step count plus named per-parameter slot vectors (momentum, moments...),
 * exposed by {@link #slots()} so that a checkpoint can save and restore it exactly.
 */
public abstract class Optimizer {
    protected final int n;
    protected final double weightDecay;
    protected long t;
    private final Map<String, float[]> slots = new LinkedHashMap<>();

    protected Optimizer(int numParams, double weightDecay) {
        if (numParams <= 0) throw new IllegalArgumentException("numParams must be > 0");
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.n = numParams;
        this.weightDecay = weightDecay;
    }

    protected final float[] slot(String name) {
        float[] s = new float[n];
        slots.put(name, s);
        return s;
    }

    /**
     * One update with learning rate {@code lr}: {@code params} are changed in place; {@code grads}
     * may be overwritten (e.g. by the L2 term).
     */
    public final void step(float[] params, float[] grads, double lr) {
        if (params.length != n || grads.length != n) {
            throw new IllegalArgumentException("expected " + n + " params/grads, got " + params.length + "/" + grads.length);
        }
        t++;
        update(params, grads, lr);
    }

    /**
     * One lazy (row-sparse) update: only the elements in the ranges {@code [from[r], to[r])},
     * r &lt; count, change, their slots included; the step count advances once. Elements outside
     * (e.g. the embedding rows of words absent from the step) keep their values and moments, as
     * lazy Adam does: a step costs the touched elements, not the vocabulary size. Over one range
     * [0, n) it is exactly {@link #step}.
     */
    public final void stepRanges(float[] params, float[] grads, double lr, int[] from, int[] to, int count) {
        if (params.length != n || grads.length != n) {
            throw new IllegalArgumentException("expected " + n + " params/grads, got " + params.length + "/" + grads.length);
        }
        for (int r = 0; r < count; r++)
            if (from[r] < 0 || to[r] > n || from[r] > to[r]) throw new IllegalArgumentException("bad range [" + from[r] + ", " + to[r] + ")");
        t++;
        for (int r = 0; r < count; r++) update(params, grads, lr, from[r], to[r], 0);
    }

    /**
     * {@link #stepRanges} on packed arrays: {@code params} and {@code grads} hold only the
     * elements of the ranges, one range after the other ({@code params[0]} is element
     * {@code from[0]}), so a caller needs no array of all parameters. Element for element the
     * same arithmetic as {@link #stepRanges}, so the same results bit for bit.
     */
    public final void stepPacked(float[] params, float[] grads, double lr, int[] from, int[] to, int count) {
        long total = 0;
        for (int r = 0; r < count; r++) {
            if (from[r] < 0 || to[r] > n || from[r] > to[r]) throw new IllegalArgumentException("bad range [" + from[r] + ", " + to[r] + ")");
            total += to[r] - from[r];
        }
        if (params.length < total || grads.length < total) {
            throw new IllegalArgumentException("packed params/grads hold " + params.length + "/" + grads.length + " values, the ranges " + total);
        }
        t++;
        int at = 0;
        for (int r = 0; r < count; r++) {
            update(params, grads, lr, from[r], to[r], at - from[r]);
            at += to[r] - from[r];
        }
    }

    private void update(float[] p, float[] g, double lr) {
        update(p, g, lr, 0, n, 0);
    }

    /**
     * The update of the elements [from, to) (the step count already advanced): element i's slots
     * are at index i, its parameter and gradient at {@code p[i + shift]}, {@code g[i + shift]}.
     */
    protected abstract void update(float[] p, float[] g, double lr, int from, int to, int shift);

    /** Adds the L2 term {@code wd * p} to the gradient (coupled weight decay) on [from, to) (shifted as in update). */
    protected final void addL2(float[] p, float[] g, int from, int to, int shift) {
        if (weightDecay == 0) return;
        float wd = (float) weightDecay;
        for (int i = from + shift; i < to + shift; i++) g[i] += wd * p[i];
    }

    /** Updates done so far. */
    public long steps() { return t; }

    /** Restores the step count (checkpoint resume). */
    public void setSteps(long steps) { t = steps; }

    /** Named state vectors (live arrays: a checkpoint copies out of and into them). */
    public Map<String, float[]> slots() { return slots; }

    /** Short name for logs and checkpoints. */
    public abstract String name();
}
