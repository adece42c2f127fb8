package moglm.kaldi.lattice;

/**
 * Beam pruning of a CompactLattice, exactly as Kaldi's {@code PruneLattice} (lattice-prune).
 *
 * <p>Costs are {@code (double) graph + (double) acoustic} (scale the lattice first). If the states
 * are not topologically numbered the lattice is first sorted with OpenFst's {@link TopSort}.
 * A forward Viterbi pass gives alpha(s) and the best total cost B; with cutoff {@code B + beam}
 * a backward pass over states from last to first computes beta(s) and removes every arc with
 * {@code alpha(s) + cost(arc) + beta(next) > cutoff} and every final weight with
 * {@code alpha(s) + final(s) > cutoff}; finally {@link Connect} drops states left without a
 * complete path. Arc order and relative state order are kept.
 */
public final class LatticePrune {
    private LatticePrune() {}

    /**
     * The pruned lattice (a new object); null when the lattice is cyclic or empty (Kaldi's
     * "Error pruning lattice").
     */
    public static CompactLattice prune(CompactLattice lattice, double beam) {
        return prune(lattice, beam, 1.0);
    }

    /**
     * Same, comparing costs {@code graph + acousticScale * acoustic} without changing the weights
     * of the result (acousticScale 1 is {@link #prune(CompactLattice, double)} exactly).
     */
    public static CompactLattice prune(CompactLattice lattice, double beam, double acousticScale) {
        double acwt = acousticScale;
        if (!(acwt > 0)) throw new IllegalArgumentException("acoustic scale must be positive, got " + acwt);
        if (!(beam > 0)) throw new IllegalArgumentException("beam must be positive, got " + beam);
        if (lattice.numStates() == 0 || lattice.start() < 0) return null;
        CompactLattice lat;
        if (lattice.isTopSorted()) {
            lat = lattice.copy();
        } else {
            int[] order = TopSort.order(lattice);
            if (order == null) return null;
            lat = Renumber.apply(lattice, order, lattice.numStates());
        }
        int n = lat.numStates();
        int start = lat.start();
        double[] cost = new double[n];
        java.util.Arrays.fill(cost, Double.POSITIVE_INFINITY);
        cost[start] = 0.0;
        double bestFinal = Double.POSITIVE_INFINITY;
        for (int s = 0; s < n; s++) {
            double fwd = cost[s];
            for (int a = lat.arcStart[s]; a < lat.arcStart[s + 1]; a++) {
                double c = fwd + ((double) lat.graph[a] + acwt * (double) lat.acoustic[a]);
                if (cost[lat.next[a]] > c) cost[lat.next[a]] = c;
            }
            double f = fwd + ((double) lat.finalGraph[s] + acwt * (double) lat.finalAcoustic[s]);
            if (f < bestFinal) bestFinal = f;
        }
        double cutoff = bestFinal + beam;
        boolean[] prunedArc = new boolean[lat.numArcs()];
        boolean[] prunedFinal = new boolean[n];
        double[] forward = cost.clone();
        double[] backward = cost; // shares storage like Kaldi: entries >= s are backward costs
        for (int s = n - 1; s >= 0; s--) {
            double fwd = forward[s];
            double bwd = (double) lat.finalGraph[s] + acwt * (double) lat.finalAcoustic[s];
            if (bwd + fwd > cutoff && bwd != Double.POSITIVE_INFINITY) prunedFinal[s] = true;
            for (int a = lat.arcStart[s]; a < lat.arcStart[s + 1]; a++) {
                double arcBwd = ((double) lat.graph[a] + acwt * (double) lat.acoustic[a]) + backward[lat.next[a]];
                double fb = fwd + arcBwd;
                if (arcBwd < bwd) bwd = arcBwd;
                if (fb > cutoff) prunedArc[a] = true;
            }
            backward[s] = bwd;
        }
        CompactLattice.Builder b = CompactLattice.builder();
        b.ensureStates(n);
        b.setStart(start);
        for (int s = 0; s < n; s++) {
            if (lat.isFinal(s) && !prunedFinal[s]) {
                b.setFinal(s, lat.finalGraph[s], lat.finalAcoustic[s], lat.finalStrPool, lat.finalStrStart[s], lat.finalStringLength(s));
            }
            for (int a = lat.arcStart[s]; a < lat.arcStart[s + 1]; a++) {
                if (prunedArc[a]) continue;
                b.addArc(s, lat.ilabel[a], lat.olabel[a], lat.graph[a], lat.acoustic[a], lat.strPool, lat.arcStrStart[a], lat.stringLength(a), lat.next[a]);
            }
        }
        CompactLattice connected = Connect.connect(b.build());
        return connected.numStates() > 0 ? connected : null;
    }
}
