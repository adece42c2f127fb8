package moglm.rescore.lmfst;

import moglm.kaldi.ngram.NgramLm;

/**
 * An ARPA back-off n-gram ({@link NgramLm}, shared and immutable) as an on-demand LM: states are
 * NgramLm's history states, arc cost = -ln P(word | state), final cost = -ln P(&lt;/s&gt; | state).
 * Cheap to create; stateless apart from the model, so one instance may even be shared.
 */
public final class NgramOnDemandLm implements OnDemandLm {
    private final NgramLm lm;
    private final int eos;

    public NgramOnDemandLm(NgramLm lm) {
        if (lm.eos() < 0) throw new IllegalArgumentException("the n-gram LM has no </s>: cannot give final costs");
        this.lm = lm;
        this.eos = lm.eos();
    }

    @Override public int start() { return lm.sentenceStartState(); }

    @Override public boolean arc(int state, int word, LmArc out) {
        long r = lm.score(state, word);
        float lp = NgramLm.logProbOf(r);
        if (lp == Float.NEGATIVE_INFINITY) return false;
        out.cost = -lp;
        out.next = NgramLm.stateOf(r);
        return true;
    }

    @Override public float finalCost(int state) {
        return -lm.logProb(state, eos);
    }
}
