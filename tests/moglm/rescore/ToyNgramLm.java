package moglm.rescore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;

/**
 * Test LM: an n-gram whose costs are a fixed pseudo-random function of (history, word), with
 * states numbered on demand by history. Not normalised; deterministic for a seed.
 */
public final class ToyNgramLm implements OnDemandLm {
    private final int order;
    private final int vocab;
    private final long seed;
    private final Map<List<Integer>, Integer> ids = new HashMap<>();
    private final List<List<Integer>> histories = new ArrayList<>();

    public ToyNgramLm(int order, int vocab, long seed) {
        this.order = order;
        this.vocab = vocab;
        this.seed = seed;
        stateOf(List.of(-1));
    }

    private int stateOf(List<Integer> h) {
        return ids.computeIfAbsent(h, k -> { histories.add(k); return histories.size() - 1; });
    }

    static float costOf(long seed, List<Integer> h, int w) {
        long x = seed * 0x9E3779B97F4A7C15L + w;
        for (int v : h) x = (x ^ v) * 0xBF58476D1CE4E5B9L + 7;
        x ^= x >>> 31;
        return 0.5f + (float) ((x >>> 11) % 1000) / 200f;   // 0.5 .. 5.5
    }

    @Override public int start() { return 0; }

    @Override public boolean arc(int state, int word, LmArc out) {
        if (word <= 0 || word > vocab) throw new IllegalArgumentException("word " + word + " outside 1.." + vocab);
        List<Integer> h = histories.get(state);
        out.cost = costOf(seed, h, word);
        List<Integer> nh = new ArrayList<>(h);
        nh.add(word);
        while (nh.size() > order - 1) nh.remove(0);
        out.next = stateOf(nh);
        return true;
    }

    @Override public float finalCost(int state) {
        return costOf(seed, histories.get(state), 0);
    }

    public int numStates() { return histories.size(); }
}
