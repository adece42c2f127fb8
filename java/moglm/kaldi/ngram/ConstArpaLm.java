package moglm.kaldi.ngram;

/**
 * Kaldi's ConstArpaLm ({@code G.carpa}): a back-off n-gram stored as a trie in one int array,
 * with the lookup semantics of Kaldi's {@code ConstArpaLm}. Load with {@link ConstArpaLmReader}.
 *
 * <h2>Layout</h2>
 * Every n-gram of order &lt; N that has children or a non-zero back-off weight (and every
 * unigram) is a block of {@code lmStates}:
 * <pre>
 *   float logprob, float backoff logprob, int32 number of children c,
 *   c x (int32 word, int32 child info)          children sorted by word
 * </pre>
 * A child info that is even is a leaf: the child's logprob as float bits with the lowest bit
 * cleared. An odd, positive info is {@code 2 * offset + 1}: the child's block starts {@code offset}
 * ints after its parent's. An odd, negative info is {@code -(2 * k + 1)}: the child's block is
 * {@code overflow[k]}. Unigram blocks are found by word id through {@code unigram}.
 * Log-probabilities are natural logs.
 *
 * <h2>Lookups</h2>
 * {@code logProb(w, h)}: keep the last N-1 words of h; map w and history words without a
 * unigram to {@code <unk>} (when the model has one); then P(w | h) = the child w of h's block if
 * listed, else backoff(h) + P(w | h without its oldest word) (backoff 0 when h has no block),
 * added as float from the shortest history outwards, as Kaldi does. A history is a STATE of the
 * on-demand LM when its block has children ({@link #historyStateExists}).
 *
 * <p>Immutable; thread-safe. All offsets were validated when reading, so lookups cannot leave
 * the array.
 */
public final class ConstArpaLm {
    private final int bos, eos, unk, order;
    private final int[] lmStates;
    private final int[] unigram;     // block start per word id, -1 when absent
    private final int[] overflow;    // block start per overflow entry

    ConstArpaLm(int bos, int eos, int unk, int order, int[] lmStates, int[] unigram, int[] overflow) {
        this.bos = bos;
        this.eos = eos;
        this.unk = unk;
        this.order = order;
        this.lmStates = lmStates;
        this.unigram = unigram;
        this.overflow = overflow;
    }

    public int order() { return order; }
    public int bos() { return bos; }
    public int eos() { return eos; }
    /** Id of {@code <unk>}, or -1 when the model has none (unknown words then have no probability). */
    public int unk() { return unk; }
    /** One more than the largest word id with a unigram slot. */
    public int numWords() { return unigram.length; }

    /** True if {@code word} has a unigram. */
    public boolean hasWord(int word) {
        return word >= 0 && word < unigram.length && unigram[word] >= 0;
    }

    /** Block start of the word sequence {@code seq[from..from+len)}, or -1 (leaf or absent). */
    int block(int[] seq, int from, int len) {
        if (len == 0) return -1;
        int w0 = seq[from];
        if (w0 < 0 || w0 >= unigram.length || unigram[w0] < 0) return -1;
        int parent = unigram[w0];
        for (int i = 1; i < len; i++) {
            int idx = childIndex(parent, seq[from + i]);
            if (idx < 0) return -1;
            int info = lmStates[idx + 1];
            if ((info & 1) == 0) return -1;   // a leaf has no block
            parent = childBlock(parent, info);
        }
        return parent;
    }

    /** Position of the (word, info) pair of {@code word} under {@code parent}, or -1 (Kaldi's binary search). */
    private int childIndex(int parent, int word) {
        int n = lmStates[parent + 2];
        int lo = 1, hi = n;
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            int w = lmStates[parent + 1 + 2 * mid];
            if (w == word) return parent + 1 + 2 * mid;
            if (w < word) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    private int childBlock(int parent, int info) {
        int off = info / 2;
        return off > 0 ? parent + off : overflow[-off];
    }

    /** ln P(word | hist[0..len)) with Kaldi's OOV mapping and back-off; NaN when no probability exists. */
    public float logProb(int word, int[] hist, int len) {
        if (word < 0) throw new IllegalArgumentException("negative word id " + word);
        int from = Math.max(0, len - (order - 1));
        int n = len - from;
        int[] h = new int[n];
        for (int i = 0; i < n; i++) {
            int x = hist[from + i];
            if (x < 0) throw new IllegalArgumentException("negative word id " + x + " in history");
            h[i] = unk != -1 && !hasWord(x) ? unk : x;
        }
        int w = unk != -1 && !hasWord(word) ? unk : word;
        return logProbRecurse(w, h, 0, n);
    }

    private float logProbRecurse(int word, int[] h, int from, int len) {
        if (len == 0) return hasWord(word) ? Float.intBitsToFloat(lmStates[unigram[word]]) : Float.NaN;
        float backoff = 0f;
        int b = block(h, from, len);
        if (b >= 0) {
            int idx = childIndex(b, word);
            if (idx >= 0) {
                int info = lmStates[idx + 1];
                if ((info & 1) == 0) return Float.intBitsToFloat(info);
                return Float.intBitsToFloat(lmStates[childBlock(b, info)]);
            }
            backoff = Float.intBitsToFloat(lmStates[b + 1]);
        }
        return backoff + logProbRecurse(word, h, from + 1, len - 1);
    }

    /** True if the history {@code seq[from..from+len)} has a block with children (the empty history always). */
    public boolean historyStateExists(int[] seq, int from, int len) {
        if (len == 0) return true;
        int b = block(seq, from, len);
        return b >= 0 && lmStates[b + 2] > 0;
    }

    /** Approximate bytes held. */
    public long bytes() {
        return 4L * lmStates.length + 4L * unigram.length + 4L * overflow.length;
    }
}
