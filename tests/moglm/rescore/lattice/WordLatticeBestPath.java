package moglm.rescore.lattice;

import java.util.Arrays;

/**
 * Test oracle: the best path of a top-sorted {@link WordLattice} under cost = graph + acousticScale * acoustic
 * (+ wordInsertionPenalty per word), by one forward pass (Viterbi over a DAG).
 *
 * @param words the word ids of the best path (epsilon arcs, word 0, left out)
 * @param cost  its total scaled cost, +inf when the lattice has no complete path
 * @param graph its summed graph cost, unscaled
 * @param acoustic its summed acoustic cost, unscaled
 */
public record WordLatticeBestPath(int[] words, double cost, double graph, double acoustic) {

    public static WordLatticeBestPath of(WordLattice lat, double acousticScale) {
        return of(lat, acousticScale, 0.0);
    }

    public static WordLatticeBestPath of(WordLattice lat, double acousticScale, double wordInsertionPenalty) {
        if (lat == null || lat.numStates == 0) return new WordLatticeBestPath(new int[0], Double.POSITIVE_INFINITY, 0, 0);
        if (!lat.isTopSortedStrictly()) throw new IllegalArgumentException("lattice is not top-sorted");
        int n = lat.numStates;
        double[] fwd = new double[n];
        int[] backArc = new int[n];
        Arrays.fill(fwd, Double.POSITIVE_INFINITY);
        Arrays.fill(backArc, -1);
        fwd[0] = 0;
        int bestFinal = -1;
        double best = Double.POSITIVE_INFINITY;
        int[] src = new int[lat.numArcs()];
        for (int s = 0; s < n; s++) {
            if (fwd[s] == Double.POSITIVE_INFINITY) continue;
            if (lat.isFinal(s)) {
                double c = fwd[s] + lat.finalGraph[s] + acousticScale * lat.finalAcoustic[s];
                if (c < best) { best = c; bestFinal = s; }
            }
            for (int a = lat.arcOffset[s]; a < lat.arcOffset[s + 1]; a++) {
                src[a] = s;
                double c = fwd[s] + lat.arcGraph[a] + acousticScale * lat.arcAcoustic[a]
                        + (lat.arcWord[a] != 0 ? wordInsertionPenalty : 0.0);
                int d = lat.arcNext[a];
                if (c < fwd[d]) { fwd[d] = c; backArc[d] = a; }
            }
        }
        if (bestFinal < 0) return new WordLatticeBestPath(new int[0], Double.POSITIVE_INFINITY, 0, 0);
        double g = lat.finalGraph[bestFinal], ac = lat.finalAcoustic[bestFinal];
        int len = 0;
        int[] rev = new int[16];
        for (int s = bestFinal; s != 0; ) {
            int a = backArc[s];
            g += lat.arcGraph[a];
            ac += lat.arcAcoustic[a];
            if (lat.arcWord[a] != 0) {
                if (len == rev.length) rev = Arrays.copyOf(rev, 2 * len);
                rev[len++] = lat.arcWord[a];
            }
            s = src[a];
        }
        int[] words = new int[len];
        for (int i = 0; i < len; i++) words[i] = rev[len - 1 - i];
        return new WordLatticeBestPath(words, best, g, ac);
    }
}
