package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * The best path of a CompactLattice, exactly as Kaldi's {@code CompactLatticeShortestPath}
 * (used by {@code lattice-best-path} and so by {@code steps/score_kaldi.sh}).
 *
 * <p>Algorithm: if the states are not topologically numbered (or the start is not 0) the lattice
 * is first sorted with OpenFst's {@link TopSort}. Then a Viterbi pass over states in id order
 * keeps, per state, the lowest cost {@code cost(s) + (double) g + (double) a} reaching it (costs in
 * double; a later equal cost does not replace an earlier one) and its predecessor state; a
 * super-final state collects {@code cost(s) + final(s)}. Tracing predecessors back gives the state
 * sequence; between two consecutive states the cheapest arc is taken (the first one on ties).
 * The result is a linear CompactLattice with those arcs and the last state's final weight, or the
 * empty lattice when no final state is reachable with finite cost.
 *
 * <p>Weights are used as they are: apply {@link LatticeScale} and the word insertion penalty first.
 */
public final class BestPath {
    private BestPath() {}

    /** The best path as a linear CompactLattice (empty when there is none). */
    public static CompactLattice find(CompactLattice lattice) {
        CompactLattice lat = TopSort.ifNeeded(lattice);
        int n = lat.numStates();
        if (lat.start() < 0 || n == 0) return CompactLattice.empty();
        double[] best = new double[n + 1];
        int[] pred = new int[n + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(pred, -1);
        best[0] = 0.0;
        int superFinal = n;
        for (int s = 0; s < n; s++) {
            double mine = best[s];
            for (int a = lat.arcStart[s], e = lat.arcStart[s + 1]; a < e; a++) {
                double arcCost = (double) lat.graph[a] + (double) lat.acoustic[a];
                double next = mine + arcCost;
                int t = lat.next[a];
                if (next < best[t]) {
                    best[t] = next;
                    pred[t] = s;
                }
            }
            double finalCost = (double) lat.finalGraph[s] + (double) lat.finalAcoustic[s];
            double total = mine + finalCost;
            if (total < best[superFinal]) {
                best[superFinal] = total;
                pred[superFinal] = s;
            }
        }
        // trace back: states on the best path, last first
        int[] states = new int[16];
        int k = 0;
        int cur = superFinal;
        while (cur != 0) {
            int prev = pred[cur];
            if (prev < 0) return CompactLattice.empty(); // no finite-cost path
            if (k == states.length) states = Arrays.copyOf(states, k * 2);
            states[k++] = prev;
            cur = prev;
        }
        CompactLattice.Builder b = CompactLattice.builder();
        for (int i = 0; i < k; i++) b.addState();
        b.setStart(0);
        for (int i = 0; i < k; i++) {
            int s = states[k - 1 - i];
            if (i + 1 < k) {
                int t = states[k - 2 - i];
                int chosen = -1;
                double chosenCost = 0;
                for (int a = lat.arcStart[s]; a < lat.arcStart[s + 1]; a++) {
                    if (lat.next[a] != t) continue;
                    double c = (double) lat.graph[a] + (double) lat.acoustic[a];
                    if (chosen < 0 || c < chosenCost) {
                        chosen = a;
                        chosenCost = c;
                    }
                }
                b.addArc(i, lat.ilabel[chosen], lat.olabel[chosen], lat.graph[chosen], lat.acoustic[chosen],
                        lat.strPool, lat.arcStrStart[chosen], lat.stringLength(chosen), i + 1);
            } else {
                b.setFinal(i, lat.finalGraph[s], lat.finalAcoustic[s], lat.finalStrPool, lat.finalStrStart[s], lat.finalStringLength(s));
            }
        }
        return b.build();
    }

    /** Words, alignment and total costs of the best path; null when the lattice has no path. */
    public static LinearPath linear(CompactLattice lattice) {
        CompactLattice path = find(lattice);
        if (path.start() < 0) return null;
        return LinearPath.of(path);
    }
}
