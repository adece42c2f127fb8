package moglm.kaldi.ngram;

/**
 * A back-off n-gram language model (read from ARPA by {@link ArpaReader}) with an LM-state API
 * for decoders and lattice rescoring. Words are symbol-table ids (Kaldi words.txt ids).
 *
 * <h2>Probabilities</h2>
 * ARPA semantics (SRILM / Kaldi): for a history h = h1..hm (oldest first) and word w,
 * <pre>
 *   P(w | h1..hm) = P*(h1..hm w)                             if the n-gram h1..hm w is listed
 *                 = BO(h1..hm) * P(w | h2..hm)                otherwise
 * </pre>
 * where BO of a history that is not listed is 1, and at the empty history P(w) is the unigram.
 * Values are kept as natural logs (ARPA's log10 times ln 10, rounded to float).
 *
 * <h2>States</h2>
 * A state is the longest suffix of the word history that is present in the model as an n-gram of
 * order &lt; N (as in Kaldi's G.fst and KenLM's state minimisation): any longer suffix h0 h1..hm
 * cannot matter, because no listed n-gram has it as a prefix. States are ints:
 * {@code order << 28 | index} ({@link #EMPTY_STATE} = 0 is the empty history).
 * {@link #score(int, int)} returns the log-probability and the successor state packed in a long,
 * so a decoder can walk the LM without allocating.
 *
 * <h2>Words</h2>
 * A word the model has no unigram for (including ids the symbol table gave but the ARPA lacks)
 * is scored as {@code <unk>} when the model has {@code <unk>}, else gets log-probability -inf.
 * {@code <s>} only ever appears as context: {@link #sentenceStartState()} is the state after it.
 *
 * <p>Immutable after loading, so safe to share between threads.
 */
public final class NgramLm {
    /** The empty history (unigram context). */
    public static final int EMPTY_STATE = 0;
    static final int INDEX_BITS = 28;
    static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    /** Largest supported order (4 bits of the state int). */
    public static final int MAX_ORDER = 15;

    private final int order;
    // order 1, indexed by word id
    final float[] uniLogProb;   // NaN: no unigram listed for this id
    final float[] uniBackoff;
    final boolean[] uniPresent; // listed, or prefix of a listed n-gram
    // orders 2..N at tables[k]
    final NgramTable[] tables;
    private final long[] counts;
    private final int bos, eos, unk;

    NgramLm(int order, float[] uniLogProb, float[] uniBackoff, boolean[] uniPresent, NgramTable[] tables,
            long[] counts, int bos, int eos, int unk) {
        this.order = order;
        this.uniLogProb = uniLogProb;
        this.uniBackoff = uniBackoff;
        this.uniPresent = uniPresent;
        this.tables = tables;
        this.counts = counts;
        this.bos = bos;
        this.eos = eos;
        this.unk = unk;
    }

    /** N, the highest n-gram order. */
    public int order() { return order; }

    /** Number of n-grams of order k (1..N) listed in the ARPA file and kept. */
    public long count(int k) { return counts[k]; }

    /** Id of {@code <s>}, {@code </s>}, {@code <unk>}, or -1 when the model or symbol table lacks it. */
    public int bos() { return bos; }
    public int eos() { return eos; }
    public int unk() { return unk; }

    /** True if the model has a unigram probability for this word id. */
    public boolean hasWord(int word) {
        return word >= 0 && word < uniLogProb.length && !Float.isNaN(uniLogProb[word]);
    }

    /** The word scored in place of {@code word}: itself when known, else {@code <unk>} (or -1). */
    public int mapOov(int word) {
        return hasWord(word) ? word : unk;
    }

    /** The state after {@code <s>} (the empty state if the model has no {@code <s>}). */
    public int sentenceStartState() {
        if (order >= 2 && bos >= 0 && bos < uniPresent.length && uniPresent[bos]) return state(1, bos);
        return EMPTY_STATE;
    }

    static int state(int ord, int index) { return (ord << INDEX_BITS) | index; }

    /** The number of words of history a state remembers (0..N-1). */
    public static int stateOrder(int state) { return state >>> INDEX_BITS; }

    private static int stateIndex(int state) { return state & INDEX_MASK; }

    /** The log-probability part of a {@link #score} result. */
    public static float logProbOf(long scored) { return Float.intBitsToFloat((int) (scored >>> 32)); }

    /** The successor-state part of a {@link #score} result. */
    public static int stateOf(long scored) { return (int) scored; }

    private static long pack(float logProb, int state) {
        return ((long) Float.floatToRawIntBits(logProb) << 32) | (state & 0xffffffffL);
    }

    /** Entry index of the n-gram (state's words, w) at order stateOrder+1, or -1 if absent. */
    private int child(int ord, int index, int w) {
        if (ord == 0) return (w < uniPresent.length && uniPresent[w]) ? w : -1;
        return tables[ord + 1].find(NgramTable.key(index, w));
    }

