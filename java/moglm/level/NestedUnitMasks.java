package moglm.level;

import moglm.model.ParamSpec;

import moglm.model.ModelConfig;

import moglm.modelfile.SectionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured nested masks: whole hidden units (and optionally embedding dimensions) removed,
 * expressed as row and column masks of every tensor that shares them (see {@link UnitGroups}).
 *
 * <p>Each group's importance is the sum of the element scores over all its rows and columns.
 * Within each scope (one layer's units; the embedding dimensions) groups are sorted ascending
 * once, and level k removes the first round(s_k * n): the same number of units in every layer
 * (ModelConfig has one hidden size for all layers, so an exported model needs equal sizes), and
 * nested across levels exactly as in {@link NestedElementMasks} (one byte code per unit).
 */
public final class NestedUnitMasks implements LevelMasks {
    private final SparsityLevels levels;
    private final ModelConfig arch;
    private final boolean pruneEmbedDims;
    private final List<ParamSpec> tensors;
    private final List<UnitGroups.Scope> scopes;
    private final byte[][] codes;   // per scope, per unit: kept at level k iff k < code

    private NestedUnitMasks(SparsityLevels levels, ModelConfig arch, boolean pruneEmbedDims,
                            List<ParamSpec> tensors, byte[][] codes) {
        this.levels = levels;
        this.arch = arch;
        this.pruneEmbedDims = pruneEmbedDims;
        this.tensors = List.copyOf(tensors);
        this.scopes = UnitGroups.of(arch, pruneEmbedDims);
        if (codes.length != scopes.size()) throw new IllegalArgumentException("codes for " + codes.length + " scopes, need " + scopes.size());
        this.codes = codes;
        Map<String, ParamSpec> byName = byName(tensors);
        for (UnitGroups.Scope s : scopes) {
            for (List<UnitGroups.Slice> g : s.groups()) {
                for (UnitGroups.Slice sl : g) {
                    ParamSpec t = byName.get(sl.tensor());
                    if (t == null) throw new IllegalArgumentException("model has no tensor " + sl.tensor() + " needed by " + s.name()
                            + "; tensors are " + byName.keySet());
                    int limit = sl.row() ? t.rows() : t.cols();
                    if (sl.index() >= limit) throw new IllegalArgumentException("tensor " + t + " too small for " + sl + " (layout mismatch?)");
                }
            }
        }
    }

    /**
     * Ranks units by {@code scores} (one per parameter, >= 0) and builds codes for level
     * sparsities {@code current} (ascending, one per level).
     */
    public static NestedUnitMasks build(SparsityLevels levels, double[] current, ModelConfig arch, boolean pruneEmbedDims,
                                        List<ParamSpec> tensors, float[] scores) {
        if (current.length != levels.size()) throw new IllegalArgumentException("need " + levels.size() + " current sparsities");
        List<UnitGroups.Scope> scopes = UnitGroups.of(arch, pruneEmbedDims);
        Map<String, ParamSpec> byName = byName(tensors);
        byte[][] codes = new byte[scopes.size()][];
        for (int si = 0; si < scopes.size(); si++) {
            UnitGroups.Scope s = scopes.get(si);
            double[] groupScore = new double[s.size()];
            for (int j = 0; j < s.size(); j++) {
                double sum = 0;
                for (UnitGroups.Slice sl : s.groups().get(j)) {
                    ParamSpec t = byName.get(sl.tensor());
                    if (t == null) throw new IllegalArgumentException("model has no tensor " + sl.tensor());
                    if (sl.row()) {
                        for (int c = 0; c < t.cols(); c++) sum += scores[t.flat(sl.index(), c)];
                    } else {
                        for (int r = 0; r < t.rows(); r++) sum += scores[t.flat(r, sl.index())];
                    }
                }
                groupScore[j] = sum;
            }
            int[] order = ScoreOrder.ascending(groupScore);
            byte[] c = new byte[s.size()];
            int k = 0;
            for (int pos = 0; pos < order.length; pos++) {
                while (k < current.length && (int) Math.round(current[k] * s.size()) <= pos) k++;
                c[order[pos]] = (byte) k;
            }
            codes[si] = c;
        }
        return new NestedUnitMasks(levels, arch, pruneEmbedDims, tensors, codes);
    }

    private static Map<String, ParamSpec> byName(List<ParamSpec> tensors) {
        Map<String, ParamSpec> m = new LinkedHashMap<>();
        for (ParamSpec t : tensors) m.put(t.name(), t);
        return m;
    }

    @Override public SparsityLevels levels() { return levels; }
    @Override public String granularity() { return "unit"; }
    public ModelConfig architecture() { return arch; }
    public boolean pruneEmbedDims() { return pruneEmbedDims; }
    public List<ParamSpec> tensors() { return tensors; }

    /** Units removed per layer at level k (the same in every layer). */
    public int removedUnits(int k) { return count(k, 0); }

    /** Embedding dimensions removed at level k (tied: equals the removed units). */
    public int removedEmbedDims(int k) {
        if (arch.tied()) return removedUnits(k);
        return pruneEmbedDims ? count(k, scopes.size() - 1) : 0;
    }

    private int count(int k, int scope) {
        if (k == SparsityLevels.DENSE) return 0;
        int n = 0;
        for (byte b : codes[scope]) if ((b & 0xff) <= k) n++;
        return n;
    }

    /** Row (or column) masks of every tensor at level k; tensors without removed slices are absent. */
    public Map<String, float[]> masks(int k, boolean rows) {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (k == SparsityLevels.DENSE) return out;
        Map<String, ParamSpec> byName = byName(tensors);
        for (int si = 0; si < scopes.size(); si++) {
            UnitGroups.Scope s = scopes.get(si);
            for (int j = 0; j < s.size(); j++) {
                if ((codes[si][j] & 0xff) > k) continue;
                for (UnitGroups.Slice sl : s.groups().get(j)) {
                    if (sl.row() != rows) continue;
                    ParamSpec t = byName.get(sl.tensor());
                    float[] m = out.computeIfAbsent(t.name(), n -> filled(rows ? t.rows() : t.cols()));
                    m[sl.index()] = 0f;
                }
            }
        }
        return out;
    }

    private static float[] filled(int n) {
        float[] m = new float[n];
        Arrays.fill(m, 1f);
        return m;
    }

    @Override public void apply(MaskSink sink, int k) {
        sink.clearMasks();
        for (Map.Entry<String, float[]> e : masks(k, true).entrySet()) sink.setRowMask(e.getKey(), e.getValue());
        for (Map.Entry<String, float[]> e : masks(k, false).entrySet()) sink.setColMask(e.getKey(), e.getValue());
    }

    @Override public float[] flatMask(int k) {
        if (k == SparsityLevels.DENSE) return null;
        int n = 0;
        for (ParamSpec t : tensors) n = Math.max(n, (int) t.offset() + t.elements());
        float[] m = filled(n);
        Map<String, float[]> rm = masks(k, true), cm = masks(k, false);
        for (ParamSpec t : tensors) {
            float[] r = rm.get(t.name()), c = cm.get(t.name());
            if (r == null && c == null) continue;
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    if ((r != null && r[i] == 0f) || (c != null && c[j] == 0f)) m[t.flat(i, j)] = 0f;
                }
            }
        }
        return m;
    }

    @Override public long keptParams(int k) {
        Map<String, float[]> rm = masks(k, true), cm = masks(k, false);
        long kept = 0;
        for (ParamSpec t : tensors) kept += (long) keptCount(rm.get(t.name()), t.rows()) * keptCount(cm.get(t.name()), t.cols());
        return kept;
    }

    /** Indices kept by a mask (all of 0..n-1 when the mask is null), ascending. */
    public static int[] keptIndices(float[] mask, int n) {
        if (mask == null) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] idx = new int[keptCount(mask, n)];
        int p = 0;
        for (int i = 0; i < n; i++) if (mask[i] != 0f) idx[p++] = i;
        return idx;
    }

    private static int keptCount(float[] mask, int n) {
        if (mask == null) return n;
        int c = 0;
        for (float v : mask) if (v != 0f) c++;
        return c;
    }

    /** Serialises architecture, tensor shapes and unit codes; {@link #read} is its inverse. */
    public void write(SectionCodec.Writer out) {
        out.writeInt(arch.vocabSize());
        out.writeInt(arch.embedSize());
        out.writeInt(arch.hiddenSize());
        out.writeInt(arch.layers());
        out.writeInt(arch.rounds());
        out.writeInt(arch.rank());
        out.writeBoolean(arch.tied());
        out.writeBoolean(pruneEmbedDims);
        out.writeInt(tensors.size());
        for (ParamSpec t : tensors) {
            out.writeString(t.name());
            out.writeInt(t.rows());
            out.writeInt(t.cols());
            out.writeLong(t.offset());
        }
        out.writeInt(codes.length);
        for (byte[] c : codes) {
            out.writeInt(c.length);
            out.write(c);
        }
    }

    static NestedUnitMasks read(SectionCodec.Reader in, SparsityLevels levels, String where) throws IOException {
        ModelConfig a = new ModelConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readBoolean());
        boolean dims = in.readBoolean();
        int nt = in.readInt();
        if (nt <= 0 || nt > 100000) throw new IOException(where + ": bad tensor count " + nt);
        List<ParamSpec> ts = new ArrayList<>();
        for (int i = 0; i < nt; i++) ts.add(new ParamSpec(in.readString(), in.readInt(), in.readInt(), in.readLong()));
        int ns = in.readInt();
        if (ns <= 0 || ns > 10000) throw new IOException(where + ": bad scope count " + ns);
        byte[][] codes = new byte[ns][];
        for (int s = 0; s < ns; s++) {
            int n = in.readInt();
            if (n <= 0 || n > 1 << 24) throw new IOException(where + ": bad unit count " + n);
            codes[s] = new byte[n];
            in.readFully(codes[s]);
            for (byte b : codes[s]) if ((b & 0xff) > levels.size()) throw new IOException(where + ": unit code out of range");
        }
        try {
            return new NestedUnitMasks(levels, a, dims, ts, codes);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }
}
