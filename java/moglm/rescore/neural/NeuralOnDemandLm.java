package moglm.rescore.neural;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;

/**
 * A {@link NeuralLm} seen as an on-demand deterministic LM for lattice composition (Kaldi's
 * {@code KaldiRnnlmDeterministicFst}): states are the session's {@link LmState}s, numbered as they
 * appear; arc cost = -log P(word | state), final cost = -log P({@code </s>} | state). The n-gram history
 * approximation (states shared by their last n-1 words) comes from the NeuralLm's
 * {@code maxNgramOrder}. One instance per utterance; {@link #close()} ends its session.
 */
public final class NeuralOnDemandLm implements OnDemandLm, AutoCloseable {
    private final NeuralLm lm;
    private final NeuralLm.Session session;
    private final List<LmState> states = new ArrayList<>();
    private final IdentityHashMap<LmState, Integer> ids = new IdentityHashMap<>();

    public NeuralOnDemandLm(NeuralLm lm) {
        this.lm = lm;
        this.session = lm.newSession();
        idOf(session.start());
    }

    private int idOf(LmState s) {
        Integer id = ids.get(s);
        if (id != null) return id;
        int n = states.size();
        states.add(s);
        ids.put(s, n);
        return n;
    }

    @Override public int start() { return 0; }

    @Override public boolean arc(int state, int word, LmArc out) {
        LmState s = states.get(state);
        out.cost = -lm.logProb(s, word);
        out.next = idOf(s.successor(word));
        return true;
    }

    /**
     * Creates (without computing) the successor states of {@code state} on the given words, so
     * that the next network call computes them together with whatever is needed first.
     */
    @Override public void prefetch(int state, int[] words, int from, int to) {
        LmState s = states.get(state);
        var vocab = lm.vocabulary();
        for (int i = from; i < to; i++) {
            int w = words[i];
            if (w > 0 && vocab.inputIndexOfKaldiId(w) >= 0) s.successor(w);   // bad words: reported by arc()
        }
    }

    @Override public float finalCost(int state) {
        return -lm.logProbEnd(states.get(state));
    }

    /** Number of LM states reached so far. */
    public int numStates() { return states.size(); }

    @Override public void close() { session.close(); }
}