    private float logProbAt(int ord, int index) {
        return ord == 1 ? uniLogProb[index] : tables[ord].logProb[index];
    }

    private float backoffAt(int ord, int index) {
        return ord == 1 ? uniBackoff[index] : tables[ord].backoff[index];
    }

    /** ln back-off weight of the n-gram a state stands for (0 for the empty state). */
    float backoffWeight(int state) {
        int ord = stateOrder(state);
        return ord == 0 ? 0f : backoffAt(ord, stateIndex(state));
    }

    /** The state of the longest proper suffix of the n-gram in {@code state} that is present. */
    int backoffState(int state) {
        int ord = stateOrder(state);
        if (ord <= 1) return EMPTY_STATE;
        return tables[ord].backoffState[stateIndex(state)];
    }

    /**
     * ln P(word | state) and the successor state, packed: read them with {@link #logProbOf} and
     * {@link #stateOf}. Walks from the state's n-gram down its back-off chain, adding back-off
     * weights until the n-gram (context, word) is listed; the successor is the longest present
     * (context, word) of order &lt; N met on the way. Unknown words are scored as {@code <unk>};
     * without {@code <unk>} they get -inf and the empty successor state.
     */
    public long score(int state, int word) {
        int w = mapOov(word);
        if (w < 0) return pack(Float.NEGATIVE_INFINITY, EMPTY_STATE);
        double acc = 0;
        float prob = Float.NaN;
        int next = -1;
        int s = state;
        while (true) {
            int ord = stateOrder(s), idx = stateIndex(s);
            int c = child(ord, idx, w);
            if (c >= 0) {
                if (Float.isNaN(prob)) {
                    float p = logProbAt(ord + 1, c);
                    if (!Float.isNaN(p)) prob = (float) (acc + p);
                }
                if (next < 0 && ord + 1 < order) next = state(ord + 1, c);
                if (!Float.isNaN(prob) && next >= 0) break;
            }
            if (ord == 0) break;
            if (Float.isNaN(prob)) acc += backoffAt(ord, idx);
            s = backoffState(s);
        }
        if (Float.isNaN(prob)) prob = Float.NEGATIVE_INFINITY; // only a malformed model gets here
        if (next < 0) next = EMPTY_STATE;
        return pack(prob, next);
    }

    /** ln P(word | state), without the successor. */
    public float logProb(int state, int word) {
        return logProbOf(score(state, word));
    }

    /** The state reached from {@code state} by {@code word}. */
    public int nextState(int state, int word) {
        return stateOf(score(state, word));
    }

    /**
     * ln P(w1..wn &lt;/s&gt; | &lt;s&gt;): the sum (in double) of the word log-probabilities from the
     * sentence-start state, plus the end-of-sentence probability. {@code <s>}/{@code </s>} must
     * not be in {@code words}.
     */
    public double sentenceLogProb(int[] words) {
        int s = sentenceStartState();
        double sum = 0;
        for (int w : words) {
            long r = score(s, w);
            sum += logProbOf(r);
            s = stateOf(r);
        }
        if (eos >= 0) sum += logProb(s, eos);
        return sum;
    }

    /**
     * Fills every back-off state of orders 2..N-1 (called once after loading). For n-gram
     * g = (ctx, w), the longest present proper suffix is the first present (s, w) for s running
     * down the back-off chain of ctx (whose link is already known: orders are done ascending).
     */
    void linkBackoffStates() {
        for (int k = 2; k < order; k++) {
            NgramTable t = tables[k];
            for (int j = 0; j < t.size; j++) {
                long key = t.keys[j];
                int w = NgramTable.wordOf(key);
                int s = backoffState(state(k - 1, NgramTable.prefixOf(key)));
                int link = EMPTY_STATE;
                while (true) {
                    int c = child(stateOrder(s), stateIndex(s), w);
                    if (c >= 0) {
                        link = state(stateOrder(s) + 1, c);
                        break;
                    }
                    if (s == EMPTY_STATE) break;
                    s = backoffState(s);
                }
                t.backoffState[j] = link;
            }
        }
    }

    /** The words a state remembers, oldest first (for debugging and tests). */
    public int[] stateWords(int state) {
        int ord = stateOrder(state);
        int[] out = new int[ord];
        int idx = stateIndex(state);
        for (int k = ord; k >= 2; k--) {
            long key = tables[k].keys[idx];
            out[k - 1] = NgramTable.wordOf(key);
            idx = NgramTable.prefixOf(key);
        }
        if (ord >= 1) out[0] = idx;
        return out;
    }

    /** Approximate bytes held by the model's arrays. */
    public long bytes() {
        long b = uniLogProb.length * 9L;
        for (int k = 2; k <= order; k++) b += tables[k].bytes();
        return b;
    }
}
