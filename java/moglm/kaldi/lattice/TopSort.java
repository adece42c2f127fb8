package moglm.kaldi.lattice;

/**
 * Topological sorting of states, exactly as OpenFst's {@code TopSort}: a depth-first search in
 * {@code DfsVisit} order; the state finished last becomes state 0, and so on (reverse post-order).
 * Each state keeps its arcs in order. A cyclic lattice cannot be sorted.
 *
 * <p>Kaldi only sorts lattices that are not already sorted ({@link LatticeBase#isTopSorted()}):
 * an already-sorted lattice would generally be renumbered by this DFS order, which changes how
 * ties are broken downstream. {@link #ifNeeded(CompactLattice)} follows that rule.
 */
public final class TopSort {
    private TopSort() {}

    /** The new id of every state, or null when the lattice has a cycle. */
    static int[] order(LatticeBase lat) {
        Dfs d = Dfs.visit(lat);
        if (d.cyclic) return null;
        int n = d.postorder.length;
        int[] newId = new int[lat.numStates()];
        java.util.Arrays.fill(newId, -1);
        for (int i = 0; i < n; i++) newId[d.postorder[n - 1 - i]] = i;
        // OpenFst visits every state; -1 cannot remain, but keep the map total anyway
        return newId;
    }

    /**
     * The lattice with states renumbered in topological order.
     *
     * @throws IllegalArgumentException when the lattice has a cycle
     */
    public static CompactLattice sort(CompactLattice lat) {
        if (lat.numStates() == 0 || lat.start() < 0) return lat;
        int[] newId = order(lat);
        if (newId == null) throw new IllegalArgumentException("cannot topologically sort a lattice with cycles");
        return Renumber.apply(lat, newId, lat.numStates());
    }

    /** As {@link #sort(CompactLattice)} for a Lattice. */
    public static Lattice sort(Lattice lat) {
        if (lat.numStates() == 0 || lat.start() < 0) return lat;
        int[] newId = order(lat);
        if (newId == null) throw new IllegalArgumentException("cannot topologically sort a lattice with cycles");
        return Renumber.apply(lat, newId, lat.numStates());
    }

    /**
     * {@code lat} itself when it is already sorted with start state 0, otherwise
     * {@link #sort(CompactLattice)} (Kaldi's "if (!Properties(kTopSorted)) TopSort").
     */
    public static CompactLattice ifNeeded(CompactLattice lat) {
        if (lat.start() <= 0 && lat.isTopSorted()) return lat;
        return sort(lat);
    }
}
