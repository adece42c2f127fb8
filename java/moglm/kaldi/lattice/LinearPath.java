package moglm.kaldi.lattice;

import java.util.Arrays;

/**
 * A single-path lattice read off as sequences (Kaldi's {@code GetLinearSymbolSequence}): the
 * non-zero input labels (the alignment: transition ids), the non-zero output labels (the words)
 * and the total weight, summed in float along the path with the final weight last.
 *
 * @param alignment    transition ids in order
 * @param words        word ids in order (epsilons dropped)
 * @param graphCost    total graph cost (LM cost for nbest-to-linear)
 * @param acousticCost total acoustic cost
 */
public record LinearPath(int[] alignment, int[] words, float graphCost, float acousticCost) {

    /**
     * Reads a linear Lattice. An empty lattice gives empty sequences with Zero weight (+inf).
     *
     * @return null when the lattice is not a single path (a state with several arcs, or a final
     *         state with arcs)
     */
    public static LinearPath of(Lattice lat) {
        if (lat.start() < 0) return new LinearPath(new int[0], new int[0], Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
        int[] ali = new int[16], words = new int[16];
        int na = 0, nw = 0;
        float g = 0f, a = 0f;
        int s = lat.start();
        for (int steps = 0; ; steps++) {
            if (steps > lat.numStates()) return null; // a cycle
            if (lat.isFinal(s)) {
                if (lat.numArcs(s) != 0) return null;
                g = lat.finalGraphCost(s) + g;
                a = lat.finalAcousticCost(s) + a;
                return new LinearPath(Arrays.copyOf(ali, na), Arrays.copyOf(words, nw), g, a);
            }
            if (lat.numArcs(s) != 1) return null;
            int arc = lat.arcBegin(s);
            g = lat.graphCost(arc) + g;
            a = lat.acousticCost(arc) + a;
            if (lat.ilabel(arc) != 0) {
                if (na == ali.length) ali = Arrays.copyOf(ali, na * 2);
                ali[na++] = lat.ilabel(arc);
            }
            if (lat.olabel(arc) != 0) {
                if (nw == words.length) words = Arrays.copyOf(words, nw * 2);
                words[nw++] = lat.olabel(arc);
            }
            s = lat.nextState(arc);
        }
    }

    /** Reads a linear CompactLattice (through Kaldi's conversion to Lattice). */
    public static LinearPath of(CompactLattice lat) {
        return of(LatticeConvert.toLattice(lat));
    }
}
