package moglm.rescore.neural;

/**
 * A neural-LM history state handed to decoders: what the network has seen (its recurrent
 * vector, computed on demand and possibly evicted and recomputed) plus the last words (the n-gram
 * key under which it is shared, see {@link NeuralLm}). Obtain one from
 * {@link NeuralLm.Session#start()} and move on with {@link #successor(int)}; ask for word
 * probabilities with {@link #logProb(int)} or, batched over many states, {@link NeuralLm#logProbs}.
 *
 * <p>States are created cheaply (no network call); the network runs when a probability is first
 * asked for, for this state and for other pending states of its session in the same call. Word
 * arguments are Kaldi word ids of the model's {@code words.txt}. An exact-history state stores
 * only its last word and its parent: {@link #history()} walks the parents.
 */
public final class LmState {
    final NeuralLm.Session session;
    final long id;
    final LmState parent;          // state whose recurrent vector is the input of the step (null for the root)
    final int input;               // model input index consumed to get here
    final int word;                // Kaldi id of the last word (<s> for the start state, -1 if none)
    final int[] key;               // n-gram key words (last n-1, Kaldi ids), null for exact histories
    volatile float[] recurrent;    // after consuming input; null until computed or after eviction
    volatile float logZ = Float.NaN;   // log normalizer of the next-word distribution, NaN = unknown
    volatile boolean computed;     // the network has run for this state at least once

    LmState(NeuralLm.Session session, long id, LmState parent, int input, int word, int[] key, float[] recurrent) {
        this.session = session;
        this.id = id;
        this.parent = parent;
        this.input = input;
        this.word = word;
        this.key = key;
        this.recurrent = recurrent;
    }

    /** The state after {@code kaldiWord} (shared with every other history ending in the same n-1 words). */
    public LmState successor(int kaldiWord) {
        return session.successor(this, kaldiWord);
    }

    /** Natural-log probability of {@code kaldiWord} ({@code </s>} allowed) after this history
     *  (the raw score when the NeuralLm does not normalize). */
    public float logProb(int kaldiWord) {
        return session.lm().logProb(this, kaldiWord);
    }

    /** Natural-log probability of ending the sentence here ({@code </s>}). */
    public float logProbEnd() {
        return session.lm().logProbEnd(this);
    }

    /** The Kaldi word ids this state is keyed by (oldest first; begins with {@code <s>} near the
     *  start): the last n-1 words, or the whole history for exact histories. */
    public int[] history() {
        if (key != null) return key.clone();
        int n = 0;
        for (LmState s = this; s != null && s.word >= 0; s = s.parent) n++;
        int[] h = new int[n];
        for (LmState s = this; s != null && s.word >= 0; s = s.parent) h[--n] = s.word;
        return h;
    }

    @Override public String toString() {
        return "LmState" + java.util.Arrays.toString(history());
    }
}
