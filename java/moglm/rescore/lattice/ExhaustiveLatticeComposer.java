package moglm.rescore.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;
import moglm.rescore.util.LongIntMap;

/**
 * Plain reference for {@link PrunedLatticeComposer}: the full composition of a lattice with an
 * on-demand LM, every reachable (lattice state, LM state) pair and every arc, no pruning; then
 * states that cannot reach a final state are removed. Exponential in the worst case (exact
 * histories): for tests and small lattices only. State ids, words and input arc indices are kept
 * as ints throughout (exact for any count an int holds).
 */
public final class ExhaustiveLatticeComposer {
    private ExhaustiveLatticeComposer() {}

    /** The full composition, states numbered in topological order; null when it has no complete path. */
    public static WordLattice compose(WordLattice in, OnDemandLm lm) {
        if (in.numStates == 0) return null;
        if (!in.isTopSortedStrictly()) throw new IllegalArgumentException("lattice is not top-sorted");
        // composed states grouped by lattice state so that the numbering is topological
        List<Ints> byLat = new ArrayList<>();
        for (int i = 0; i < in.numStates; i++) byLat.add(new Ints());
        LongIntMap seen = new LongIntMap();
        Ints pairLat = new Ints(), pairLm = new Ints();   // composed id -> lattice state, LM state
        int start = lm.start();
        seen.put(key(0, start), 0);
        pairLat.add(0);
        pairLm.add(start);
        byLat.get(0).add(0);
        Arcs arcs = new Arcs();
        Ints firstArc = new Ints(), endArc = new Ints();   // composed id -> its arcs arcs[first, end)
        LmArc la = new LmArc();
        for (int l = 0; l < in.numStates; l++) {
            Ints states = byLat.get(l);
            for (int i = 0; i < states.size; i++) {
                int c = states.at(i);
                firstArc.set(c, arcs.size);
                int lmState = pairLm.at(c);
                for (int a = in.arcOffset[l]; a < in.arcOffset[l + 1]; a++) {
                    if (in.arcWord[a] == 0) { la.cost = 0f; la.next = lmState; }
                    else if (!lm.arc(lmState, in.arcWord[a], la)) continue;
                    long k = key(in.arcNext[a], la.next);
                    int d = seen.get(k);
                    if (d < 0) {
                        d = pairLat.size;
                        seen.put(k, d);
                        pairLat.add(in.arcNext[a]);
                        pairLm.add(la.next);
                        byLat.get(in.arcNext[a]).add(d);
                    }
                    arcs.add(d, in.arcWord[a], in.arcGraph[a] + la.cost, in.arcAcoustic[a], a);
                }
                endArc.set(c, arcs.size);
            }
        }
        int n = pairLat.size;
        float[] finalG = new float[n];
        float[] finalA = new float[n];
        for (int c = 0; c < n; c++) {
            int l = pairLat.at(c);
            finalG[c] = Float.POSITIVE_INFINITY;
            finalA[c] = Float.POSITIVE_INFINITY;
            if (in.isFinal(l)) {
                float lf = lm.finalCost(pairLm.at(c));
                if (lf != Float.POSITIVE_INFINITY) {
                    finalG[c] = in.finalGraph[l] + lf;
                    finalA[c] = in.finalAcoustic[l];
                }
            }
        }
        // topological order: by lattice state, then creation order
        int[] order = new int[n];
        int k = 0;
        for (int l = 0; l < in.numStates; l++) {
            Ints states = byLat.get(l);
            for (int i = 0; i < states.size; i++) order[k++] = states.at(i);
        }
        boolean[] co = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            int c = order[i];
            boolean ok = finalG[c] != Float.POSITIVE_INFINITY;
            for (int a = firstArc.at(c); a < endArc.at(c); a++) ok |= co[arcs.dst.at(a)];
            co[c] = ok;
        }
        if (!co[0]) return null;
        int[] id = new int[n];
        WordLattice.Builder b = new WordLattice.Builder();
        for (int i = 0; i < n; i++) {
            int c = order[i];
            id[c] = co[c] ? b.addState(pairLat.at(c)) : -1;
        }
        for (int i = 0; i < n; i++) {
            int c = order[i];
            if (id[c] < 0) continue;
            if (finalG[c] != Float.POSITIVE_INFINITY) b.setFinal(id[c], finalG[c], finalA[c]);
            for (int a = firstArc.at(c); a < endArc.at(c); a++) {
                int d = id[arcs.dst.at(a)];
                if (d >= 0) b.addArc(id[c], arcs.word.at(a), arcs.graph[a], arcs.acoustic[a], d, arcs.origin.at(a));
            }
        }
        return b.build();
    }

    /** The map key of a (lattice state, LM state) pair: both ids exactly, any int values. */
    static long key(int lat, int lm) {
        return ((long) lat << 32) | (lm & 0xffffffffL);
    }

    /** A growable int array. */
    static final class Ints {
        int[] a = new int[16];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[size++] = v;
        }

        /** Sets index {@code i} (growing the array; size becomes at least i + 1). */
        void set(int i, int v) {
            while (i >= a.length) a = Arrays.copyOf(a, a.length * 2);
            a[i] = v;
            if (i >= size) size = i + 1;
        }

        int at(int i) {
            return a[i];
        }
    }

    /** The composed arcs as parallel arrays: ids, words and input arc indices as ints, costs as floats. */
    static final class Arcs {
        final Ints dst = new Ints(), word = new Ints(), origin = new Ints();
        float[] graph = new float[16], acoustic = new float[16];
        int size;

        void add(int d, int w, float g, float ac, int inputArc) {
            if (size == graph.length) {
                graph = Arrays.copyOf(graph, size * 2);
                acoustic = Arrays.copyOf(acoustic, size * 2);
            }
            dst.add(d);
            word.add(w);
            origin.add(inputArc);
            graph[size] = g;
            acoustic[size] = ac;
            size++;
        }
    }
}
