package moglm.level;

import moglm.model.ParamSpec;

import moglm.modelfile.SectionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unstructured (element) masks of every sparsity level, nested by construction, stored as one
 * byte per prunable weight.
 *
 * <p>Algorithm: within each ranking scope (one matrix, or all targeted matrices for
 * {@link Ranking#GLOBAL}) the n elements are sorted once by importance, ascending (ties by
 * position). Level k removes the first round(s_k * n) of that order. Since s_k grows with k, the
 * removed set of a sparser level contains that of every denser level: the masks are nested. An
 * element at sorted position p is kept at exactly the levels k with p >= round(s_k n), a prefix
 * 0..code-1 of the level indices, so {@code code} (0..L) encodes all L masks in one byte:
 * kept at level k iff k &lt; code. The dense network keeps everything.
 */
public final class NestedElementMasks {
    private final SparsityLevels levels;
    private final List<ParamSpec> tensors;         // the pruned tensors only
    private final Map<String, byte[]> codes;         // per pruned tensor, row-major
    private final int numParams;

    private NestedElementMasks(SparsityLevels levels, List<ParamSpec> tensors, Map<String, byte[]> codes, int numParams) {
        if (levels.size() > 254) throw new IllegalArgumentException("at most 254 levels, got " + levels.size());
        this.levels = levels;
        this.tensors = List.copyOf(tensors);
        this.codes = codes;
        this.numParams = numParams;
    }

    /**
     * Builds masks for {@code levels}, each level k pruned to {@code current[k]} (the schedule's
     * sparsity at this step; pass {@code levels.toArray()} for the final masks).
     *
     * @param all every parameter tensor of the model (fixed order, covering the flat vector)
     * @param scores importance of every parameter (length = number of parameters), >= 0
     */
    public static NestedElementMasks build(SparsityLevels levels, double[] current, List<ParamSpec> all,
                                           float[] scores, EnumSet<PruneTarget> targets, Ranking ranking) {
        if (current.length != levels.size()) {
            throw new IllegalArgumentException("need " + levels.size() + " current sparsities, got " + current.length);
        }
        for (int k = 1; k < current.length; k++) {
            if (current[k] < current[k - 1]) throw new IllegalArgumentException("current sparsities must be ascending");
        }
        int numParams = totalSize(all);
        if (scores.length != numParams) {
            throw new IllegalArgumentException("scores: expected " + numParams + " values, got " + scores.length);
        }
        List<ParamSpec> pruned = new ArrayList<>();
        for (ParamSpec t : all) {
            PruneTarget f = PruneTarget.of(t.name());
            if (f != null && targets.contains(f)) pruned.add(t);
        }
        if (pruned.isEmpty()) throw new IllegalArgumentException("no tensor matches the prune targets " + targets);
        Map<String, byte[]> codes = new LinkedHashMap<>();
        for (ParamSpec t : pruned) codes.put(t.name(), new byte[t.elements()]);
        if (ranking == Ranking.PER_MATRIX) {
            for (ParamSpec t : pruned) rankPool(List.of(t), scores, current, codes);
        } else {
            rankPool(pruned, scores, current, codes);
        }
        return new NestedElementMasks(levels, pruned, codes, numParams);
    }

    private static void rankPool(List<ParamSpec> pool, float[] scores, double[] current, Map<String, byte[]> codes) {
        // pool position p = start[ti] + i is element i of pool tensor ti; sorted by (score, p) as
        // ScoreOrder does, with the keys sorted in place and read back directly: no position,
        // owner or order arrays of the pool's size next to the keys (at V = 200k, E = 128 that
        // was 3 x 100 MB at every schedule update)
        long[] start = new long[pool.size() + 1];
        for (int ti = 0; ti < pool.size(); ti++) start[ti + 1] = start[ti] + pool.get(ti).size();
        int n = Math.toIntExact(start[pool.size()]);
        long[] keys = new long[n];
        for (int ti = 0, p = 0; ti < pool.size(); ti++) {
            int off = (int) pool.get(ti).offset(), size = (int) pool.get(ti).size();
            for (int i = 0; i < size; i++, p++) keys[p] = ScoreOrder.key(scores, off + i, p);
        }
        java.util.Arrays.sort(keys);
        int[] removed = new int[current.length];
        for (int k = 0; k < current.length; k++) removed[k] = (int) Math.round(current[k] * n);
        byte[][] ownerCodes = new byte[pool.size()][];
        for (int ti = 0; ti < pool.size(); ti++) ownerCodes[ti] = codes.get(pool.get(ti).name());
        int k = 0; // number of levels whose removed count is <= position: the element's code
        for (int pos = 0; pos < n; pos++) {
            while (k < removed.length && removed[k] <= pos) k++;
            int e = (int) keys[pos];
            int ti = java.util.Arrays.binarySearch(start, e);
            if (ti < 0) ti = -ti - 2;               // start[ti] < e < start[ti + 1]
            while (start[ti + 1] == e) ti++;        // e starts tensor ti + 1 (past empty tensors)
            ownerCodes[ti][(int) (e - start[ti])] = (byte) k;
        }
    }

    private static int totalSize(List<ParamSpec> all) {
        long n = 0;
        for (ParamSpec t : all) n = Math.max(n, t.offset() + t.size());
        return Math.toIntExact(n);
    }

    public SparsityLevels levels() { return levels; }
    public List<ParamSpec> prunedTensors() { return tensors; }
    public int numParams() { return numParams; }

    /** True when element i (0-based, row-major) of the named tensor is kept at level k. */
    public boolean kept(String tensor, int i, int k) {
        if (k == SparsityLevels.DENSE) return true;
        byte[] c = codes.get(tensor);
        if (c == null) return true;
        return k < (c[i] & 0xff);
    }

    /** The flat mask (1 keep, 0 pruned) of level k over the whole parameter vector; null for dense. */
    public float[] flatMask(int k) {
        if (k == SparsityLevels.DENSE) return null;
        checkLevel(k);
        float[] m = new float[numParams];
        java.util.Arrays.fill(m, 1f);
        for (ParamSpec t : tensors) {
            byte[] c = codes.get(t.name());
            int off = (int) t.offset();
            for (int i = 0; i < c.length; i++) if ((c[i] & 0xff) <= k) m[off + i] = 0f;
        }
        return m;
    }

    /**
     * Level k's mask over the element ranges [from[i], to[i]) of the flat vector only, packed in
     * range order: the values {@link #flatMask} has there, at a cost proportional to the ranges'
     * length (a sampled-output step masks only its vocabulary rows,
     * {@code MogrifierLM#setElementMaskOnRows}). Ranges must be sorted and disjoint.
     */
    public float[] maskValues(int k, int[] from, int[] to) {
        checkLevel(k);
        if (from.length != to.length) throw new IllegalArgumentException("from/to lengths differ: " + from.length + " vs " + to.length);
        long total = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0 || to[i] < from[i] || to[i] > numParams || (i > 0 && from[i] < to[i - 1]))
                throw new IllegalArgumentException("bad range " + i + ": [" + from[i] + ", " + to[i] + ") of " + numParams);
            total += to[i] - from[i];
        }
        float[] out = new float[Math.toIntExact(total)];
        java.util.Arrays.fill(out, 1f);
        List<ParamSpec> sorted = new ArrayList<>(tensors);
        sorted.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        int at = 0, ti = 0;
        for (int i = 0; i < from.length; i++) {
            int e = from[i];
            while (e < to[i]) {
                while (ti < sorted.size() && sorted.get(ti).offset() + sorted.get(ti).size() <= e) ti++;
                if (ti == sorted.size() || sorted.get(ti).offset() >= to[i]) {   // no pruned tensor in the rest of the range
                    at += to[i] - e;
                    break;
                }
                ParamSpec t = sorted.get(ti);
                if (t.offset() > e) {
                    at += (int) t.offset() - e;
                    e = (int) t.offset();
                }
                byte[] c = codes.get(t.name());
                int end = (int) Math.min(to[i], t.offset() + t.size());
                for (int j = e; j < end; j++, at++) if ((c[j - (int) t.offset()] & 0xff) <= k) out[at] = 0f;
                e = end;
            }
        }
        return out;
    }

    /** Number of parameters removed at level k (out of all parameters). */
    public long removedCount(int k) {
        if (k == SparsityLevels.DENSE) return 0;
        checkLevel(k);
        long r = 0;
        for (byte[] c : codes.values()) for (byte b : c) if ((b & 0xff) <= k) r++;
        return r;
    }

    private void checkLevel(int k) {
        if (k < 0 || k >= levels.size()) throw new IllegalArgumentException("level index " + k + " out of 0.." + (levels.size() - 1));
    }

    /** Serialises (levels, tensor names and shapes, codes); {@link #read} is its inverse. */
    public void write(SectionCodec.Writer out) {
        out.writeInt(numParams);
        out.writeInt(tensors.size());
        for (ParamSpec t : tensors) {
            out.writeString(t.name());
            out.writeInt(t.rows());
            out.writeInt(t.cols());
            out.writeLong(t.offset());
            out.write(codes.get(t.name()));
        }
    }

    static NestedElementMasks read(SectionCodec.Reader in, SparsityLevels levels, String where) throws IOException {
        int numParams = in.readInt();
        int n = in.readInt();
        if (numParams <= 0 || n <= 0 || n > 100000) throw new IOException(where + ": bad element-mask header");
        List<ParamSpec> ts = new ArrayList<>();
        Map<String, byte[]> codes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ParamSpec t = new ParamSpec(in.readString(), in.readInt(), in.readInt(), in.readLong());
            if (t.offset() + t.size() > numParams) throw new IOException(where + ": tensor " + t.name() + " exceeds " + numParams + " parameters");
            byte[] c = new byte[t.elements()];
            in.readFully(c);
            for (byte b : c) {
                if ((b & 0xff) > levels.size()) throw new IOException(where + ": mask code " + (b & 0xff) + " > number of levels in " + t.name());
            }
            ts.add(t);
            codes.put(t.name(), c);
        }
        return new NestedElementMasks(levels, ts, codes, numParams);
    }

    /** Checks the stored tensors against the model's (same names, shapes and offsets). */
    public void checkCompatible(List<ParamSpec> all, String where) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec t : all) byName.put(t.name(), t);
        for (ParamSpec t : tensors) {
            if (!t.equals(byName.get(t.name()))) {
                throw new IllegalArgumentException(where + ": masks were made for tensor " + t
                        + " but the model has " + byName.get(t.name()));
            }
        }
        if (totalSize(all) != numParams) {
            throw new IllegalArgumentException(where + ": masks cover " + numParams + " parameters, model has " + totalSize(all));
        }
    }

    List<String> names() { return Collections.unmodifiableList(new ArrayList<>(codes.keySet())); }
}
