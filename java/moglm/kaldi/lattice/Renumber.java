package moglm.kaldi.lattice;

/**
 * Rebuilds a lattice under a state map: {@code newId[s]} is the new number of state {@code s},
 * or -1 to delete it (arcs into deleted states are dropped). New ids must be a permutation of
 * {@code 0..k-1} over the kept states. Each state keeps its arcs in their original order.
 */
final class Renumber {
    private Renumber() {}

    static CompactLattice apply(CompactLattice lat, int[] newId, int numNew) {
        int[] oldOf = inverse(newId, numNew);
        CompactLattice.Builder b = CompactLattice.builder();
        b.ensureStates(numNew);
        for (int ns = 0; ns < numNew; ns++) {
            int s = oldOf[ns];
            if (lat.isFinal(s) || lat.finalStringLength(s) > 0) {
                b.setFinal(ns, lat.finalGraph[s], lat.finalAcoustic[s], lat.finalStrPool, lat.finalStrStart[s], lat.finalStringLength(s));
            }
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                int t = newId[lat.next[a]];
                if (t < 0) continue;
                b.addArc(ns, lat.ilabel[a], lat.olabel[a], lat.graph[a], lat.acoustic[a],
                        lat.strPool, lat.arcStrStart[a], lat.stringLength(a), t);
            }
        }
        b.setStart(lat.start() >= 0 ? newId[lat.start()] : -1);
        return b.build();
    }

    static Lattice apply(Lattice lat, int[] newId, int numNew) {
        int[] oldOf = inverse(newId, numNew);
        Lattice.Builder b = Lattice.builder();
        b.ensureStates(numNew);
        for (int ns = 0; ns < numNew; ns++) {
            int s = oldOf[ns];
            if (lat.isFinal(s)) b.setFinal(ns, lat.finalGraph[s], lat.finalAcoustic[s]);
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                int t = newId[lat.next[a]];
                if (t < 0) continue;
                b.addArc(ns, lat.ilabel[a], lat.olabel[a], lat.graph[a], lat.acoustic[a], t);
            }
        }
        b.setStart(lat.start() >= 0 ? newId[lat.start()] : -1);
        return b.build();
    }

    private static int[] inverse(int[] newId, int numNew) {
        int[] oldOf = new int[numNew];
        java.util.Arrays.fill(oldOf, -1);
        for (int s = 0; s < newId.length; s++) {
            int t = newId[s];
            if (t < 0) continue;
            if (t >= numNew || oldOf[t] != -1) throw new IllegalArgumentException("state map is not a permutation");
            oldOf[t] = s;
        }
        for (int t = 0; t < numNew; t++) if (oldOf[t] < 0) throw new IllegalArgumentException("state map leaves id " + t + " unused");
        return oldOf;
    }
}
