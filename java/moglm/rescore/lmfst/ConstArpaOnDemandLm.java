package moglm.rescore.lmfst;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moglm.kaldi.ngram.ConstArpaLm;

/**
 * Kaldi's ConstArpaLm (G.carpa, {@link ConstArpaLm}) as an on-demand LM, with the states of
 * Kaldi's {@code ConstArpaLmDeterministicFst}: a state is a word history; the start state is
 * {@code <s>}; the arc on w from history h costs -ln P(w | h) and leads to the longest suffix of
 * (h w), at most N-1 words, whose block has children (the empty history when none has). The final
 * cost is -ln P(&lt;/s&gt; | h). States are numbered per instance as they are reached, so make
 * one instance per utterance (not thread-safe); the model is shared.
 */
public final class ConstArpaOnDemandLm implements OnDemandLm {
    private final ConstArpaLm lm;
    private final List<int[]> stateWords = new ArrayList<>();
    private final Map<Key, Integer> stateOf = new HashMap<>();

    public ConstArpaOnDemandLm(ConstArpaLm lm) {
        this.lm = lm;
        stateId(new int[] {lm.bos()});
    }

    private record Key(int[] words) {
        @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(words, k.words); }
        @Override public int hashCode() { return Arrays.hashCode(words); }
    }

    private int stateId(int[] words) {
        Key k = new Key(words);
        Integer s = stateOf.get(k);
        if (s != null) return s;
        int id = stateWords.size();
        stateWords.add(words);
        stateOf.put(k, id);
        return id;
    }

    @Override public int start() { return 0; }

    @Override public boolean arc(int state, int word, LmArc out) {
        int[] h = stateWords.get(state);
        float lp = lm.logProb(word, h, h.length);
        if (Float.isNaN(lp)) return false;
        int n = Math.min(h.length + 1, lm.order() - 1);
        int[] seq = new int[Math.max(n, 0)];
        if (n > 0) {
            System.arraycopy(h, h.length + 1 - n, seq, 0, n - 1);
            seq[n - 1] = word;
        }
        int from = 0;
        while (!lm.historyStateExists(seq, from, n - from)) from++;
        out.cost = -lp;
        out.next = stateId(from == 0 ? seq : Arrays.copyOfRange(seq, from, n));
        return true;
    }

    @Override public float finalCost(int state) {
        int[] h = stateWords.get(state);
        float lp = lm.logProb(lm.eos(), h, h.length);
        return Float.isNaN(lp) ? Float.POSITIVE_INFINITY : -lp;
    }

    /** Number of states reached so far. */
    public int numStates() { return stateWords.size(); }
}
