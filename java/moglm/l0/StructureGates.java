package moglm.l0;

import moglm.modelfile.SectionCodec;
import moglm.modelfile.Sections;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;

/**
 * Hard-concrete gates on any set of {@link Structure}s ({@code --l0-structures}), laid out by a
 * {@link GateMap}: one log_alpha array per group (a layer's units, a layer's gate rows, a
 * mogrifier matrix's rows or rank components, the embedding dimensions).
 *
 * <p>Applied as row/column masks: the mask of a row or column is the product of the gates that
 * scale it ({@link GateMap#scale}). The kernel uses W_eff = W * prod(masks) and returns
 * dW = dL/dW_eff * prod(masks), so for a gate g scaling element e,
 * dL/dz_g = sum_e dL/dW_eff[e] W[e] prod(other masks of e) = sum_e dW[e] W[e] / z_g, also where two
 * gates scale one element (0 &lt; z_g; at z_g = 0 the gate is clamped and dz/dlog_alpha = 0).
 * Low-rank components are gated on row c of {@code .right} only (left * diag(z) * right), so that
 * a component is not scaled by z^2.
 */
public final class StructureGates implements L0Gates {
    private static final String MAGIC = "L0SG";
    /** Version 2: {@link SectionCodec}, little-endian. */
    private static final int VERSION = 2;
    /** The first format: big-endian after this magic, no version (read only). */
    private static final String LEGACY_MAGIC = "L0S1";

    private final GateMap map;
    private final double[][] logAlpha;            // [group][gate]
    private final int[] groupOf, indexOf;         // global gate id -> group, position

    public StructureGates(ModelConfig config, Set<Structure> structures, double initLogAlpha) {
        this.map = new GateMap(config, structures);
        logAlpha = new double[map.groups().size()][];
        groupOf = new int[map.gates()];
        indexOf = new int[map.gates()];
        for (int i = 0; i < logAlpha.length; i++) {
            GateMap.Group g = map.groups().get(i);
            logAlpha[i] = new double[g.size()];
            Arrays.fill(logAlpha[i], initLogAlpha);
            for (int j = 0; j < g.size(); j++) {
                groupOf[g.offset() + j] = i;
                indexOf[g.offset() + j] = j;
            }
        }
    }

    public GateMap map() { return map; }
    @Override public ModelConfig config() { return map.config(); }
    @Override public int groups() { return logAlpha.length; }
    @Override public double[] logAlpha(int group) { return logAlpha[group]; }

    /** Arrays shaped like the gates ([group][gate]), zero. */
    public double[][] newArrays() {
        double[][] a = new double[logAlpha.length][];
        for (int i = 0; i < a.length; i++) a[i] = new double[logAlpha[i].length];
        return a;
    }

    @Override public void sample(Random rng, double[][] u, double[][] z) {
        for (int i = 0; i < logAlpha.length; i++) {
            for (int j = 0; j < logAlpha[i].length; j++) {
                u[i][j] = rng.nextDouble();
                z[i][j] = HardConcrete.sample(logAlpha[i][j], u[i][j]);
            }
        }
    }

    /** P(z != 0) of every gate, flat by gate id. */
    public double[] probNonZero() {
        double[] p = new double[map.gates()];
        for (int id = 0; id < p.length; id++) p[id] = HardConcrete.probNonZero(logAlpha[groupOf[id]][indexOf[id]]);
        return p;
    }

    /** Expected number of non-zero gates per group. */
    public double[] expectedKept() {
        double[] n = new double[logAlpha.length];
        for (int i = 0; i < n.length; i++) for (double a : logAlpha[i]) n[i] += HardConcrete.probNonZero(a);
        return n;
    }

