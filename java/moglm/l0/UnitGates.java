package moglm.l0;

import moglm.model.TensorNames;

import moglm.modelfile.SectionCodec;
import moglm.modelfile.Sections;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;

/**
 * One hard-concrete gate ({@link HardConcrete}) per hidden unit of every LSTM layer, applied to the
 * model as row masks: gate z of unit j of layer l scales rows {@code g*H + j} (g = i, f, g, o) of
 * {@code layer<l>.lstm.weight} and {@code layer<l>.lstm.bias}. With z = 0 the unit's four gate
 * pre-activations are 0, so from a zero state its cell stays 0 (c = 0.5 c + 0.5 tanh(0)) and its
 * output h = 0.5 tanh(0) = 0: the unit can be removed physically ({@link L0Export}). With tied
 * embeddings the top layer's unit j is also embedding dimension j (the output layer reads h_j
 * through embedding column j), so its gate also scales column j of {@code embed}.
 *
 * <h2>Gradient of a gate without a kernel change</h2>
 * The kernel computes with {@code W_eff[i][k] = W[i][k] * z_i} and returns the masked gradient
 * {@code dW[i][k] = dL/dW_eff[i][k] * z_i}. Since {@code dL/dz_i = sum_k dL/dW_eff[i][k] W[i][k]},
 * <pre>   dL/dz_i = sum over the elements the gate scales of dW * W / z_i      (0 &lt; z_i) </pre>
 * (each element is scaled by one gate exactly once). Where z_i = 0 this is undefined, but there
 * the gate is clamped and dz/dlog_alpha = 0, so nothing is lost.
 */
public final class UnitGates implements L0Gates {
    private final ModelConfig config;
    private final double[][] logAlpha;   // [layer][unit]

    /** Gates of every unit of {@code config}, all with log_alpha = {@code initLogAlpha}. */
    public UnitGates(ModelConfig config, double initLogAlpha) {
        this.config = config;
        this.logAlpha = new double[config.layers()][config.hiddenSize()];
        for (double[] row : logAlpha) Arrays.fill(row, initLogAlpha);
    }

    @Override public ModelConfig config() { return config; }
    /** One group per layer. */
    @Override public int groups() { return logAlpha.length; }
    public int layers() { return logAlpha.length; }
    public int units() { return config.hiddenSize(); }

    /** The live log_alpha array of layer l (written by the optimizer). */
    @Override public double[] logAlpha(int layer) { return logAlpha[layer]; }

    /** Samples every gate into z (same shape) with noise u drawn from rng (stored in u). */
    @Override public void sample(Random rng, double[][] u, double[][] z) {
        for (int l = 0; l < layers(); l++) {
            for (int j = 0; j < units(); j++) {
                u[l][j] = rng.nextDouble();
                z[l][j] = HardConcrete.sample(logAlpha[l][j], u[l][j]);
            }
        }
    }

    /** Expected number of non-zero gates per layer: sum_j P(z_lj != 0). */
    public double[] expectedKept() {
        double[] n = new double[layers()];
        for (int l = 0; l < layers(); l++) for (double a : logAlpha[l]) n[l] += HardConcrete.probNonZero(a);
        return n;
    }

    /**
     * Units kept per layer by the deterministic gates: round(mean over layers of the expected
     * kept count), at least 1. Every layer keeps the same number because a Mogrifier LM has one
     * hidden size ({@link moglm.prune.StructuredExport} needs equal layers).
     */
    public int deterministicKeep() {
        double sum = 0;
        for (double n : expectedKept()) sum += n;
        return Math.max(1, Math.min(units(), (int) Math.round(sum / layers())));
    }

    /**
     * Deterministic gates (the CoFi rule): in each layer the {@code keep} units with the largest
     * log_alpha ({@link #keptUnits}) get {@link HardConcrete#deterministic} (which may itself be
     * 0 for a very negative log_alpha), the others 0.
     */
    public double[][] deterministic(int keep) {
        boolean[][] kept = keptUnits(keep);
        double[][] z = new double[layers()][units()];
        for (int l = 0; l < layers(); l++) {
            for (int j = 0; j < units(); j++) if (kept[l][j]) z[l][j] = HardConcrete.deterministic(logAlpha[l][j]);
        }
        return z;
    }

