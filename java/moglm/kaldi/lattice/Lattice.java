package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * Kaldi's Lattice: an FST with transition ids as input labels, words as output labels and the
 * weight (graph cost, acoustic cost); arc type {@code lattice4} in binary. A word usually sits on
 * the first arc of the chain of arcs (one per frame) that spells it, with the word's costs.
 *
 * <p>Weight Zero is (+inf, +inf), One is (0, 0). Convert with {@link LatticeConvert}.
 */
public final class Lattice extends LatticeBase {
    Lattice(int numStates, int start, int[] arcStart, int[] ilabel, int[] olabel, int[] next,
            float[] graph, float[] acoustic, float[] finalGraph, float[] finalAcoustic, long properties) {
        super(numStates, start, arcStart, ilabel, olabel, next, graph, acoustic, finalGraph, finalAcoustic, properties);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override public boolean isFinal(int s) {
        return !(finalGraph[s] == Float.POSITIVE_INFINITY && finalAcoustic[s] == Float.POSITIVE_INFINITY);
    }

    @Override boolean arcWeightIsOne(int a) {
        return graph[a] == 0f && acoustic[a] == 0f;
    }

    /** A deep copy. */
    public Lattice copy() {
        return new Lattice(numStates, start, arcStart.clone(), ilabel.clone(), olabel.clone(), next.clone(),
                graph.clone(), acoustic.clone(), finalGraph.clone(), finalAcoustic.clone(), properties);
    }

    /** Exact structural equality (bit-identical weights, same arc order); properties ignored. */
    public boolean sameAs(Lattice o) {
        if (numStates != o.numStates || start != o.start || numArcs() != o.numArcs()) return false;
        int n = numArcs();
        if (!Arrays.equals(arcStart, o.arcStart) || !Arrays.equals(ilabel, 0, n, o.ilabel, 0, n)
                || !Arrays.equals(olabel, 0, n, o.olabel, 0, n) || !Arrays.equals(next, 0, n, o.next, 0, n)) return false;
        for (int a = 0; a < n; a++) {
            if (Float.floatToRawIntBits(graph[a]) != Float.floatToRawIntBits(o.graph[a])
                    || Float.floatToRawIntBits(acoustic[a]) != Float.floatToRawIntBits(o.acoustic[a])) return false;
        }
        for (int s = 0; s < numStates; s++) {
            if (Float.floatToRawIntBits(finalGraph[s]) != Float.floatToRawIntBits(o.finalGraph[s])
                    || Float.floatToRawIntBits(finalAcoustic[s]) != Float.floatToRawIntBits(o.finalAcoustic[s])) return false;
        }
        return true;
    }

    /** Builds a Lattice; same contract as {@link CompactLattice.Builder}. */
    public static final class Builder {
        private int numStates;
        private int start = -1;
        private int numArcs;
        private int[] src = new int[16], il = new int[16], ol = new int[16], nx = new int[16];
        private float[] g = new float[16], ac = new float[16];
        private float[] fg = new float[16], fa = new float[16];
        private long properties = -1;

        /** Adds a state (not final) and returns its id. */
        public int addState() {
            if (numStates == fg.length) {
                int cap = grow(fg.length);
                fg = Arrays.copyOf(fg, cap);
                fa = Arrays.copyOf(fa, cap);
            }
            fg[numStates] = Float.POSITIVE_INFINITY;
            fa[numStates] = Float.POSITIVE_INFINITY;
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

        /** Stores explicit property bits. */
        public void setProperties(long p) { properties = p; }

        /** Sets the final weight of {@code s}. */
        public void setFinal(int s, float graphCost, float acousticCost) {
            if (s < 0 || s >= numStates) throw new IllegalArgumentException("state " + s + " out of range [0, " + numStates + ")");
            fg[s] = graphCost;
            fa[s] = acousticCost;
        }

        /** Adds an arc. */
        public void addArc(int from, int ilabel, int olabel, float graphCost, float acousticCost, int to) {
            if (numArcs == src.length) {
                int cap = grow(src.length);
                src = Arrays.copyOf(src, cap); il = Arrays.copyOf(il, cap); ol = Arrays.copyOf(ol, cap);
                nx = Arrays.copyOf(nx, cap); g = Arrays.copyOf(g, cap); ac = Arrays.copyOf(ac, cap);
            }
            src[numArcs] = from; il[numArcs] = ilabel; ol[numArcs] = olabel; nx[numArcs] = to;
            g[numArcs] = graphCost; ac[numArcs] = acousticCost;
            numArcs++;
        }

        private static int grow(int n) {
            if (n >= Integer.MAX_VALUE - 16) throw new IllegalStateException("lattice too large (more than 2^31 elements)");
            return (int) Math.min(Integer.MAX_VALUE - 8L, n * 2L);
        }

        /** The lattice; throws {@link IllegalArgumentException} for references to missing states. */
        public Lattice build() {
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
            for (int j = 0; j < numArcs; j++) {
                int i = perm == null ? j : perm[j];
                ilabel[j] = il[i]; olabel[j] = ol[i]; next[j] = nx[i]; graph[j] = g[i]; acoustic[j] = ac[i];
            }
            Lattice lat = new Lattice(numStates, start, arcStart, ilabel, olabel, next, graph, acoustic,
                    Arrays.copyOf(fg, numStates), Arrays.copyOf(fa, numStates), 0L);
            lat.properties = properties != -1 ? properties : FstProperties.of(lat);
            return lat;
        }
    }
}