    /**
     * Deterministic gates (the CoFi rule, per group, corrected for overlaps). Unit groups: the
     * round(expected open count) units with the largest log_alpha get
     * {@link HardConcrete#deterministic} (itself 0 for log_alpha below about -2.4), the others 0.
     * Other groups (gate rows, mogrifier rows / components, embedding dimensions): a gate g whose
     * structure is also removed by a unit gate u ("peer": a gate row of unit u, a mogrifier row
     * indexed by u) only removes something while u is open, so the size model counts its closing
     * as (1 - p_g) prod_u p_u. The group closes round(sum_g (1 - p_g) prod_u p_u) of its gates
     * whose peers are open (lowest log_alpha first), and every gate whose peer is closed (it
     * removes nothing more); the rest get {@link HardConcrete#deterministic}. Without this
     * correction a group's closed gates pile up inside closed units (their loss gradient is 0
     * there) and the deterministic model is larger than the expected size (measured 0.632
     * against 0.596 at target 0.6). Ties: lower index first.
     */
    public double[][] deterministic() {
        double[][] z = newArrays();
        double[] expected = expectedKept();
        double[] p = probNonZero();
        int[][] peers = peers();
        // units first: the other groups depend on which units are open
        for (int pass = 0; pass < 2; pass++) {
            double[] f = flat(z);
            for (int i = 0; i < z.length; i++) {
                GateMap.Group grp = map.groups().get(i);
                if ((grp.structure() == Structure.UNITS) != (pass == 0)) continue;
                int n = logAlpha[i].length;
                final double[] a = logAlpha[i];
                Integer[] order = new Integer[n];
                for (int j = 0; j < n; j++) order[j] = j;
                Arrays.sort(order, (x, y) -> Double.compare(a[y], a[x]));
                if (pass == 0) {
                    int keep = (int) Math.max(0, Math.min(n, Math.round(expected[i])));
                    for (int r = 0; r < keep; r++) z[i][order[r]] = HardConcrete.deterministic(a[order[r]]);
                    continue;
                }
                double closing = 0;
                boolean[] live = new boolean[n];
                int liveCount = 0;
                for (int j = 0; j < n; j++) {
                    double w = 1;
                    live[j] = true;
                    for (int u : peers[grp.offset() + j]) {
                        w *= p[u];
                        if (f[u] == 0) live[j] = false;
                    }
                    closing += (1 - p[grp.offset() + j]) * w;
                    if (live[j]) liveCount++;
                }
                int close = (int) Math.max(0, Math.min(liveCount, Math.round(closing)));
                int keep = liveCount - close;
                for (int r = 0, kept = 0; r < n && kept < keep; r++) {
                    int j = order[r];
                    if (!live[j]) continue;
                    z[i][j] = HardConcrete.deterministic(a[j]);
                    kept++;
                }
            }
        }
        return z;
    }

    /**
     * Per gate of a non-unit group, the unit gates that also remove its structure: the other gates
     * of the first row or column it removes ({@link GateMap#removes}); none for unit gates.
     */
    private int[][] peers() {
        int[][] peers = new int[map.gates()][];
        for (GateMap.Axes a : map.removes().values()) {
            for (int[][] lists : new int[][][] {a.rows, a.cols}) {
                for (int[] ids : lists) {
                    if (ids == null) continue;
                    for (int g : ids) {
                        if (peers[g] != null) continue;
                        int[] others = Arrays.stream(ids).filter(x -> x != g && map.groups().get(groupOf[x]).structure() == Structure.UNITS).toArray();
                        peers[g] = others;
                    }
                }
            }
        }
        for (int g = 0; g < peers.length; g++) {
            if (peers[g] == null || map.groups().get(groupOf[g]).structure() == Structure.UNITS) peers[g] = GateMap.NONE;
        }
        return peers;
    }

    /** Flat (by gate id) copy of z shaped [group][gate]. */
    public double[] flat(double[][] z) {
        double[] f = new double[map.gates()];
        for (int id = 0; id < f.length; id++) f[id] = z[groupOf[id]][indexOf[id]];
        return f;
    }

    @Override public void apply(MogrifierLM model, double[][] z) {
        double[] f = flat(z);
        for (Map.Entry<String, GateMap.Axes> e : map.scale().entrySet()) {
            GateMap.Axes a = e.getValue();
            float[] rows = masks(a.rows, f), cols = masks(a.cols, f);
            if (rows != null) model.setRowMask(e.getKey(), rows);
            if (cols != null) model.setColMask(e.getKey(), cols);
        }
    }

