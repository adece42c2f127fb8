package moglm.rescore.lattice;

import java.util.ArrayDeque;
import java.util.Arrays;
import moglm.kaldi.lattice.CompactLattice;

/**
 * Conversion between Kaldi's {@link CompactLattice} and the composers' {@link WordLattice}.
 * Input lattices are renumbered so that the start is 0 and every arc goes to a higher state
 * (a topological order; Kaldi decoders already write them so, then this is the identity); the
 * output of a composition gets its transition-id strings back from the input arcs / final
 * weights it came from.
 */
public final class CompactLatticeConvert {
    private CompactLatticeConvert() {}

    /**
     * The lattice as a WordLattice (arcOrigin = arc index in {@code clat}, stateOrigin = its state).
     *
     * @throws IllegalArgumentException when it has a cycle or no start state
     */
    public static WordLattice toWordLattice(CompactLattice clat) {
        int n = clat.numStates();
        if (n == 0) return new WordLattice.Builder().build();
        int start = clat.start();
        if (start < 0 || start >= n) throw new IllegalArgumentException("lattice has no valid start state (" + start + ")");
        int[] order = topologicalOrder(clat, start);
        int[] newId = new int[n];
        Arrays.fill(newId, -1);
        int k = 0;
        for (int s : order) newId[s] = k++;
        WordLattice.Builder b = new WordLattice.Builder();
        for (int s : order) {
            int id = b.addState(s);
            if (clat.isFinal(s)) b.setFinal(id, clat.finalGraphCost(s), clat.finalAcousticCost(s));
        }
        for (int s : order) {
            for (int a = clat.arcBegin(s); a < clat.arcEnd(s); a++) {
                int d = newId[clat.nextState(a)];
                if (d < 0) continue;   // unreachable from the start: dropped
                b.addArc(newId[s], clat.word(a), clat.graphCost(a), clat.acousticCost(a), d, a);
            }
        }
        return b.build();
    }

    /** States reachable from start, in an order where every arc goes forward (Kahn's algorithm). */
    private static int[] topologicalOrder(CompactLattice clat, int start) {
        int n = clat.numStates();
        boolean[] reach = new boolean[n];
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(start);
        reach[start] = true;
        while (!stack.isEmpty()) {
            int s = stack.pop();
            for (int a = clat.arcBegin(s); a < clat.arcEnd(s); a++) {
                int d = clat.nextState(a);
                if (!reach[d]) { reach[d] = true; stack.push(d); }
            }
        }
        int[] indeg = new int[n];
        int count = 0;
        for (int s = 0; s < n; s++) {
            if (!reach[s]) continue;
            count++;
            for (int a = clat.arcBegin(s); a < clat.arcEnd(s); a++) indeg[clat.nextState(a)]++;
        }
        int[] order = new int[count];
        int head = 0, tail = 0;
        order[tail++] = start;
        if (indeg[start] != 0) throw new IllegalArgumentException("lattice has a cycle through its start state");
        while (head < tail) {
            int s = order[head++];
            for (int a = clat.arcBegin(s); a < clat.arcEnd(s); a++) {
                int d = clat.nextState(a);
                if (--indeg[d] == 0) order[tail++] = d;
            }
        }
        if (tail != count) throw new IllegalArgumentException("lattice has a cycle (it is not acyclic, cannot be rescored)");
        return order;
    }

    /**
     * The CompactLattice of a composer's output {@code out} whose origins refer to {@code in}
     * (a WordLattice made by {@link #toWordLattice} from {@code clat}): weights from {@code out},
     * transition-id strings from the origin arcs and final weights in {@code clat}.
     */
    public static CompactLattice toCompactLattice(WordLattice out, WordLattice in, CompactLattice clat) {
        CompactLattice.Builder b = CompactLattice.builder();
        for (int s = 0; s < out.numStates; s++) b.addState();
        if (out.numStates > 0) b.setStart(0);
        int[] pool = clat.stringPool();
        for (int s = 0; s < out.numStates; s++) {
            if (out.isFinal(s)) {
                int inState = in.stateOrigin[out.stateOrigin[s]];
                int[] tids = clat.finalTransitionIds(inState);
                b.setFinal(s, out.finalGraph[s], out.finalAcoustic[s], tids, 0, tids.length);
            }
            for (int a = out.arcOffset[s]; a < out.arcOffset[s + 1]; a++) {
                int inArc = in.arcOrigin[out.arcOrigin[a]];
                int w = out.arcWord[a];
                b.addArc(s, w, w, out.arcGraph[a], out.arcAcoustic[a], pool, clat.stringBegin(inArc),
                        clat.stringLength(inArc), out.arcNext[a]);
            }
        }
        return b.build();
    }
}
