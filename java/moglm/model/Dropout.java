package moglm.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Variational dropout masks (Gal and Ghahramani 2016) for one forward call: one mask per sequence,
 * held constant over the T steps of the call. Values are 0 or 1/(1-p) (inverted dropout, so no
 * rescaling at test time). Any mask may be absent (null = no dropout there).
 *
 * <p>Where they apply, each [features x batch] row-major (index {@code j * batch + b}):
 * <ul>
 * <li>embed [embedSize x batch]: the word embeddings entering layer 0;
 * <li>state, per layer [hiddenSize x batch]: h_prev entering the mogrifier and recurrence (the
 *     carried state itself is not masked; c is never masked);
 * <li>between layers, per boundary l = 0..layers-2 [hiddenSize x batch]: layer l's output
 *     entering layer l+1;
 * <li>output [hiddenSize x batch]: the top layer's output entering the output layer.
 * </ul>
 * Masks live on the Java heap and are copied to the model's workspace at each forward.
 */
public final class Dropout implements AutoCloseable {
    private final ModelConfig config;
    private final int batch;
    private float[] embed, output;
    private final float[][] state, between;
    private boolean closed;

    /** No dropout anywhere yet; set masks with the setters. */
    public Dropout(ModelConfig config, int batch) {
        if (config == null) throw new IllegalArgumentException("config is null");
        if (batch < 1) throw new IllegalArgumentException("dropout batch must be >= 1, got " + batch);
        this.config = config;
        this.batch = batch;
        this.state = new float[config.layers()][];
        this.between = new float[config.layers() - 1][];
    }

    /**
     * Samples fresh masks: each unit kept with probability 1-p (value 1/(1-p)), else 0. A p of 0
     * leaves that mask absent. p must be in [0, 1).
     */
    public static Dropout sample(ModelConfig c, int batch, double pEmbed, double pState,
                                 double pBetweenLayers, double pOutput, Random rng) {
        if (rng == null) throw new IllegalArgumentException("rng is null");
        Dropout d = new Dropout(c, batch);
        d.embed = mask(c.embedSize() * batch, pEmbed, rng, "pEmbed");
        for (int l = 0; l < c.layers(); l++) d.state[l] = mask(c.hiddenSize() * batch, pState, rng, "pState");
        for (int l = 0; l + 1 < c.layers(); l++)
            d.between[l] = mask(c.hiddenSize() * batch, pBetweenLayers, rng, "pBetweenLayers");
        d.output = mask(c.hiddenSize() * batch, pOutput, rng, "pOutput");
        return d;
    }

    private static float[] mask(int n, double p, Random rng, String name) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(name + " must be in [0, 1), got " + p);
        if (p == 0) return null;
        float keep = (float) (1.0 / (1.0 - p));
        float[] m = new float[n];
        for (int i = 0; i < n; i++) m[i] = rng.nextDouble() < p ? 0f : keep;
        return m;
    }

    public ModelConfig config() { return config; }
    public int batch() { return batch; }

    /** Embedding mask [embedSize x batch] or null. The array is used as is (not copied). */
    public void setEmbed(float[] mask) {
        embed = checked(mask, config.embedSize(), "embed");
    }

    /** State (h_prev) mask of one layer [hiddenSize x batch] or null. */
    public void setState(int layer, float[] mask) {
        if (layer < 0 || layer >= config.layers())
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + config.layers() + ")");
        state[layer] = checked(mask, config.hiddenSize(), "state");
    }

    /** Mask between layer {@code boundary} and {@code boundary + 1} [hiddenSize x batch] or null. */
    public void setBetweenLayers(int boundary, float[] mask) {
        if (boundary < 0 || boundary >= config.layers() - 1)
            throw new IllegalArgumentException("layer boundary " + boundary + " outside [0, " + (config.layers() - 1) + ")");
        between[boundary] = checked(mask, config.hiddenSize(), "between-layers");
    }

    /** Output mask [hiddenSize x batch] or null. */
    public void setOutput(float[] mask) {
        output = checked(mask, config.hiddenSize(), "output");
    }

    public float[] embed() { return embed; }
    public float[] state(int layer) { return state[layer]; }
    public float[] betweenLayers(int boundary) { return between[boundary]; }
    public float[] output() { return output; }

    private float[] checked(float[] mask, int features, String what) {
        checkOpen();
        if (mask == null) return null;
        if (mask.length != features * batch)
            throw new IllegalArgumentException(what + " dropout mask length " + mask.length + " != "
                    + features + " x " + batch);
        for (float v : mask)
            if (!Float.isFinite(v) || v < 0)
                throw new IllegalArgumentException(what + " dropout mask holds " + v + " (expected 0 or 1/(1-p))");
        return mask;
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("dropout masks are closed");
    }

    // packed forms for the kernels: all layers back to back, absent layers as ones; null if none set
    float[] packedState() {
        return pack(state);
    }

    float[] packedBetween() {
        return pack(between);
    }

    private float[] pack(float[][] masks) {
        boolean any = false;
        for (float[] m : masks) any |= m != null;
        if (!any) return null;
        int n = config.hiddenSize() * batch;
        float[] out = new float[masks.length * n];
        for (int l = 0; l < masks.length; l++) {
            if (masks[l] != null) System.arraycopy(masks[l], 0, out, l * n, n);
            else Arrays.fill(out, l * n, (l + 1) * n, 1f);
        }
        return out;
    }

    /** Drops the masks; later use throws IllegalStateException. */
    @Override public void close() {
        closed = true;
        embed = output = null;
        Arrays.fill(state, null);
        Arrays.fill(between, null);
    }
}
