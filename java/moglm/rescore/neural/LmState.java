package moglm.rescore.neural;

import java.util.Arrays;

/**
 * An immutable neural-LM history state handed to decoders: what the network has seen (its
 * recurrent state) plus the last words (the n-gram key under which it is shared, see
 * {@link NeuralLm}). Obtain one from {@link NeuralLm.Session#start()} and move on with
 * {@link #successor(int)}; ask for word probabilities with {@link #logProb(int)} or, batched over
 * many states, {@link NeuralLm#logProbs}.
 *
 * <p>States are created cheaply (no network call); the network runs when a probability is first
 * asked for, for this state and for other pending states of its session in the same native call.
 * Word arguments are Kaldi word ids of the model's {@code words.txt}.
 */
public final class LmState {
    final NeuralLm.Session session;
    final long id;
    final LmState parent;          // state whose recurrent vector is the input of the step (null for the root)
    final int input;               // model input index consumed to get here
    final int[] history;           // Kaldi ids: the key words (last n-1, or all for exact histories)
    volatile float[] recurrent;    // after consuming input; null until computed

    LmState(NeuralLm.Session session, long id, LmState parent, int input, int[] history, float[] recurrent) {
        this.session = session;
        this.id = id;
        this.parent = parent;
        this.input = input;
        this.history = history;
        this.recurrent = recurrent;
    }

    /** The state after {@code kaldiWord} (shared with every other history ending in the same n-1 words). */
    public LmState successor(int kaldiWord) {
        return session.successor(this, kaldiWord);
    }

    /** Natural-log probability of {@code kaldiWord} ({@code </s>} allowed) after this history. */
    public float logProb(int kaldiWord) {
        return session.lm().logProb(this, kaldiWord);
    }

    /** Natural-log probability of ending the sentence here ({@code </s>}). */
    public float logProbEnd() {
        return session.lm().logProbEnd(this);
    }

    /** The Kaldi word ids this state is keyed by (oldest first; begins with {@code <s>} near the start). */
    public int[] history() {
        return history.clone();
    }

    @Override public String toString() {
        return "LmState" + Arrays.toString(history);
    }
}
