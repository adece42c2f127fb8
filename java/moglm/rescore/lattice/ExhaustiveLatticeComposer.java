package moglm.rescore.lattice;

import java.util.ArrayList;
import java.util.List;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;
import moglm.rescore.util.LongIntMap;

/**
 * Plain reference for {@link PrunedLatticeComposer}: the full composition of a lattice with an
 * on-demand LM, every reachable (lattice state, LM state) pair and every arc, no pruning; then
 * states that cannot reach a final state are removed. Exponential in the worst case (exact
 * histories): for tests and small lattices only.
 */
public final class ExhaustiveLatticeComposer {
    private ExhaustiveLatticeComposer() {}

    /** The full composition, states numbered in topological order; null when it has no complete path. */
    public static WordLattice compose(WordLattice in, OnDemandLm lm) {
        if (in.numStates == 0) return null;
        if (!in.isTopSortedStrictly()) throw new IllegalArgumentException("lattice is not top-sorted");
        // states grouped by lattice state so that the numbering is topological
        List<List<int[]>> byLat = new ArrayList<>();
        for (int i = 0; i < in.numStates; i++) byLat.add(new ArrayList<>());
        LongIntMap seen = new LongIntMap();
        List<int[]> pairs = new ArrayList<>();   // composed id -> {lat, lm}
        int start = lm.start();
        seen.put(key(0, start), 0);
        pairs.add(new int[] {0, start});
        byLat.get(0).add(new int[] {0});
        List<float[]> arcs = new ArrayList<>();  // {src, dst, word, graph, acoustic, inputArc}
        LmArc la = new LmArc();
        for (int l = 0; l < in.numStates; l++) {
            for (int[] cs : byLat.get(l)) {
                int c = cs[0];
                int lmState = pairs.get(c)[1];
                for (int a = in.arcOffset[l]; a < in.arcOffset[l + 1]; a++) {
                    if (in.arcWord[a] == 0) { la.cost = 0f; la.next = lmState; }
                    else if (!lm.arc(lmState, in.arcWord[a], la)) continue;
                    long k = key(in.arcNext[a], la.next);
                    int d = seen.get(k);
                    if (d < 0) {
                        d = pairs.size();
                        seen.put(k, d);
                        pairs.add(new int[] {in.arcNext[a], la.next});
                        byLat.get(in.arcNext[a]).add(new int[] {d});
                    }
                    arcs.add(new float[] {c, d, in.arcWord[a], in.arcGraph[a] + la.cost, in.arcAcoustic[a], a});
                }
            }
        }
        int n = pairs.size();
        float[] finalG = new float[n];
        float[] finalA = new float[n];
        for (int c = 0; c < n; c++) {
            int l = pairs.get(c)[0];
            finalG[c] = Float.POSITIVE_INFINITY;
            finalA[c] = Float.POSITIVE_INFINITY;
            if (in.isFinal(l)) {
                float lf = lm.finalCost(pairs.get(c)[1]);
                if (lf != Float.POSITIVE_INFINITY) {
                    finalG[c] = in.finalGraph[l] + lf;
                    finalA[c] = in.finalAcoustic[l];
                }
            }
        }
        // topological order: by lattice state, then creation order
        int[] order = new int[n];
        int k = 0;
        for (int l = 0; l < in.numStates; l++) for (int[] cs : byLat.get(l)) order[k++] = cs[0];
        List<List<float[]>> out = new ArrayList<>();
        for (int c = 0; c < n; c++) out.add(new ArrayList<>());
        for (float[] arc : arcs) out.get((int) arc[0]).add(arc);
        boolean[] co = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            int c = order[i];
            boolean ok = finalG[c] != Float.POSITIVE_INFINITY;
            for (float[] arc : out.get(c)) ok |= co[(int) arc[1]];
            co[c] = ok;
        }
        if (!co[0]) return null;
        int[] id = new int[n];
        WordLattice.Builder b = new WordLattice.Builder();
        for (int i = 0; i < n; i++) {
            int c = order[i];
            id[c] = co[c] ? b.addState(pairs.get(c)[0]) : -1;
        }
        for (int i = 0; i < n; i++) {
            int c = order[i];
            if (id[c] < 0) continue;
            if (finalG[c] != Float.POSITIVE_INFINITY) b.setFinal(id[c], finalG[c], finalA[c]);
            for (float[] arc : out.get(c)) {
                int d = id[(int) arc[1]];
                if (d >= 0) b.addArc(id[c], (int) arc[2], arc[3], arc[4], d, (int) arc[5]);
            }
        }
        return b.build();
    }

    private static long key(int lat, int lm) {
        return ((long) lat << 32) | (lm & 0xffffffffL);
    }
}
