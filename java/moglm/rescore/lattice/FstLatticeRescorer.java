package moglm.rescore.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moglm.kaldi.ngram.GrammarFst;

/**
 * Kaldi's {@code lattice-lmrescore} with an FST LM (G.fst): the lattice is composed with the FST,
 * whose back-off arcs are plain epsilon arcs, and the result is determinized on words; graph
 * costs change by {@code lmScale} times the cost the determinization keeps. This reproduces what
 * that composition + determinization give, which is NOT always the back-off LM's cost:
 *
 * <ul>
 *   <li>a word sequence gets the CHEAPEST path through the FST, which may use a back-off arc
 *       where the n-gram is listed (when that is cheaper);</li>
 *   <li>the cost is split over the arcs as determinization splits it: a determinized state holds
 *       the FST states reachable by the words so far (closed under back-off arcs) with their costs
 *       above the cheapest; FST states that cannot continue along the lattice (no arc for any word
 *       leaving the lattice state, and not final where the lattice state is final) are dropped
 *       (OpenFst/Kaldi keep only such "minimal" elements), and the arc carries the cheapest
 *       remaining cost. So an arc may carry part of the next back-off weight, taken back later on
 *       the path; path totals are the cheapest FST paths.</li>
 *   <li>states with the same FST states and costs within 1/1024 (Kaldi's determinization delta)
 *       are one state, so histories the FST does not distinguish may be merged.</li>
 * </ul>
 * The lattice must be top-sorted, deterministic on words and free of epsilon arcs (as Kaldi's
 * word lattices are). Output states are numbered in topological order.
 */
public final class FstLatticeRescorer {
    static final float DELTA = 1f / 1024f;

    private final WordLattice in;
    private final GrammarFst fst;
    private final float lmScale;
    // composed states: lattice state + subset (FST states ascending, residual costs)
    private final List<int[]> members = new ArrayList<>();
    private final List<float[]> residuals = new ArrayList<>();
    private final List<Integer> latOf = new ArrayList<>();
    private final Map<Key, int[]> index = new HashMap<>();

    private FstLatticeRescorer(WordLattice in, GrammarFst fst, float lmScale) {
        this.in = in;
        this.fst = fst;
        this.lmScale = lmScale;
    }

    private record Key(int lat, int[] states) {
        @Override public boolean equals(Object o) { return o instanceof Key k && lat == k.lat && Arrays.equals(states, k.states); }
        @Override public int hashCode() { return 31 * lat + Arrays.hashCode(states); }
    }

    /**
     * Rescores {@code lattice}: output graph cost = input graph cost + lmScale * (FST cost as
     * determinization distributes it). Returns null when no path survives.
     *
     * @throws IllegalArgumentException if the lattice is not top-sorted, has epsilon arcs or two
     *                                  arcs with one word leaving a state
     */
    public static WordLattice rescore(WordLattice lattice, GrammarFst fst, float lmScale) {
        if (lattice.numStates == 0) return null;
        if (!lattice.isTopSortedStrictly()) throw new IllegalArgumentException("lattice is not top-sorted");
        for (int s = 0; s < lattice.numStates; s++) {
            int[] w = Arrays.copyOfRange(lattice.arcWord, lattice.arcOffset[s], lattice.arcOffset[s + 1]);
            Arrays.sort(w);
            for (int i = 0; i < w.length; i++) {
                if (w[i] == 0) throw new IllegalArgumentException("lattice has an epsilon arc at state " + s);
                if (i > 0 && w[i] == w[i - 1]) throw new IllegalArgumentException("lattice is not deterministic: word " + w[i] + " twice at state " + s);
            }
        }
        return new FstLatticeRescorer(lattice, fst, lmScale).run();
    }

    /** Closes {@code set} (FST state -> cost) under back-off arcs, keeping cheapest costs. */
    private void close(Map<Integer, Float> set) {
        ArrayList<Integer> work = new ArrayList<>(set.keySet());
        while (!work.isEmpty()) {
            int g = work.remove(work.size() - 1);
            int b = fst.backoffArc(g);
            if (b < 0) continue;
            float c = set.get(g) + fst.arcWeight(b);
            int d = fst.arcNext(b);
            Float old = set.get(d);
            if (old == null || c < old) {
                set.put(d, c);
                work.add(d);
            }
        }
    }

    /** True when FST state g can continue along lattice state l (an arc for one of its words, or both final). */
    private boolean useful(int l, int g) {
        if (in.isFinal(l) && fst.storedFinal(g) != Float.POSITIVE_INFINITY) return true;
        for (int a = in.arcOffset[l]; a < in.arcOffset[l + 1]; a++) if (fst.directArc(g, in.arcWord[a]) >= 0) return true;
        return false;
    }

    /** Interns the minimal (normalized unless the initial) subset of {@code set} at lattice state l; returns {id, cost bits} or null. */
    private long intern(int l, Map<Integer, Float> set, boolean normalize) {
        close(set);
        int n = 0;
        int[] st = new int[set.size()];
        for (Map.Entry<Integer, Float> e : set.entrySet()) if (useful(l, e.getKey())) st[n++] = e.getKey();
        if (n == 0) return -1;
        st = Arrays.copyOf(st, n);
        Arrays.sort(st);
        float min = Float.POSITIVE_INFINITY;
        for (int g : st) min = Math.min(min, set.get(g));
        if (!normalize) min = 0f;   // Kaldi leaves the initial subset as it is
        float[] res = new float[n];
        for (int i = 0; i < n; i++) res[i] = set.get(st[i]) - min;
        Key k = new Key(l, st);
        int[] ids = index.get(k);
        int id = -1;
        if (ids != null) {
            for (int c : ids) {
                float[] r = residuals.get(c);
                boolean same = true;
                for (int i = 0; i < n && same; i++) same = Math.abs(r[i] - res[i]) <= DELTA;
                if (same) { id = c; break; }
            }
        }
        if (id < 0) {
            id = members.size();
            members.add(st);
            residuals.add(res);
            latOf.add(l);
            int[] grown = ids == null ? new int[] {id} : Arrays.copyOf(ids, ids.length + 1);
            grown[grown.length - 1] = id;
            index.put(k, grown);
        }
        return ((long) id << 32) | (Float.floatToRawIntBits(min) & 0xffffffffL);
    }

