package moglm.kaldi.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The n best paths of an acyclic CompactLattice (Kaldi's {@code lattice-to-nbest}).
 *
 * <p><b>Semantics.</b> Costs are {@code lmScale * graph + acousticScale * acoustic}, each weight
 * scaled in float as {@link LatticeScale} does. Paths come out best first; with
 * {@code uniqueWords} (the default of the tool) a path whose word sequence (epsilons dropped)
 * was already output is skipped, so the result is the n best distinct word sequences. For
 * Kaldi's determinized lattices every path has its own word sequence and the result is
 * Kaldi's list of n distinct paths (the order of exactly tied paths may differ: OpenFst ranks
 * by float sums, this by double sums with first-found-first). Each entry is returned as Kaldi writes it: the path as a
 * linear Lattice, weights scaled and then scaled back by {@code 1/lmScale}, {@code 1/acousticScale}
 * (Kaldi's round trip, which may change the last bit of a cost), converted to a CompactLattice
 * ({@link LatticeConvert#toCompact}: an epsilon arc inside the path merges into the arc before it).
 *
 * <p><b>Algorithm.</b> Exact backward costs beta(s) (best cost from s to the end) over a
 * topological order, then best-first search over partial paths keyed by
 * {@code prefix cost + beta(state)} (A* with an exact heuristic, so complete paths pop in cost
 * order; equal keys pop in insertion order). A state is expanded at most
 * {@code n} times (plus once per duplicate skipped), which bounds the work by O(n x arcs x log).
 */
public final class LatticeNbest {
    private LatticeNbest() {}

    /** One path: its arcs in order (indices into the lattice given), final state, scaled costs. */
    public record Path(int[] arcs, int finalState, double cost, int[] words) { }

    /**
     * The n best paths of {@code lattice} under the given scales.
     *
     * @param lattice     must be acyclic
     * @param uniqueWords skip paths whose word sequence was already returned
     */
    public static List<Path> paths(CompactLattice lattice, int n, double lmScale, double acousticScale, boolean uniqueWords) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
        List<Path> out = new ArrayList<>();
        int ns = lattice.numStates();
        if (lattice.start() < 0 || ns == 0) return out;
        CompactLattice lat = lattice.copy();
        LatticeScale.scale(lat, lmScale, acousticScale);
        int[] order = topologicalOrder(lat);
        double[] arcCost = new double[lat.numArcs()];
        for (int a = 0; a < arcCost.length; a++) arcCost[a] = (double) lat.graph[a] + (double) lat.acoustic[a];
        double[] beta = new double[ns];
        for (int i = ns - 1; i >= 0; i--) {
            int s = order[i];
            double b = (double) lat.finalGraph[s] + (double) lat.finalAcoustic[s];
            for (int a = lat.arcStart[s]; a < lat.arcStart[s + 1]; a++) {
                double c = arcCost[a] + beta[lat.next[a]];
                if (c < b) b = c;
            }
            beta[s] = b;
        }
        if (!(beta[lat.start()] < Double.POSITIVE_INFINITY)) return out;

        Search search = new Search();
        int[] pops = new int[ns];
        Set<Words> seen = uniqueWords ? new HashSet<>() : null;
        int duplicates = 0;
        search.push(lat.start(), -1, -1, 0.0, beta[lat.start()], false);
        while (out.size() < n && search.size() > 0) {
            int node = search.pop();
            int s = search.state[node];
            if (search.complete[node]) {
                Path p = search.path(node, lat, arcCost);
                if (seen != null && !seen.add(new Words(p.words))) {
                    duplicates++;
                    continue;
                }
                out.add(p);
                continue;
            }
            if (++pops[s] > n + duplicates) continue;
            double prefix = search.prefix[node];
            double fin = (double) lat.finalGraph[s] + (double) lat.finalAcoustic[s];
            if (fin < Double.POSITIVE_INFINITY) {
                search.push(s, node, -1, prefix + fin, prefix + fin, true);
            }
            for (int a = lat.arcStart[s]; a < lat.arcStart[s + 1]; a++) {
                int t = lat.next[a];
                if (!(beta[t] < Double.POSITIVE_INFINITY)) continue;
                double p = prefix + arcCost[a];
                search.push(t, node, a, p, p + beta[t], false);
            }
        }
        return out;
    }

    /**
     * The n best paths as Kaldi's lattice-to-nbest writes them: linear CompactLattices with the
     * original (unscaled) costs, best first.
     */
    public static List<CompactLattice> nbest(CompactLattice lattice, int n, double lmScale, double acousticScale, boolean uniqueWords) {
        List<CompactLattice> out = new ArrayList<>();
        CompactLattice scaled = lattice.copy();
        LatticeScale.scale(scaled, lmScale, acousticScale);
        for (Path p : paths(lattice, n, lmScale, acousticScale, uniqueWords)) {
            Lattice linear = pathAsLattice(scaled, p);
            LatticeScale.scale(linear, 1.0 / lmScale, 1.0 / acousticScale);
            out.add(LatticeConvert.toCompact(linear));
        }
        return out;
    }

    /** The path's arcs expanded like {@link LatticeConvert#toLattice}, as states 0..k. */
    static Lattice pathAsLattice(CompactLattice lat, Path p) {
        Lattice.Builder b = Lattice.builder();
        int cur = b.addState();
        b.setStart(cur);
        for (int a : p.arcs) {
            int t0 = lat.arcStrStart[a], len = lat.stringLength(a);
            int word = lat.ilabel[a];
            if (len <= 1) {
                int ns = b.addState();
                b.addArc(cur, len == 1 ? lat.strPool[t0] : 0, word, lat.graph[a], lat.acoustic[a], ns);
                cur = ns;
                continue;
            }
            for (int k = 0; k < len; k++) {
                int ns = b.addState();
                b.addArc(cur, lat.strPool[t0 + k], k == 0 ? word : 0, k == 0 ? lat.graph[a] : 0f, k == 0 ? lat.acoustic[a] : 0f, ns);
                cur = ns;
            }
        }
        int s = p.finalState;
        int f0 = lat.finalStrStart[s], flen = lat.finalStringLength(s);
        if (flen == 0) {
            b.setFinal(cur, lat.finalGraph[s], lat.finalAcoustic[s]);
        } else {
            for (int k = 0; k < flen; k++) {
                int ns = b.addState();
                b.addArc(cur, lat.finalStrPool[f0 + k], 0, k == 0 ? lat.finalGraph[s] : 0f, k == 0 ? lat.finalAcoustic[s] : 0f, ns);
                cur = ns;
            }
            b.setFinal(cur, 0f, 0f);
        }
        return b.build();
    }

    private static int[] topologicalOrder(CompactLattice lat) {
        if (lat.isTopSorted()) {
            int[] id = new int[lat.numStates()];
            for (int i = 0; i < id.length; i++) id[i] = i;
            return id;
        }
        int[] newId = TopSort.order(lat);
        if (newId == null) throw new IllegalArgumentException("n-best needs an acyclic lattice");
        int[] order = new int[newId.length];
        for (int s = 0; s < newId.length; s++) order[newId[s]] = s;
        return order;
    }

    /** Word sequence as a hash key. */
    private record Words(int[] w) {
        @Override public boolean equals(Object o) {
            return o instanceof Words x && Arrays.equals(w, x.w);
        }

        @Override public int hashCode() {
            return Arrays.hashCode(w);
        }
    }

    /** Partial paths (struct of arrays) and a binary heap over them. */
    private static final class Search {
        int[] state = new int[256], parent = new int[256], arc = new int[256];
        double[] prefix = new double[256], key = new double[256];
        boolean[] complete = new boolean[256];
        int nodes;
        int[] heap = new int[256];
        int heapSize;

        int size() {
            return heapSize;
        }

        void push(int s, int par, int a, double pre, double k, boolean done) {
            if (nodes == state.length) {
                int cap = nodes * 2;
                state = Arrays.copyOf(state, cap); parent = Arrays.copyOf(parent, cap); arc = Arrays.copyOf(arc, cap);
                prefix = Arrays.copyOf(prefix, cap);
                key = Arrays.copyOf(key, cap); complete = Arrays.copyOf(complete, cap);
            }
            int id = nodes++;
            state[id] = s; parent[id] = par; arc[id] = a; prefix[id] = pre; key[id] = k; complete[id] = done;
            if (heapSize == heap.length) heap = Arrays.copyOf(heap, heapSize * 2);
            int i = heapSize++;
            heap[i] = id;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!less(heap[i], heap[p])) break;
                int t = heap[i]; heap[i] = heap[p]; heap[p] = t;
                i = p;
            }
        }

        int pop() {
            int top = heap[0];
            heap[0] = heap[--heapSize];
            int i = 0;
            while (true) {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < heapSize && less(heap[l], heap[m])) m = l;
                if (r < heapSize && less(heap[r], heap[m])) m = r;
                if (m == i) break;
                int t = heap[i]; heap[i] = heap[m]; heap[m] = t;
                i = m;
            }
            return top;
        }

        private boolean less(int x, int y) {
            if (key[x] != key[y]) return key[x] < key[y];
            return x < y;
        }

        Path path(int node, CompactLattice lat, double[] arcCost) {
            int len = 0;
            for (int v = parent[node]; v >= 0 && arc[v] >= 0; v = parent[v]) len++;
            int[] arcs = new int[len];
            int i = len;
            for (int v = parent[node]; v >= 0 && arc[v] >= 0; v = parent[v]) arcs[--i] = arc[v];
            int nw = 0;
            for (int a : arcs) if (lat.ilabel[a] != 0) nw++;
            int[] words = new int[nw];
            nw = 0;
            for (int a : arcs) if (lat.ilabel[a] != 0) words[nw++] = lat.ilabel[a];
            return new Path(arcs, state[node], key[node], words);
        }
    }
}
