package moglm.kaldi.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Small random acyclic CompactLattices and exhaustive path enumeration (test references). */
final class RandomLattices {
    private RandomLattices() {}

    /**
     * A random acyclic lattice with {@code n} states; arcs go from lower to higher topological
     * rank; state ids are shuffled when {@code shuffle}. Words 0..maxWord (0 = epsilon).
     */
    static CompactLattice make(Random rnd, int n, int maxWord, boolean shuffle, boolean tids) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) id[i] = i;
        if (shuffle) {
            for (int i = n - 1; i > 1; i--) { // keep rank 0 as the start but let its id move
                int j = 1 + rnd.nextInt(i);
                int t = id[i]; id[i] = id[j]; id[j] = t;
            }
            int j = rnd.nextInt(n);
            int t = id[0]; id[0] = id[j]; id[j] = t;
        }
        CompactLattice.Builder b = CompactLattice.builder();
        b.ensureStates(n);
        b.setStart(id[0]);
        for (int r = 0; r < n; r++) {
            int arcs = r == n - 1 ? 0 : 1 + rnd.nextInt(3);
            for (int k = 0; k < arcs; k++) {
                int to = r + 1 + rnd.nextInt(Math.min(3, n - 1 - r));
                int[] t = tids ? randomTids(rnd) : new int[0];
                b.addArc(id[r], pick(rnd, maxWord), 0, cost(rnd), cost(rnd) * 10, t, 0, t.length, id[to]);
            }
            if (r == n - 1 || rnd.nextInt(4) == 0) {
                int[] t = tids && rnd.nextBoolean() ? randomTids(rnd) : new int[0];
                b.setFinal(id[r], cost(rnd), cost(rnd), t, 0, t.length);
            }
        }
        CompactLattice lat = b.build();
        // make it an acceptor (olabel = ilabel) as Kaldi's are
        CompactLattice.Builder c = CompactLattice.builder();
        c.ensureStates(n);
        c.setStart(lat.start());
        for (int s = 0; s < n; s++) {
            if (lat.isFinal(s)) c.setFinal(s, lat.finalGraphCost(s), lat.finalAcousticCost(s), lat.finalTransitionIds(s), 0, lat.finalStringLength(s));
            for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                int[] t = lat.transitionIds(a);
                c.addArc(s, lat.ilabel(a), lat.ilabel(a), lat.graphCost(a), lat.acousticCost(a), t, 0, t.length, lat.nextState(a));
            }
        }
        return c.build();
    }

    private static int pick(Random rnd, int maxWord) {
        return rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(maxWord);
    }

    private static float cost(Random rnd) {
        return Math.round(rnd.nextFloat() * 1000) / 100f;
    }

    private static int[] randomTids(Random rnd) {
        int[] t = new int[rnd.nextInt(4)];
        for (int i = 0; i < t.length; i++) t[i] = 1 + rnd.nextInt(50);
        return t;
    }

    /** One complete path: arcs, final state, words, tid string, float sums and double cost. */
    record Path(int[] arcs, int finalState, int[] words, int[] tids, float graph, float acoustic, double cost) { }

    /** Every complete path (exponential: small lattices only); costs use the lattice's weights as they are. */
    static List<Path> allPaths(CompactLattice lat) {
        List<Path> out = new ArrayList<>();
        if (lat.start() >= 0) walk(lat, lat.start(), new ArrayList<>(), out);
        return out;
    }

    private static void walk(CompactLattice lat, int s, List<Integer> arcs, List<Path> out) {
        if (lat.isFinal(s)) {
            List<Integer> words = new ArrayList<>(), tids = new ArrayList<>();
            float g = 0f, a = 0f;
            double cost = 0;
            for (int arc : arcs) {
                if (lat.word(arc) != 0) words.add(lat.word(arc));
                for (int t : lat.transitionIds(arc)) tids.add(t);
                g = lat.graphCost(arc) + g;
                a = lat.acousticCost(arc) + a;
                cost += (double) lat.graphCost(arc) + (double) lat.acousticCost(arc);
            }
            for (int t : lat.finalTransitionIds(s)) tids.add(t);
            g = lat.finalGraphCost(s) + g;
            a = lat.finalAcousticCost(s) + a;
            cost += (double) lat.finalGraphCost(s) + (double) lat.finalAcousticCost(s);
            out.add(new Path(arcs.stream().mapToInt(Integer::intValue).toArray(), s,
                    words.stream().mapToInt(Integer::intValue).toArray(), tids.stream().mapToInt(Integer::intValue).toArray(), g, a, cost));
        }
        for (int arc = lat.arcBegin(s); arc < lat.arcEnd(s); arc++) {
            arcs.add(arc);
            walk(lat, lat.nextState(arc), arcs, out);
            arcs.remove(arcs.size() - 1);
        }
    }

    /** Canonical description of a path independent of state numbering. */
    static String describe(Path p) {
        return Arrays.toString(p.words) + "/" + Arrays.toString(p.tids) + "/" + p.graph + "/" + p.acoustic;
    }

    /** Plain Levenshtein distance. */
    static int editDistance(int[] a, int[] b) {
        int[] prev = new int[b.length + 1], cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) prev[j] = j;
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length];
    }
}
