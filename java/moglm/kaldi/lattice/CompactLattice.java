package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * Kaldi's CompactLattice: an acceptor over words whose weight is (graph cost, acoustic cost,
 * transition-id string). Decoders write these ({@code lat.N.gz}); arc type
 * {@code compactlattice44} in binary.
 *
 * <p>Besides the arrays of {@link LatticeBase}, each arc {@code a} owns the transition ids
 * {@code stringPool[stringBegin(a) .. stringEnd(a)-1]} (one per frame; empty in lattices without
 * alignments), and each state a final string likewise. The weight Zero is (+inf, +inf, empty);
 * One is (0, 0, empty). Times adds the costs and concatenates the strings.
 *
 * <p>Kaldi's CompactLattice is always an acceptor (ilabel == olabel == word); both labels are
 * stored anyway so an unusual file is copied byte for byte.
 */
public final class CompactLattice extends LatticeBase {
    final int[] arcStrStart;   // numArcs + 1
    final int[] strPool;
    final int[] finalStrStart; // numStates + 1
    final int[] finalStrPool;

    CompactLattice(int numStates, int start, int[] arcStart, int[] ilabel, int[] olabel, int[] next,
                   float[] graph, float[] acoustic, int[] arcStrStart, int[] strPool,
                   float[] finalGraph, float[] finalAcoustic, int[] finalStrStart, int[] finalStrPool, long properties) {
        super(numStates, start, arcStart, ilabel, olabel, next, graph, acoustic, finalGraph, finalAcoustic, properties);
        this.arcStrStart = arcStrStart;
        this.strPool = strPool;
        this.finalStrStart = finalStrStart;
        this.finalStrPool = finalStrPool;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The empty lattice (no states, start -1), as Kaldi writes for a failed utterance. */
    public static CompactLattice empty() {
        return builder().build();
    }

    /** The word on arc {@code a} (same as {@link #ilabel(int)}). */
    public int word(int a) { return ilabel[a]; }

    /** Number of transition ids on arc {@code a} (= frames it spans). */
    public int stringLength(int a) { return arcStrStart[a + 1] - arcStrStart[a]; }

    /** Start of arc {@code a}'s transition ids in {@link #stringPool()}. */
    public int stringBegin(int a) { return arcStrStart[a]; }

    /** End (exclusive) of arc {@code a}'s transition ids in {@link #stringPool()}. */
    public int stringEnd(int a) { return arcStrStart[a + 1]; }

    /** The pooled transition ids of all arcs (read-only by convention). */
    public int[] stringPool() { return strPool; }

    /** A copy of arc {@code a}'s transition ids. */
    public int[] transitionIds(int a) { return Arrays.copyOfRange(strPool, arcStrStart[a], arcStrStart[a + 1]); }

    /** A copy of the transition ids of state {@code s}'s final weight. */
    public int[] finalTransitionIds(int s) { return Arrays.copyOfRange(finalStrPool, finalStrStart[s], finalStrStart[s + 1]); }

    /** Number of transition ids in the final weight of {@code s}. */
    public int finalStringLength(int s) { return finalStrStart[s + 1] - finalStrStart[s]; }

    @Override public boolean isFinal(int s) {
        return !(finalGraph[s] == Float.POSITIVE_INFINITY && finalAcoustic[s] == Float.POSITIVE_INFINITY
                && finalStrStart[s + 1] == finalStrStart[s]);
    }

    @Override boolean arcWeightIsOne(int a) {
        return graph[a] == 0f && acoustic[a] == 0f && arcStrStart[a + 1] == arcStrStart[a];
    }

    /** A deep copy (weights can then be changed independently). */
    public CompactLattice copy() {
        return new CompactLattice(numStates, start, arcStart.clone(), ilabel.clone(), olabel.clone(), next.clone(),
                graph.clone(), acoustic.clone(), arcStrStart.clone(), strPool.clone(),
                finalGraph.clone(), finalAcoustic.clone(), finalStrStart.clone(), finalStrPool.clone(), properties);
    }

    /**
     * Exact structural equality: same states, start, arcs in the same order, bit-identical
     * weights and strings. (Properties are not compared.)
     */
    public boolean sameAs(CompactLattice o) {
        if (numStates != o.numStates || start != o.start || numArcs() != o.numArcs()) return false;
        int n = numArcs();
        return Arrays.equals(arcStart, 0, numStates + 1, o.arcStart, 0, numStates + 1)
                && Arrays.equals(ilabel, 0, n, o.ilabel, 0, n) && Arrays.equals(olabel, 0, n, o.olabel, 0, n)
                && Arrays.equals(next, 0, n, o.next, 0, n)
                && bitsEqual(graph, o.graph, n) && bitsEqual(acoustic, o.acoustic, n)
                && bitsEqual(finalGraph, o.finalGraph, numStates) && bitsEqual(finalAcoustic, o.finalAcoustic, numStates)
                && stringsEqual(arcStrStart, strPool, o.arcStrStart, o.strPool, n)
                && stringsEqual(finalStrStart, finalStrPool, o.finalStrStart, o.finalStrPool, numStates);
    }

    private static boolean bitsEqual(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) return false;
        return true;
    }

