package moglm.rescore.lmfst;

import moglm.rescore.util.LongIntMap;

/**
 * The product of two on-demand LMs (Kaldi's {@code ComposeDeterministicOnDemandFst} for
 * acceptors): a state is a pair (state of A, state of B), the arc on word w exists when it exists
 * in both, and its cost is the sum of the two costs; final costs add too.
 *
 * <p>With {@code A = ScaledLm(oldNgram, -w)} and {@code B = ScaledLm(neural, w)} this is the LM
 * delta that lattice rescoring composes with a lattice: {@code -w * old + w * new}.
 */
public final class SumLm implements OnDemandLm {
    private final OnDemandLm a;
    private final OnDemandLm b;
    private final LongIntMap pairToState = new LongIntMap();
    private int[] stateA = new int[64];
    private int[] stateB = new int[64];
    private int numStates;
    private final LmArc tmp = new LmArc();
    private final int start;

    public SumLm(OnDemandLm a, OnDemandLm b) {
        this.a = a;
        this.b = b;
        this.start = stateOf(a.start(), b.start());
    }

    private int stateOf(int sa, int sb) {
        long key = ((long) sa << 32) | (sb & 0xffffffffL);
        int s = pairToState.get(key);
        if (s >= 0) return s;
        s = numStates++;
        if (s == stateA.length) {
            stateA = java.util.Arrays.copyOf(stateA, 2 * s);
            stateB = java.util.Arrays.copyOf(stateB, 2 * s);
        }
        stateA[s] = sa;
        stateB[s] = sb;
        pairToState.put(key, s);
        return s;
    }

    @Override public int start() { return start; }

    @Override public boolean arc(int state, int word, LmArc out) {
        if (!a.arc(stateA[state], word, tmp)) return false;
        float costA = tmp.cost;
        int nextA = tmp.next;
        if (!b.arc(stateB[state], word, tmp)) return false;
        out.cost = costA + tmp.cost;
        out.next = stateOf(nextA, tmp.next);
        return true;
    }

    @Override public void prefetch(int state, int[] words, int from, int to) {
        a.prefetch(stateA[state], words, from, to);
        b.prefetch(stateB[state], words, from, to);
    }

    @Override public float finalCost(int state) {
        return a.finalCost(stateA[state]) + b.finalCost(stateB[state]);
    }

    /** Number of pair states created so far. */
    public int numStates() { return numStates; }
}
