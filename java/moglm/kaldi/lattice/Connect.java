package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * OpenFst's {@code Connect}: removes states that cannot be reached from the start state or
 * cannot reach a final state, with the arcs touching them. Surviving states keep their relative
 * order (renumbered 0..k-1) and their arcs' order. If the start state goes, the result is empty.
 */
public final class Connect {
    private Connect() {}

    /** The connected part of {@code lat} (a new lattice). */
    public static CompactLattice connect(CompactLattice lat) {
        int[] keep = keptStates(lat);
        return Renumber.apply(lat, keep, count(keep));
    }

    /** The connected part of {@code lat} (a new lattice). */
    public static Lattice connect(Lattice lat) {
        int[] keep = keptStates(lat);
        return Renumber.apply(lat, keep, count(keep));
    }

    private static int count(int[] keep) {
        int k = 0;
        for (int v : keep) if (v >= 0) k++;
        return k;
    }

    /** New id per state, -1 for removed states. */
    static int[] keptStates(LatticeBase lat) {
        int n = lat.numStates();
        int[] newId = new int[n];
        Arrays.fill(newId, -1);
        if (lat.start() < 0) return newId;
        boolean[] access = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        access[lat.start()] = true;
        stack[sp++] = lat.start();
        while (sp > 0) {
            int s = stack[--sp];
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                int t = lat.nextState(a);
                if (!access[t]) {
                    access[t] = true;
                    stack[sp++] = t;
                }
            }
        }
        // reverse adjacency for co-accessibility
        int[] revStart = new int[n + 1];
        for (int a = 0; a < lat.numArcs(); a++) revStart[lat.nextState(a) + 1]++;
        for (int s = 0; s < n; s++) revStart[s + 1] += revStart[s];
        int[] fill = Arrays.copyOf(revStart, n);
        int[] revSrc = new int[lat.numArcs()];
        for (int s = 0; s < n; s++) {
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) revSrc[fill[lat.nextState(a)]++] = s;
        }
        boolean[] coaccess = new boolean[n];
        sp = 0;
        for (int s = 0; s < n; s++) {
            if (lat.isFinal(s)) {
                coaccess[s] = true;
                stack[sp++] = s;
            }
        }
        while (sp > 0) {
            int t = stack[--sp];
            for (int i = revStart[t]; i < revStart[t + 1]; i++) {
                int s = revSrc[i];
                if (!coaccess[s]) {
                    coaccess[s] = true;
                    stack[sp++] = s;
                }
            }
        }
        if (!(access[lat.start()] && coaccess[lat.start()])) return newId; // everything goes
        int k = 0;
        for (int s = 0; s < n; s++) if (access[s] && coaccess[s]) newId[s] = k++;
        return newId;
    }
}