    private WordLattice run() {
        // composed states grouped by lattice state, expanded in lattice (topological) order
        List<List<Integer>> byLat = new ArrayList<>();
        for (int i = 0; i < in.numStates; i++) byLat.add(new ArrayList<>());
        Map<Integer, Float> start = new HashMap<>();
        start.put(fst.start(), 0f);
        long s0 = intern(0, start, false);
        if (s0 < 0) return null;
        byLat.get(0).add((int) (s0 >>> 32));
        List<float[]> arcs = new ArrayList<>();   // src, dst, word (raw int bits), graph, acoustic, input arc (raw bits)
        boolean[] queued = new boolean[16];
        queued[(int) (s0 >>> 32)] = true;
        for (int l = 0; l < in.numStates; l++) {
            for (int c : byLat.get(l)) {
                int[] st = members.get(c);
                float[] res = residuals.get(c);
                for (int a = in.arcOffset[l]; a < in.arcOffset[l + 1]; a++) {
                    int w = in.arcWord[a];
                    Map<Integer, Float> next = new HashMap<>();
                    for (int i = 0; i < st.length; i++) {
                        int fa = fst.directArc(st[i], w);
                        if (fa >= 0) next.merge(fst.arcNext(fa), res[i] + fst.arcWeight(fa), Math::min);
                    }
                    if (next.isEmpty()) continue;
                    long r = intern(in.arcNext[a], next, true);
                    if (r < 0) continue;
                    int d = (int) (r >>> 32);
                    float cost = Float.intBitsToFloat((int) r);
                    if (d >= queued.length) queued = Arrays.copyOf(queued, Math.max(2 * queued.length, d + 1));
                    if (!queued[d]) {
                        queued[d] = true;
                        byLat.get(in.arcNext[a]).add(d);
                    }
                    arcs.add(new float[] {Float.intBitsToFloat(c), Float.intBitsToFloat(d), Float.intBitsToFloat(w),
                            in.arcGraph[a] + lmScale * cost, in.arcAcoustic[a], Float.intBitsToFloat(a)});   // ints kept as raw bits
                }
            }
        }
        int n = members.size();
        float[] finalG = new float[n], finalA = new float[n];
        for (int c = 0; c < n; c++) {
            int l = latOf.get(c);
            finalG[c] = Float.POSITIVE_INFINITY;
            finalA[c] = Float.POSITIVE_INFINITY;
            if (!in.isFinal(l)) continue;
            int[] st = members.get(c);
            float[] res = residuals.get(c);
            float best = Float.POSITIVE_INFINITY;
            for (int i = 0; i < st.length; i++) {
                float f = fst.storedFinal(st[i]);
                if (f != Float.POSITIVE_INFINITY) best = Math.min(best, res[i] + f);
            }
            if (best == Float.POSITIVE_INFINITY) continue;
            finalG[c] = in.finalGraph[l] + lmScale * best;
            finalA[c] = in.finalAcoustic[l];
        }
        return trimmed(n, byLat, arcs, finalG, finalA);
    }

    /** Keeps states that reach a final state, numbered by lattice state then creation (topological). */
    private WordLattice trimmed(int n, List<List<Integer>> byLat, List<float[]> arcs, float[] finalG, float[] finalA) {
        int[] order = new int[n];
        int k = 0;
        for (List<Integer> cs : byLat) for (int c : cs) order[k++] = c;
        List<List<float[]>> out = new ArrayList<>();
        for (int c = 0; c < n; c++) out.add(new ArrayList<>());
        for (float[] arc : arcs) out.get(Float.floatToRawIntBits(arc[0])).add(arc);
        boolean[] co = new boolean[n];
        for (int i = k - 1; i >= 0; i--) {
            int c = order[i];
            boolean ok = finalG[c] != Float.POSITIVE_INFINITY;
            for (float[] arc : out.get(c)) ok |= co[Float.floatToRawIntBits(arc[1])];
            co[c] = ok;
        }
        if (!co[order[0]]) return null;
        int[] id = new int[n];
        Arrays.fill(id, -1);
        WordLattice.Builder b = new WordLattice.Builder();
        for (int i = 0; i < k; i++) {
            int c = order[i];
            if (co[c]) id[c] = b.addState(latOf.get(c));
        }
        for (int i = 0; i < k; i++) {
            int c = order[i];
            if (id[c] < 0) continue;
            if (finalG[c] != Float.POSITIVE_INFINITY) b.setFinal(id[c], finalG[c], finalA[c]);
            for (float[] arc : out.get(c)) {
                int d = id[Float.floatToRawIntBits(arc[1])];
                if (d >= 0) b.addArc(id[c], Float.floatToRawIntBits(arc[2]), arc[3], arc[4], d, Float.floatToRawIntBits(arc[5]));
            }
        }
        return b.build();
    }
}
