package moglm.rescore.lmfst;

/**
 * The same states and arcs as the wrapped LM, every cost (arcs and finals) multiplied by
 * {@code scale} (Kaldi's {@code ScaleDeterministicOnDemandFst}). A negative scale subtracts an LM,
 * e.g. {@code new ScaledLm(arpa, -0.5f)} removes half of the old n-gram's cost.
 */
public final class ScaledLm implements OnDemandLm {
    private final OnDemandLm lm;
    private final float scale;

    public ScaledLm(OnDemandLm lm, float scale) {
        this.lm = lm;
        this.scale = scale;
    }

    @Override public int start() { return lm.start(); }

    @Override public boolean arc(int state, int word, LmArc out) {
        if (!lm.arc(state, word, out)) return false;
        out.cost *= scale;
        return true;
    }

    @Override public void prefetch(int state, int[] words, int from, int to) {
        lm.prefetch(state, words, from, to);
    }

    @Override public float finalCost(int state) {
        float c = lm.finalCost(state);
        return c == Float.POSITIVE_INFINITY ? c : c * scale;
    }
}
