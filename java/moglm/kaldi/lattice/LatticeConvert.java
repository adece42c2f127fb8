package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * Conversion between {@link CompactLattice} and {@link Lattice} with Kaldi's
 * {@code ConvertLattice} semantics (the default direction, transition ids on the input side).
 *
 * <p><b>CompactLattice to Lattice.</b> States keep their numbers. An arc with word w, weight W
 * and transition ids t1..tk becomes a chain of k arcs {@code t1:w/W, t2:0/One, ..., tk:0/One}
 * through k-1 new states (k = 0 gives one arc {@code 0:w/W}). A final weight with ids t1..tk
 * becomes a chain {@code t1:0/W ... tk:0/One} to a new state that is final with One. New states
 * are numbered in the order Kaldi creates them: per state, the final chain first, then its arcs.
 *
 * <p><b>Lattice to CompactLattice</b> (Kaldi: Factor, then TopSort). States with exactly one
 * incoming and one outgoing arc, not initial, not final, whose outgoing arc has no word, are the
 * middle of a chain and disappear: each remaining arc absorbs the chain behind it (weights added,
 * input labels concatenated into the transition-id string, the word of the chain's first arc
 * kept). Remaining states are numbered in depth-first pre-order, then topologically sorted
 * (OpenFst order) when the result is acyclic.
 */
public final class LatticeConvert {
    private LatticeConvert() {}

    /** Expands transition-id strings into chains of arcs. */
    public static Lattice toLattice(CompactLattice c) {
        Lattice.Builder b = Lattice.builder();
        int n = c.numStates();
        b.ensureStates(n);
        b.setStart(c.start());
        for (int s = 0; s < n; s++) {
            if (c.isFinal(s)) {
                int f0 = c.finalStrStart[s], len = c.finalStringLength(s);
                int cur = s;
                for (int k = 0; k < len; k++) {
                    int ns = b.addState();
                    b.addArc(cur, c.finalStrPool[f0 + k], 0,
                            k == 0 ? c.finalGraph[s] : 0f, k == 0 ? c.finalAcoustic[s] : 0f, ns);
                    cur = ns;
                }
                if (len > 0) b.setFinal(cur, 0f, 0f);
                else b.setFinal(s, c.finalGraph[s], c.finalAcoustic[s]);
            }
            for (int a = c.arcBegin(s); a < c.arcEnd(s); a++) {
                int t0 = c.arcStrStart[a], len = c.stringLength(a);
                int word = c.ilabel[a];
                int cur = s;
                for (int k = 0; k + 1 < len; k++) {
                    int ns = b.addState();
                    b.addArc(cur, c.strPool[t0 + k], k == 0 ? word : 0,
                            k == 0 ? c.graph[a] : 0f, k == 0 ? c.acoustic[a] : 0f, ns);
                    cur = ns;
                }
                int il = len > 0 ? c.strPool[t0 + len - 1] : 0;
                int ol = len <= 1 ? word : 0;
                b.addArc(cur, il, ol, len <= 1 ? c.graph[a] : 0f, len <= 1 ? c.acoustic[a] : 0f, c.next[a]);
            }
        }
        return b.build();
    }

    private static final int ARCS_IN = 1, MULTIPLE_ARCS_IN = 2, ARCS_OUT = 4, MULTIPLE_ARCS_OUT = 8,
            ILABELS_OUT = 16, OLABELS_OUT = 32, FINAL = 64, INITIAL = 128;

    /** Merges chains into CompactLattice arcs (Kaldi's Factor + TopSort). */
    public static CompactLattice toCompact(Lattice lat) {
        if (lat.start() < 0) return CompactLattice.empty();
        int n = lat.numStates();
        Dfs dfs = Dfs.visit(lat);
        int[] props = new int[n];
        props[lat.start()] |= INITIAL;
        for (int s = 0; s < n; s++) {
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                if (lat.ilabel(a) != 0) props[s] |= ILABELS_OUT;
                if (lat.olabel(a) != 0) props[s] |= OLABELS_OUT;
                int t = lat.nextState(a);
                if ((props[s] & ARCS_OUT) != 0) props[s] |= MULTIPLE_ARCS_OUT;
                props[s] |= ARCS_OUT;
                if ((props[t] & ARCS_IN) != 0) props[t] |= MULTIPLE_ARCS_IN;
                props[t] |= ARCS_IN;
            }
            if (lat.isFinal(s)) props[s] |= FINAL;
        }
        boolean[] remove = new boolean[n];
        for (int s = 0; s < n; s++) {
            remove[s] = props[s] == (ARCS_IN | ARCS_OUT) || props[s] == (ARCS_IN | ARCS_OUT | ILABELS_OUT);
        }
        int[] newId = new int[n];
        Arrays.fill(newId, -1);
        CompactLattice.Builder b = CompactLattice.builder();
        int[] seq = new int[64];
        for (int s : dfs.preorder) {
            if (remove[s]) continue;
            if (newId[s] < 0) newId[s] = b.addState();
            int ns = newId[s];
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                int len = 0;
                if (lat.ilabel(a) != 0) seq[len++] = lat.ilabel(a);
                float g = lat.graphCost(a), ac = lat.acousticCost(a);
                int t = lat.nextState(a);
                int guard = 0;
                while (remove[t]) {
                    int na = lat.arcBegin(t); // the only arc
                    g = g + lat.graphCost(na);
                    ac = ac + lat.acousticCost(na);
                    if (lat.ilabel(na) != 0) {
                        if (len == seq.length) seq = Arrays.copyOf(seq, len * 2);
                        seq[len++] = lat.ilabel(na);
                    }
                    t = lat.nextState(na);
                    if (++guard > n) throw new IllegalArgumentException("lattice has a cycle of single-arc states");
                }
                if (newId[t] < 0) newId[t] = b.addState();
                b.addArc(ns, lat.olabel(a), lat.olabel(a), g, ac, seq, 0, len, newId[t]);
            }
            if (lat.isFinal(s)) b.setFinal(ns, lat.finalGraphCost(s), lat.finalAcousticCost(s));
        }
        b.setStart(newId[lat.start()]);
        CompactLattice factored = b.build();
        int[] order = TopSort.order(factored);
        return order == null ? factored : Renumber.apply(factored, order, factored.numStates());
    }
}