    private static boolean stringsEqual(int[] s1, int[] p1, int[] s2, int[] p2, int n) {
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(p1, s1[i], s1[i + 1], p2, s2[i], s2[i + 1])) return false;
        }
        return true;
    }

    /**
     * Builds a CompactLattice state by state. Arcs may be added in any state order; each state's
     * arcs keep the order in which they were added. {@link #build()} checks every state id.
     */
    public static final class Builder {
        private int numStates;
        private int start = -1;
        private int numArcs;
        private int[] src = new int[16], il = new int[16], ol = new int[16], nx = new int[16];
        private float[] g = new float[16], ac = new float[16];
        private int[] strOff = new int[16], strLen = new int[16];
        private int[] pool = new int[16];
        private int poolSize;
        private float[] fg = new float[16], fa = new float[16];
        private int[] fOff = new int[16], fLen = new int[16];
        private long properties = -1;

        /** Adds a state (not final, no arcs) and returns its id. */
        public int addState() {
            if (numStates == fg.length) {
                int cap = grow(fg.length);
                fg = Arrays.copyOf(fg, cap);
                fa = Arrays.copyOf(fa, cap);
                fOff = Arrays.copyOf(fOff, cap);
                fLen = Arrays.copyOf(fLen, cap);
            }
            fg[numStates] = Float.POSITIVE_INFINITY;
            fa[numStates] = Float.POSITIVE_INFINITY;
            fLen[numStates] = 0;
            return numStates++;
        }

        /** Adds states until there are at least {@code n}. */
        public void ensureStates(int n) {
            while (numStates < n) addState();
        }

        /** Number of states so far. */
        public int numStates() { return numStates; }

        /** Number of arcs so far. */
        public int numArcs() { return numArcs; }

        /** Sets the start state. */
        public void setStart(int s) { start = s; }

        /** Stores explicit property bits (otherwise {@link FstProperties#of} is used). */
        public void setProperties(long p) { properties = p; }

        /** Sets the final weight of {@code s} with no transition ids. */
        public void setFinal(int s, float graphCost, float acousticCost) {
            setFinal(s, graphCost, acousticCost, null, 0, 0);
        }

        /** Sets the final weight of {@code s}, transition ids {@code tids[off .. off+len-1]}. */
        public void setFinal(int s, float graphCost, float acousticCost, int[] tids, int off, int len) {
            checkState(s);
            fg[s] = graphCost;
            fa[s] = acousticCost;
            fOff[s] = appendPool(tids, off, len);
            fLen[s] = len;
        }

        /** Adds an acceptor arc (ilabel = olabel = {@code word}) with no transition ids. */
        public void addArc(int from, int word, float graphCost, float acousticCost, int to) {
            addArc(from, word, word, graphCost, acousticCost, null, 0, 0, to);
        }

        /** Adds an arc with transition ids {@code tids[off .. off+len-1]}. */
        public void addArc(int from, int ilabel, int olabel, float graphCost, float acousticCost,
                           int[] tids, int off, int len, int to) {
            if (numArcs == src.length) {
                int cap = grow(src.length);
                src = Arrays.copyOf(src, cap); il = Arrays.copyOf(il, cap); ol = Arrays.copyOf(ol, cap);
                nx = Arrays.copyOf(nx, cap); g = Arrays.copyOf(g, cap); ac = Arrays.copyOf(ac, cap);
                strOff = Arrays.copyOf(strOff, cap); strLen = Arrays.copyOf(strLen, cap);
            }
            src[numArcs] = from; il[numArcs] = ilabel; ol[numArcs] = olabel; nx[numArcs] = to;
            g[numArcs] = graphCost; ac[numArcs] = acousticCost;
            strOff[numArcs] = appendPool(tids, off, len);
            strLen[numArcs] = len;
            numArcs++;
        }

        private int appendPool(int[] tids, int off, int len) {
            if (len == 0) return poolSize;
            if (poolSize + len > pool.length) pool = Arrays.copyOf(pool, Math.max(grow(pool.length), poolSize + len));
            System.arraycopy(tids, off, pool, poolSize, len);
            int at = poolSize;
            poolSize += len;
            return at;
        }

        private static int grow(int n) {
            if (n >= Integer.MAX_VALUE - 16) throw new IllegalStateException("lattice too large (more than 2^31 elements)");
            return (int) Math.min(Integer.MAX_VALUE - 8L, n * 2L);
        }

        private void checkState(int s) {
            if (s < 0 || s >= numStates) throw new IllegalArgumentException("state " + s + " out of range [0, " + numStates + ")");
        }

        /**
         * The lattice.
         *
         * @throws IllegalArgumentException when an arc or the start refers to a state that does not exist
         */
        public CompactLattice build() {
            if (start < -1 || start >= numStates) {
                throw new IllegalArgumentException("start state " + start + " out of range [0, " + numStates + ")");
            }
            for (int i = 0; i < numArcs; i++) {
                if (src[i] < 0 || src[i] >= numStates) throw new IllegalArgumentException("arc " + i + " leaves non-existent state " + src[i]);
                if (nx[i] < 0 || nx[i] >= numStates) throw new IllegalArgumentException("arc " + i + " from state " + src[i] + " goes to non-existent state " + nx[i]);
            }
            int[] arcStart = new int[numStates + 1];
            int[] perm = LatticeBase.orderBySource(src, numArcs, numStates, arcStart);
            int[] ilabel = new int[numArcs], olabel = new int[numArcs], next = new int[numArcs];
            float[] graph = new float[numArcs], acoustic = new float[numArcs];
            int[] arcStrStart = new int[numArcs + 1];
            int totalStr = 0;
            for (int i = 0; i < numArcs; i++) totalStr += strLen[i];
            int[] strPool = new int[totalStr];
            int p = 0;
            for (int j = 0; j < numArcs; j++) {
                int i = perm == null ? j : perm[j];
                ilabel[j] = il[i]; olabel[j] = ol[i]; next[j] = nx[i]; graph[j] = g[i]; acoustic[j] = ac[i];
                arcStrStart[j] = p;
                System.arraycopy(pool, strOff[i], strPool, p, strLen[i]);
                p += strLen[i];
            }
            arcStrStart[numArcs] = p;
            int[] finalStrStart = new int[numStates + 1];
            int totalFinal = 0;
            for (int s = 0; s < numStates; s++) totalFinal += fLen[s];
            int[] finalPool = new int[totalFinal];
            int q = 0;
            for (int s = 0; s < numStates; s++) {
                finalStrStart[s] = q;
                System.arraycopy(pool, fOff[s], finalPool, q, fLen[s]);
                q += fLen[s];
            }
            finalStrStart[numStates] = q;
            CompactLattice lat = new CompactLattice(numStates, start, arcStart, ilabel, olabel, next, graph, acoustic,
                    arcStrStart, strPool, Arrays.copyOf(fg, numStates), Arrays.copyOf(fa, numStates),
                    finalStrStart, finalPool, 0L);
            lat.properties = properties != -1 ? properties : FstProperties.of(lat);
            return lat;
        }
    }
}
