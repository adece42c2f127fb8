package moglm.rescore.lmfst;

/**
 * A deterministic language model expanded on demand, the idea of Kaldi's
 * {@code fst::DeterministicOnDemandFst}: states are small integers created lazily as they are
 * reached, every state has at most one arc per word, and arcs carry a cost (a negated natural log
 * probability, possibly scaled).
 *
 * <p>The lattice composer ({@link moglm.rescore.lattice.PrunedLatticeComposer}) walks a lattice and
 * one of these together; it never enumerates the LM, it only asks for the arc leaving a state on a
 * given word, and for the final cost ({@code </s>}) of a state.
 *
 * <p>Implementations: {@code NgramOnDemandLm} (an ARPA n-gram), {@link FstOnDemandLm} (a G.fst),
 * {@link ConstArpaOnDemandLm} (a G.carpa; {@link NgramModel} loads any of the three), {@link ScaledLm} (every cost times
 * a factor), {@link SumLm} (the pairwise product of two LMs, costs added) and
 * {@link moglm.rescore.neural.NeuralOnDemandLm} (the Mogrifier LM with Kaldi's n-gram history
 * approximation). Instances are NOT thread-safe: they number their states as they go, so make one
 * per utterance (or per thread) from a shared, thread-safe model.
 */
public interface OnDemandLm {
    /** The state before the first word (history {@code <s>}). */
    int start();

    /**
     * Follows the arc leaving {@code state} with word {@code word}.
     * Fills {@code out.cost} and {@code out.next} and returns true; returns false when there is
     * no such arc (a normal LM always has one).
     *
     * @throws IllegalArgumentException if {@code word} is not a word of the LM's vocabulary
     */
    boolean arc(int state, int word, LmArc out);

    /** Cost of ending the sentence in {@code state} ({@code -ln P(</s> | history)}, scaled). */
    float finalCost(int state);

    /**
     * Hint that arcs leaving {@code state} with {@code words[from..to-1]} will probably be asked
     * for soon, so that an LM that computes in batches (the neural one) can prepare their
     * destination states together. Must not change any cost; may change which history first
     * reaches an approximated (n-gram keyed) state. Default: nothing.
     */
    default void prefetch(int state, int[] words, int from, int to) {}
}
