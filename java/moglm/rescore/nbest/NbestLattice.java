package moglm.rescore.nbest;

import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.nbest.NbestHyp;
import moglm.kaldi.nbest.UtteranceNbest;

/**
 * An n-best list as a CompactLattice: from start state 0, one chain of states per hypothesis
 * (arcs with weight One), its lm-cost and ac-cost on the chain's final weight. Best path and
 * scoring over this lattice at any LM weight pick the same hypothesis as over the list.
 */
public final class NbestLattice {
    private NbestLattice() {}

    public static CompactLattice of(UtteranceNbest list) {
        CompactLattice.Builder b = CompactLattice.builder();
        int start = b.addState();
        b.setStart(start);
        for (NbestHyp h : list.hyps()) {
            int[] w = h.wordIds();
            if (w == null) throw new IllegalArgumentException(list.utterance() + "-" + h.rank() + ": hypothesis has no word ids");
            int prev = start;
            if (w.length == 0) {          // empty hypothesis: an epsilon arc to its own final state
                int s = b.addState();
                b.addArc(prev, 0, 0f, 0f, s);
                prev = s;
            }
            for (int word : w) {
                int s = b.addState();
                b.addArc(prev, word, 0f, 0f, s);
                prev = s;
            }
            b.setFinal(prev, h.lmCost(), h.acCost());
        }
        return b.build();
    }
}
