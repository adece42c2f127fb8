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
     * {@code lat} itself when it is already sorted, otherwise {@link #sort(CompactLattice)}
     * (Kaldi's "if (!Properties(kTopSorted)) TopSort"). Note that the start state is 0 only when
     * every state is reachable from it: OpenFst visits unreachable states as later DFS roots, and
     * they finish last.
     */
    public static CompactLattice ifNeeded(CompactLattice lat) {
        return lat.isTopSorted() ? lat : sort(lat);
    }

    /**
     * The states reachable from the start, in a topological order with the start first: ascending
     * ids when the lattice is already sorted (so a sorted lattice keeps its numbering, as Kaldi
     * leaves it), else OpenFst's order ({@link #sort}). Used to renumber a lattice for algorithms
     * that need state 0 = start and every arc going forward.
     *
     * @throws IllegalArgumentException when the lattice has no start state or a cycle
     */
    public static int[] reachableOrder(LatticeBase lat) {
        int n = lat.numStates(), start = lat.start();
        if (start < 0 || start >= n) throw new IllegalArgumentException("lattice has no valid start state (" + start + ")");
        boolean[] reach = new boolean[n];
        int[] stack = new int[16];
        int sp = 0, count = 1;
        stack[sp++] = start;
        reach[start] = true;
        while (sp > 0) {
            int s = stack[--sp];
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                int d = lat.nextState(a);
                if (reach[d]) continue;
                reach[d] = true;
                count++;
                if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, 2 * sp);
                stack[sp++] = d;
            }
        }
        int[] out = new int[count];
        int k = 0;
        if (lat.isTopSorted()) {
            for (int s = 0; s < n; s++) if (reach[s]) out[k++] = s;
            return out;   // every arc goes up, so the start is the smallest reachable state
        }
        Dfs d = Dfs.visit(lat);
        if (d.cyclic) throw new IllegalArgumentException("lattice has a cycle (it is not acyclic, cannot be rescored)");
        for (int i = d.postorder.length - 1; i >= 0; i--) if (reach[d.postorder[i]]) out[k++] = d.postorder[i];
        return out;
    }
}
