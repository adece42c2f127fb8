package moglm.rescore.lattice;

import java.util.Arrays;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.TopSort;

/**
 * Conversion between Kaldi's {@link CompactLattice} and the composers' {@link WordLattice}.
 * Input lattices are renumbered so that the start is 0 and every arc goes to a higher state
 * ({@link TopSort#reachableOrder}: the identity for a sorted lattice whose states are all
 * reachable, as Kaldi decoders write them; states not reachable from the start are dropped); the
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
        int[] order = TopSort.reachableOrder(clat);
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
