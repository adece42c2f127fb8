package moglm.rescore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import moglm.rescore.lattice.WordLattice;

/** Random small top-sorted lattices and exhaustive path enumeration, for tests. */
public final class TestLattices {
    private TestLattices() {}

    /** A random connected top-sorted lattice: every state has an arc forward, the last state is final. */
    public static WordLattice random(Random rnd, int numStates, int vocab, int extraArcs) {
        WordLattice.Builder b = new WordLattice.Builder();
        for (int s = 0; s < numStates; s++) b.addState();
        List<int[]> arcs = new ArrayList<>();
        for (int s = 0; s + 1 < numStates; s++) arcs.add(new int[] {s, s + 1 + rnd.nextInt(Math.min(3, numStates - s - 1))});
        for (int i = 0; i < extraArcs; i++) {
            int s = rnd.nextInt(numStates - 1);
            arcs.add(new int[] {s, s + 1 + rnd.nextInt(numStates - s - 1)});
        }
        arcs.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
        for (int[] a : arcs)
            b.addArc(a[0], 1 + rnd.nextInt(vocab), 1 + 5 * rnd.nextFloat(), 20 + 40 * rnd.nextFloat(), a[1], -1);
        b.setFinal(numStates - 1, 0.5f + rnd.nextFloat(), 3 * rnd.nextFloat());
        if (numStates > 3 && rnd.nextBoolean()) b.setFinal(numStates - 2, 2f, 10f);
        return b.build();
    }

    /** One complete path: words, summed graph and acoustic costs (float sums in path order). */
    public record Path(List<Integer> words, double graph, double acoustic) {}

    /** Every complete path, sorted by words then graph cost. */
    public static List<Path> allPaths(WordLattice lat) {
        List<Path> out = new ArrayList<>();
        walk(lat, 0, new ArrayList<>(), 0, 0, out);
        out.sort((x, y) -> {
            int c = x.words().toString().compareTo(y.words().toString());
            if (c != 0) return c;
            c = Double.compare(x.graph(), y.graph());
            return c != 0 ? c : Double.compare(x.acoustic(), y.acoustic());
        });
        return out;
    }

    private static void walk(WordLattice lat, int s, List<Integer> words, double g, double a, List<Path> out) {
        if (lat.isFinal(s)) out.add(new Path(List.copyOf(words), g + lat.finalGraph[s], a + lat.finalAcoustic[s]));
        for (int arc = lat.arcOffset[s]; arc < lat.arcOffset[s + 1]; arc++) {
            words.add(lat.arcWord[arc]);
            walk(lat, lat.arcNext[arc], words, g + lat.arcGraph[arc], a + lat.arcAcoustic[arc], out);
            words.remove(words.size() - 1);
        }
    }

    public static String describe(WordLattice lat) {
        return lat.numStates + " states, " + lat.numArcs() + " arcs, words " + Arrays.toString(Arrays.copyOf(lat.arcWord, lat.numArcs()));
    }
}