    /** Per layer, the {@code keep} units with the largest log_alpha (ties: lower index first). */
    public boolean[][] keptUnits(int keep) {
        if (keep < 0 || keep > units()) throw new IllegalArgumentException("keep must be in 0.." + units() + ", got " + keep);
        boolean[][] kept = new boolean[layers()][units()];
        for (int l = 0; l < layers(); l++) {
            Integer[] order = new Integer[units()];
            for (int j = 0; j < units(); j++) order[j] = j;
            final double[] a = logAlpha[l];
            Arrays.sort(order, (x, y) -> Double.compare(a[y], a[x]));
            for (int r = 0; r < keep; r++) kept[l][order[r]] = true;
        }
        return kept;
    }

    /** Sets the row (and, tied, embedding column) masks of gate values z on the model. */
    @Override public void apply(MogrifierLM model, double[][] z) {
        int h = units();
        for (int l = 0; l < layers(); l++) {
            float[] rows = new float[4 * h];
            for (int g = 0; g < 4; g++) for (int j = 0; j < h; j++) rows[g * h + j] = (float) z[l][j];
            model.setRowMask(weight(l), rows);
            model.setRowMask(bias(l), rows);
        }
        if (config.tied()) {
            float[] cols = new float[h];
            for (int j = 0; j < h; j++) cols[j] = (float) z[layers() - 1][j];
            model.setColMask(TensorNames.EMBED, cols);
        }
    }

    /**
     * dL/dz of every gate from the model's masked gradients after a backward with masks z
     * ({@link #apply}); 0 where z = 0 (see the class comment).
     */
    @Override public double[][] gateGradients(MogrifierLM model, double[][] z) {
        int h = units();
        double[][] dz = new double[layers()][h];
        for (int l = 0; l < layers(); l++) {
            for (String name : new String[] {weight(l), bias(l)}) {
                int cols = model.param(name).cols();
                double[] w = model.getParamD(name), g = model.getGradD(name);
                for (int r = 0; r < 4 * h; r++) {
                    double s = 0;
                    for (int k = r * cols, e = k + cols; k < e; k++) s += w[k] * g[k];
                    dz[l][r % h] += s;
                }
            }
        }
        if (config.tied()) {
            // only the rows the step may have changed (all, or a sampled step's rows): elsewhere g = 0
            int[] live = model.liveRows(TensorNames.EMBED);
            double[] w = model.getRowsD(TensorNames.EMBED, live, false), g = model.getRowsD(TensorNames.EMBED, live, true);
            int top = layers() - 1;
            for (int k = 0; k < w.length; k++) dz[top][k % h] += w[k] * g[k];
        }
        for (int l = 0; l < layers(); l++) {
            for (int j = 0; j < h; j++) {
                float zf = (float) z[l][j];
                dz[l][j] = zf == 0f ? 0 : dz[l][j] / zf;
            }
        }
        return dz;
    }

    static String weight(int l) { return TensorNames.lstmWeight(l); }
    static String bias(int l) { return TensorNames.lstmBias(l); }

    private static final String MAGIC = "L0UG";
    /** 0: big-endian without magic (read only); 2: {@link SectionCodec}, little-endian. */
    private static final int VERSION = 2;

    /** Serialised log_alphas: magic "L0UG", version, i32 layers, i32 units, then the f64 values. */
    @Override public byte[] toBytes() {
        SectionCodec.Writer out = SectionCodec.writer(MAGIC, VERSION);
        out.writeInt(layers());
        out.writeInt(units());
        for (double[] row : logAlpha) for (double a : row) out.writeDouble(a);
        return out.toBytes();
    }

    /** Inverse of {@link #toBytes} for a model of {@code config}; {@code where} names the source in errors. */
    public static UnitGates fromBytes(ModelConfig config, byte[] bytes, String where) throws IOException {
        SectionCodec.Reader in = SectionCodec.startsWith(bytes, MAGIC)
                ? SectionCodec.read(bytes, Sections.L0_GATES, MAGIC, VERSION, where)
                : SectionCodec.readLegacy(bytes, 0, Sections.L0_GATES, where);
        int layers = in.readInt(), units = in.readInt();
        if (layers != config.layers() || units != config.hiddenSize()) {
            throw new IOException(where + ": L0 gates are for " + layers + " layers x " + units + " units, the model has "
                    + config.layers() + " x " + config.hiddenSize());
        }
        if (in.remaining() != 8L * layers * units) throw new IOException(where + ": L0 gate section has " + bytes.length + " bytes");
        UnitGates g = new UnitGates(config, 0);
        for (double[] row : g.logAlpha) for (int j = 0; j < row.length; j++) row[j] = in.readDouble();
        return g;
    }
}
