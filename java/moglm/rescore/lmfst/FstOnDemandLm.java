package moglm.rescore.lmfst;

import moglm.kaldi.ngram.GrammarFst;

/**
 * A grammar FST (Kaldi's G.fst, {@link GrammarFst}) as an on-demand LM, as Kaldi's
 * {@code BackoffDeterministicOnDemandFst}: states are FST states, the arc on word w is the FST's
 * arc w, reached through back-off arcs when the state has none, with the back-off weights
 * added; the final cost is the final weight, through back-off arcs likewise. Stateless apart
 * from the shared FST, so one instance may be shared.
 */
public final class FstOnDemandLm implements OnDemandLm {
    private final GrammarFst fst;
    private final float[] cost = new float[1];

    public FstOnDemandLm(GrammarFst fst) {
        this.fst = fst;
    }

    /** The grammar FST walked. */
    public GrammarFst fst() { return fst; }

    @Override public int start() { return fst.start(); }

    @Override public boolean arc(int state, int word, LmArc out) {
        int next = fst.arc(state, word, cost);
        if (next < 0) return false;
        out.cost = cost[0];
        out.next = next;
        return true;
    }

    @Override public float finalCost(int state) {
        return fst.finalCost(state);
    }
}