    /** Product of the gates of every row (or column), or null when no gate scales any. */
    private static float[] masks(int[][] lists, double[] f) {
        float[] m = null;
        for (int r = 0; r < lists.length; r++) {
            if (lists[r] == null) continue;
            if (m == null) {
                m = new float[lists.length];
                Arrays.fill(m, 1f);
            }
            double v = 1;
            for (int g : lists[r]) v *= f[g];
            m[r] = (float) v;
        }
        return m;
    }

    @Override public double[][] gateGradients(MogrifierLM model, double[][] z) {
        double[] dz = new double[map.gates()];
        for (Map.Entry<String, GateMap.Axes> e : map.scale().entrySet()) {
            GateMap.Axes a = e.getValue();
            // only the rows the step may have changed (all, or a sampled step's rows): elsewhere g = 0
            int[] live = model.liveRows(e.getKey());
            double[] w = model.getRowsD(e.getKey(), live, false), g = model.getRowsD(e.getKey(), live, true);
            int rows = a.rowCount(), cols = a.colCount();
            double[] rowSum = new double[rows], colSum = new double[cols];
            for (int i = 0; i < live.length; i++) {
                int r = live[i];
                for (int c = 0, k = i * cols; c < cols; c++, k++) {
                    double s = w[k] * g[k];
                    rowSum[r] += s;
                    colSum[c] += s;
                }
            }
            for (int r = 0; r < rows; r++) for (int id : a.row(r)) dz[id] += rowSum[r];
            for (int c = 0; c < cols; c++) for (int id : a.col(c)) dz[id] += colSum[c];
        }
        double[][] out = newArrays();
        for (int id = 0; id < dz.length; id++) {
            float zf = (float) z[groupOf[id]][indexOf[id]];
            out[groupOf[id]][indexOf[id]] = zf == 0f ? 0 : dz[id] / zf;
        }
        return out;
    }

    /**
     * Section bytes: magic "L0SG", version ({@link SectionCodec}), the structure list, the group
     * sizes, then every log_alpha.
     */
    @Override public byte[] toBytes() {
        SectionCodec.Writer out = SectionCodec.writer(MAGIC, VERSION);
        out.writeString(Structure.format(map.structures()));
        out.writeInt(logAlpha.length);
        for (double[] g : logAlpha) out.writeInt(g.length);
        for (double[] g : logAlpha) for (double a : g) out.writeDouble(a);
        return out.toBytes();
    }

    /** Inverse of {@link #toBytes} for a model of {@code config}; {@code where} names the source in errors. */
    public static StructureGates fromBytes(ModelConfig config, byte[] bytes, String where) throws IOException {
        SectionCodec.Reader in;
        if (SectionCodec.startsWith(bytes, MAGIC)) {
            in = SectionCodec.read(bytes, Sections.L0_STRUCTURE_GATES, MAGIC, VERSION, where);
        } else if (SectionCodec.startsWith(bytes, LEGACY_MAGIC)) {
            in = SectionCodec.readLegacy(bytes, 4, Sections.L0_STRUCTURE_GATES, where);
        } else {
            throw new IOException(where + ": not a structured L0 gate section");
        }
        Set<Structure> structures = Structure.parse(in.readString());
        StructureGates g;
        try {
            g = new StructureGates(config, structures, 0);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": L0 gates do not fit the model: " + e.getMessage());
        }
        int groups = in.readInt();
        if (groups != g.groups()) throw new IOException(where + ": " + groups + " L0 gate groups, the model needs " + g.groups());
        for (int i = 0; i < groups; i++) {
            int n = in.readInt();
            if (n != g.logAlpha[i].length) {
                throw new IOException(where + ": L0 gate group " + map(g, i) + " has " + n + " gates, the model needs " + g.logAlpha[i].length);
            }
        }
        for (double[] a : g.logAlpha) for (int j = 0; j < a.length; j++) a[j] = in.readDouble();
        if (in.remaining() != 0) throw new IOException(where + ": " + in.remaining() + " bytes after the L0 gates");
        return g;
    }

    private static String map(StructureGates g, int i) { return g.map.groups().get(i).name(); }
}
