package moglm.rescore.lattice;

import java.util.Arrays;

/**
 * A word lattice in struct-of-arrays form, the shape the composers read and write: an acceptor over
 * word ids whose weights are Kaldi CompactLattice weights without the transition-id strings, i.e.
 * (graph cost, acoustic cost), both unscaled natural-log costs. Start state is 0.
 *
 * <p>Arcs of state s are the indices {@code arcOffset[s] .. arcOffset[s+1]-1}. A state is final
 * when {@code finalGraph[s] != +inf}. {@code arcOrigin[a]} names the arc of some other lattice this
 * arc came from (the input arc for a composed lattice, so transition-id strings can be carried
 * over), or -1; {@code stateOrigin[s]} likewise names the origin state (whose final weight's
 * string is carried over).
 *
 * <p>Immutable after construction (arrays are not copied: do not modify them).
 */
public final class WordLattice {
    public final int numStates;
    public final int[] arcOffset;
    public final int[] arcWord;
    public final float[] arcGraph;
    public final float[] arcAcoustic;
    public final int[] arcNext;
    public final int[] arcOrigin;
    public final float[] finalGraph;
    public final float[] finalAcoustic;
    public final int[] stateOrigin;

    public WordLattice(int numStates, int[] arcOffset, int[] arcWord, float[] arcGraph, float[] arcAcoustic,
                       int[] arcNext, int[] arcOrigin, float[] finalGraph, float[] finalAcoustic, int[] stateOrigin) {
        if (arcOffset.length != numStates + 1)
            throw new IllegalArgumentException("arcOffset must have numStates+1 = " + (numStates + 1) + " entries, has " + arcOffset.length);
        int numArcs = arcOffset[numStates];
        if (arcWord.length < numArcs || arcGraph.length < numArcs || arcAcoustic.length < numArcs || arcNext.length < numArcs
                || arcOrigin.length < numArcs)
            throw new IllegalArgumentException("arc arrays shorter than the " + numArcs + " arcs");
        if (finalGraph.length < numStates || finalAcoustic.length < numStates || stateOrigin.length < numStates)
            throw new IllegalArgumentException("state arrays shorter than the " + numStates + " states");
        for (int a = 0; a < numArcs; a++) {
            if (arcNext[a] < 0 || arcNext[a] >= numStates)
                throw new IllegalArgumentException("arc " + a + " goes to state " + arcNext[a] + ", outside 0.." + (numStates - 1));
        }
        this.numStates = numStates;
        this.arcOffset = arcOffset;
        this.arcWord = arcWord;
        this.arcGraph = arcGraph;
        this.arcAcoustic = arcAcoustic;
        this.arcNext = arcNext;
        this.arcOrigin = arcOrigin;
        this.finalGraph = finalGraph;
        this.finalAcoustic = finalAcoustic;
        this.stateOrigin = stateOrigin;
    }

    public int numArcs() { return arcOffset[numStates]; }

    public boolean isFinal(int s) { return finalGraph[s] != Float.POSITIVE_INFINITY; }

    /** True when every arc goes from a lower to a higher state id (what the composers need). */
    public boolean isTopSortedStrictly() {
        for (int s = 0; s < numStates; s++)
            for (int a = arcOffset[s]; a < arcOffset[s + 1]; a++)
                if (arcNext[a] <= s) return false;
        return true;
    }

    /** Incremental construction: add states, then arcs grouped by source state in increasing order. */
    public static final class Builder {
        private int numStates;
        private int[] arcOffset = new int[17];
        private int numArcs;
        private int[] word = new int[16];
        private float[] graph = new float[16];
        private float[] acoustic = new float[16];
        private int[] next = new int[16];
        private int[] origin = new int[16];
        private float[] finalG = new float[16];
        private float[] finalA = new float[16];
        private int[] stateOrigin = new int[16];
        private int lastSource = -1;

        /** Adds a non-final state; returns its id (0, 1, ...). */
        public int addState() {
            return addState(-1);
        }

        public int addState(int origin) {
            if (numStates == finalG.length) {
                int n = 2 * numStates;
                finalG = Arrays.copyOf(finalG, n);
                finalA = Arrays.copyOf(finalA, n);
                stateOrigin = Arrays.copyOf(stateOrigin, n);
                arcOffset = Arrays.copyOf(arcOffset, n + 1);
            }
            finalG[numStates] = Float.POSITIVE_INFINITY;
            finalA[numStates] = Float.POSITIVE_INFINITY;
            stateOrigin[numStates] = origin;
            return numStates++;
        }

        public void setFinal(int s, float g, float a) {
            finalG[s] = g;
            finalA[s] = a;
        }

        /** Adds an arc; sources must be non-decreasing across calls. */
        public void addArc(int src, int w, float g, float a, int dst, int arcOrigin) {
            if (src < lastSource) throw new IllegalStateException("arcs must be added grouped by source state (" + src + " after " + lastSource + ")");
            if (src >= numStates) throw new IllegalArgumentException("source state " + src + " not added yet");
            while (lastSource < src) arcOffset[++lastSource] = numArcs;
            if (numArcs == word.length) {
                int n = 2 * numArcs;
                word = Arrays.copyOf(word, n);
                graph = Arrays.copyOf(graph, n);
                acoustic = Arrays.copyOf(acoustic, n);
                next = Arrays.copyOf(next, n);
                origin = Arrays.copyOf(origin, n);
            }
            word[numArcs] = w;
            graph[numArcs] = g;
            acoustic[numArcs] = a;
            next[numArcs] = dst;
            origin[numArcs] = arcOrigin;
            numArcs++;
        }

        public WordLattice build() {
            while (lastSource < numStates) arcOffset[++lastSource] = numArcs;
            arcOffset[0] = 0;
            return new WordLattice(numStates, Arrays.copyOf(arcOffset, numStates + 1), word, graph, acoustic, next, origin,
                    finalG, finalA, stateOrigin);
        }
    }
}
