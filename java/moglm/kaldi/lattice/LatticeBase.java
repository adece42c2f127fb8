package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * What {@link Lattice} and {@link CompactLattice} share: an FST over states {@code 0..numStates-1}
 * whose arcs carry an input label, an output label, a next state and Kaldi's two-part weight
 * (graph cost, acoustic cost), natural-log costs, added along a path. A state is final when its
 * final weight is not Zero = (+inf, +inf) (for CompactLattice: with an empty string).
 *
 * <p><b>Storage</b> is struct-of-arrays, CSR style: the arcs leaving state {@code s} are the
 * indices {@code arcBegin(s) .. arcEnd(s)-1} into parallel primitive arrays ({@code int} labels
 * and next states, {@code float} costs), so a rescoring loop touches no objects:
 * <pre>{@code
 * for (int s = 0; s < lat.numStates(); s++)
 *     for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++)
 *         cost = lat.graphCost(a) + acwt * lat.acousticCost(a) ...
 * }</pre>
 * Topology is fixed once built ({@link CompactLattice#builder()}); weights can be changed in place
 * (scaling, penalties, new LM scores).
 */
public abstract sealed class LatticeBase permits CompactLattice, Lattice {
    final int numStates;
    final int start;
    final int[] arcStart;      // numStates + 1
    final int[] ilabel;
    final int[] olabel;
    final int[] next;
    final float[] graph;
    final float[] acoustic;
    final float[] finalGraph;  // +inf,+inf (and empty string) = not final
    final float[] finalAcoustic;
    long properties;

    LatticeBase(int numStates, int start, int[] arcStart, int[] ilabel, int[] olabel, int[] next,
                float[] graph, float[] acoustic, float[] finalGraph, float[] finalAcoustic, long properties) {
        this.numStates = numStates;
        this.start = start;
        this.arcStart = arcStart;
        this.ilabel = ilabel;
        this.olabel = olabel;
        this.next = next;
        this.graph = graph;
        this.acoustic = acoustic;
        this.finalGraph = finalGraph;
        this.finalAcoustic = finalAcoustic;
        this.properties = properties;
    }

    /** Number of states. */
    public final int numStates() { return numStates; }

    /** The start state, or -1 for the empty lattice. */
    public final int start() { return start; }

    /** Total number of arcs. */
    public final int numArcs() { return arcStart[numStates]; }

    /** Index of the first arc leaving {@code s}. */
    public final int arcBegin(int s) { return arcStart[s]; }

    /** One past the index of the last arc leaving {@code s}. */
    public final int arcEnd(int s) { return arcStart[s + 1]; }

    /** Number of arcs leaving {@code s}. */
    public final int numArcs(int s) { return arcStart[s + 1] - arcStart[s]; }

    /** Input label of arc {@code a} (Lattice: transition id; CompactLattice: word). */
    public final int ilabel(int a) { return ilabel[a]; }

    /** Output label of arc {@code a} (the word; 0 = epsilon). */
    public final int olabel(int a) { return olabel[a]; }

    /** Destination state of arc {@code a}. */
    public final int nextState(int a) { return next[a]; }

    /** Graph cost (LM + transition + pronunciation) of arc {@code a}. */
    public final float graphCost(int a) { return graph[a]; }

    /** Acoustic cost of arc {@code a} (stored unscaled in Kaldi's lattices). */
    public final float acousticCost(int a) { return acoustic[a]; }

    /** Replaces the two costs of arc {@code a}. */
    public final void setWeight(int a, float graphCost, float acousticCost) {
        graph[a] = graphCost;
        acoustic[a] = acousticCost;
    }

    /** Graph part of the final weight of {@code s} (+inf when not final). */
    public final float finalGraphCost(int s) { return finalGraph[s]; }

    /** Acoustic part of the final weight of {@code s} (+inf when not final). */
    public final float finalAcousticCost(int s) { return finalAcoustic[s]; }

    /** Replaces the two costs of the final weight of {@code s} (the transition-id string is kept). */
    public final void setFinalWeight(int s, float graphCost, float acousticCost) {
        finalGraph[s] = graphCost;
        finalAcoustic[s] = acousticCost;
    }

    /** True when {@code s} has a final weight other than Zero. */
    public abstract boolean isFinal(int s);

    /** True when arc {@code a}'s weight is One = (0, 0) with no transition ids. */
    abstract boolean arcWeightIsOne(int a);

    /** The OpenFst property bits written in the binary header. */
    public final long properties() { return properties; }

    /** Sets the property bits written in the binary header. */
    public final void setProperties(long p) { properties = p; }

    /**
     * True when every arc goes from a lower- to a higher-numbered state (OpenFst's kTopSorted;
     * implies acyclic).
     */
    public final boolean isTopSorted() {
        for (int s = 0; s < numStates; s++) {
            for (int a = arcStart[s]; a < arcStart[s + 1]; a++) if (next[a] <= s) return false;
        }
        return true;
    }

    /** Sum of arc and final counts, for quick size reports. */
    @Override public String toString() {
        return getClass().getSimpleName() + "(" + numStates + " states, " + numArcs() + " arcs, start " + start + ")";
    }

    static float[] infinities(int n) {
        float[] f = new float[n];
        Arrays.fill(f, Float.POSITIVE_INFINITY);
        return f;
    }

    /** Weight equality as Kaldi tests it (exact float comparison of both parts). */
    static boolean same(float x, float y) {
        return x == y || (Float.isNaN(x) && Float.isNaN(y));
    }

    /** Stable counting sort of arc indices by source state: returns the permutation. */
    static int[] orderBySource(int[] src, int numArcs, int numStates, int[] arcStartOut) {
        for (int i = 0; i < numArcs; i++) arcStartOut[src[i] + 1]++;
        for (int s = 0; s < numStates; s++) arcStartOut[s + 1] += arcStartOut[s];
        boolean sorted = true;
        for (int i = 1; i < numArcs; i++) if (src[i] < src[i - 1]) { sorted = false; break; }
        if (sorted) return null;
        int[] fill = Arrays.copyOf(arcStartOut, numStates);
        int[] perm = new int[numArcs];
        for (int i = 0; i < numArcs; i++) perm[fill[src[i]]++] = i;
        return perm;
    }
}
