package moglm.rescore.neural;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import moglm.model.Vocabulary;

/**
 * A neural LM for decoders and rescorers: LM states with successor/log-probability, batched
 * scoring in one network call, Kaldi's n-gram history approximation, a memory-bounded cache, and
 * safe concurrent use.
 *
 * <h2>States and the n-gram history approximation</h2>
 * A decoder works in a {@link Session} (one per utterance, or per decoder thread). Within a
 * session, {@link LmState#successor(int)} returns ONE state per key, the key being the last
 * {@code maxNgramOrder - 1} words (Kaldi ids, {@code <s>} first): the first network state that
 * reaches a key is reused by every later history with the same last words, exactly as Kaldi's
 * {@code KaldiRnnlmDeterministicFst} does (so lattice composition stays finite). With
 * {@code maxNgramOrder <= 0} histories are exact (the key is the whole history): the states then
 * form a prefix tree, which is what n-best rescoring wants. Sessions never share states, so
 * results do not depend on what other threads do.
 *
 * <h2>Cost and batching</h2>
 * A state is created without running the network; the step that produces its recurrent vector
 * and next-word distribution runs when a probability is first needed. {@link #logProbs} computes
 * all missing states of a request in ONE call of the {@link StepFunction} (B = their number); a
 * single {@link LmState#logProb} also computes, in the same call, the session's other pending
 * states (up to {@code maxBatch}) since a decoder will ask for them next.
 *
 * <h2>Memory</h2>
 * A state keeps its recurrent vector (2 x layers x hidden floats); the next-word distributions
 * (vocabulary-size floats each, the bulk) live in an LRU cache bounded by {@code cacheBytes}
 * shared by all sessions. An evicted distribution is recomputed from the parent's recurrent
 * vector, bit-identically, so the bound never changes a result. {@link Session#close()} releases a
 * session's distributions at once.
 *
 * <h2>Threads</h2>
 * One NeuralLm serves any number of threads (the step function is thread-safe, the cache is
 * synchronised). A session is meant for one decoder at a time.
 *
 * <h2>Level (on-demand pruned sizes)</h2>
 * The level is chosen when the model is loaded ({@link ModelLoader#load}, via
 * {@link moglm.level.LevelLoader}): the NeuralLm then runs that sub-network; nothing else changes.
 *
 * <h2>Example: a decoder extending hypotheses</h2>
 * (the example of docs/java-api.md, run by the test {@code moglm.examples.UseFromJavaTest})
 * <pre>{@code
 * // 40%-sparse on-demand level, histories shared by their last 3 words, at most 1 GiB of cached distributions
 * try (LoadedModel model = ModelLoader.load(Path.of("model.mlm"), Level.parse("0.4"), 4, 1L << 30)) {
 *     NeuralLm lm = model.lm();
 *     Vocabulary words = model.vocabulary();               // the model's Kaldi words.txt
 *     try (NeuralLm.Session session = lm.newSession()) {   // one per utterance
 *         LmState start = session.start();
 *         // score many (state, word) pairs of the current beam in one network call
 *         int[] ids = {words.kaldiId("the"), words.kaldiId("a"), words.kaldiId("this")};
 *         LmState[] states = {start, start, start};
 *         float[] logp = new float[3];
 *         lm.logProbs(states, ids, 3, logp);
 *         LmState next = start.successor(ids[0]);           // cheap: no network call yet
 *         float end = next.logProbEnd();                    // log P(</s> | <s> the)
 *     }
 * }
 * }</pre>
 */
public final class NeuralLm {
    private final StepFunction step;
    private final Vocabulary vocab;
    private final int maxNgramOrder;
    private final int maxBatch;
    private final DistributionCache cache;
    private final int bosKaldiId;
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong stepCalls = new AtomicLong();
    private final AtomicLong stepRows = new AtomicLong();
    private final LmState root;

    /**
     * @param step          the network (thread-safe)
     * @param vocab         the model's vocabulary (Kaldi ids &lt;-&gt; model indices); its size must equal
     *                      {@code step.vocabSize()}
     * @param maxNgramOrder states are shared by their last maxNgramOrder-1 words (>= 2), or &lt;= 0 for exact histories
     * @param cacheBytes    bound of the distribution cache
     * @param maxBatch      most states computed in one network call on a single-state request (>= 1)
     */
    public NeuralLm(StepFunction step, Vocabulary vocab, int maxNgramOrder, long cacheBytes, int maxBatch) {
        if (vocab.size() != step.vocabSize())
            throw new IllegalArgumentException("vocabulary mismatch: the words.txt gives " + vocab.size()
                    + " model indices (words + </s>) but the model has " + step.vocabSize() + " outputs");
        if (maxNgramOrder == 1)
            throw new IllegalArgumentException("max n-gram order must be >= 2 (or <= 0 for exact histories), got 1");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        this.step = step;
        this.vocab = vocab;
        this.maxNgramOrder = maxNgramOrder;
        this.maxBatch = maxBatch;
        this.cache = new DistributionCache(cacheBytes);
        int bos = vocab.kaldiId(Vocabulary.BOS);
        this.bosKaldiId = bos >= 0 ? bos : -1;
        this.root = new LmState(null, -1, null, -1, new int[0], new float[step.stateSize()]);
    }

    public NeuralLm(StepFunction step, Vocabulary vocab, int maxNgramOrder, long cacheBytes) {
        this(step, vocab, maxNgramOrder, cacheBytes, 64);
    }

    public Vocabulary vocabulary() { return vocab; }

    public int maxNgramOrder() { return maxNgramOrder; }

    /** A new scope of states (one per utterance or decoder). */
    public Session newSession() {
        return new Session();
    }

    /** Network calls made so far and the (state) rows they computed, for statistics. */
    public long stepCalls() { return stepCalls.get(); }

    public long stepRows() { return stepRows.get(); }

    public long cacheBytes() { return cache.bytes(); }

    int outputIndex(int kaldiWord) {
        int o = vocab.outputIndexOfKaldiId(kaldiWord);
        if (o < 0) throw new IllegalArgumentException(badWord(kaldiWord) + " has no probability in the model (only real words and </s> do)");
        return o;
    }

    int inputIndex(int kaldiWord) {
        int i = vocab.inputIndexOfKaldiId(kaldiWord);
        if (i < 0) throw new IllegalArgumentException(badWord(kaldiWord) + " cannot be an input of the model");
        return i;
    }

    private String badWord(int kaldiWord) {
        String w = vocab.wordOfKaldiId(kaldiWord);
        return w == null ? "word id " + kaldiWord + " (not in the model's words.txt, ids 0.." + vocab.maxKaldiId() + ")"
                : "word id " + kaldiWord + " (" + w + ")";
    }

    /** log P(word | state). */
    public float logProb(LmState s, int kaldiWord) {
        int o = outputIndex(kaldiWord);
        return distribution(s)[o];
    }

    /** log P({@code </s>} | state). */
    public float logProbEnd(LmState s) {
        return distribution(s)[Vocabulary.EOS_INDEX];
    }

    /**
     * Batched scoring: {@code out[i] = log P(words[i] | states[i])} for i &lt; n; every state whose
     * distribution is not cached is computed in one network call (plus one per generation of
     * not-yet-computed ancestors).
     */
    public void logProbs(LmState[] states, int[] words, int n, float[] out) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = outputIndex(words[i]);
        float[][] d = distributions(Arrays.asList(states).subList(0, n));
        for (int i = 0; i < n; i++) out[i] = d[i][idx[i]];
    }

    /** The next-word distributions (log-probs over model indices) of the given states; do not modify. */
    public float[][] distributions(List<LmState> states) {
        float[][] out = new float[states.size()][];
        List<LmState> missing = new ArrayList<>();
        IdentityHashMap<LmState, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < out.length; i++) {
            LmState s = states.get(i);
            checkOwned(s);
            out[i] = cache.get(s.id);
            if (out[i] == null && seen.put(s, Boolean.TRUE) == null) missing.add(s);
        }
        if (!missing.isEmpty()) {
            IdentityHashMap<LmState, float[]> computed = compute(missing);
            for (int i = 0; i < out.length; i++) if (out[i] == null) out[i] = computed.get(states.get(i));
        }
        return out;
    }

    float[] distribution(LmState s) {
        checkOwned(s);
        float[] d = cache.get(s.id);
        if (d != null) return d;
        List<LmState> batch = new ArrayList<>();
        batch.add(s);
        s.session.drainPending(batch, maxBatch, cache);
        return compute(batch).get(s);
    }

    private void checkOwned(LmState s) {
        if (s.session == null || s.session.lm() != this)
            throw new IllegalArgumentException("state " + s + " does not belong to this model");
    }

    /** Runs the network for the given states (ancestors first when their recurrent vector is missing). */
    private IdentityHashMap<LmState, float[]> compute(List<LmState> states) {
        List<LmState> parentsMissing = new ArrayList<>();
        IdentityHashMap<LmState, Boolean> seen = new IdentityHashMap<>();
        for (LmState s : states)
            if (s.parent.recurrent == null && seen.put(s.parent, Boolean.TRUE) == null) parentsMissing.add(s.parent);
        if (!parentsMissing.isEmpty()) compute(parentsMissing);
        int b = states.size(), ss = step.stateSize(), v = step.vocabSize();
        float[] in = new float[b * ss];
        float[] outStates = new float[b * ss];
        float[] logp = new float[b * v];
        int[] inputs = new int[b];
        for (int i = 0; i < b; i++) {
            LmState s = states.get(i);
            System.arraycopy(s.parent.recurrent, 0, in, i * ss, ss);
            inputs[i] = s.input;
        }
        step.step(in, inputs, b, outStates, logp);
        stepCalls.incrementAndGet();
        stepRows.addAndGet(b);
        IdentityHashMap<LmState, float[]> result = new IdentityHashMap<>();
        for (int i = 0; i < b; i++) {
            LmState s = states.get(i);
            if (s.recurrent == null) s.recurrent = Arrays.copyOfRange(outStates, i * ss, (i + 1) * ss);
            float[] d = Arrays.copyOfRange(logp, i * v, (i + 1) * v);
            cache.put(s.id, d);
            result.put(s, d);
        }
        return result;
    }

    /**
     * A scope of LM states: within it, one state per n-gram key (see {@link NeuralLm}). Close it
     * to release its cached distributions. Safe to use from several threads, but the n-gram
     * sharing is then first-come-first-served, so give each decoder its own session when results
     * must be reproducible.
     */
    public final class Session implements AutoCloseable {
        private final ConcurrentHashMap<HistoryKey, LmState> states = new ConcurrentHashMap<>();
        private final List<LmState> pending = new ArrayList<>();
        private final LmState start;

        private Session() {
            int[] h = bosKaldiId >= 0 ? new int[] {bosKaldiId} : new int[0];
            start = new LmState(this, nextId.getAndIncrement(), root, Vocabulary.EOS_INDEX, h, null);
            synchronized (pending) { pending.add(start); }
        }

        NeuralLm lm() { return NeuralLm.this; }

        /** The sentence-start state (history {@code <s>}). */
        public LmState start() { return start; }

        /** Number of states created in this session. */
        public int numStates() { return states.size() + 1; }

        LmState successor(LmState s, int kaldiWord) {
            if (s.session != this) throw new IllegalArgumentException("state " + s + " belongs to another session");
            int input = inputIndex(kaldiWord);
            HistoryKey key;
            int[] h;
            if (maxNgramOrder <= 0) {
                h = Arrays.copyOf(s.history, s.history.length + 1);
                h[s.history.length] = kaldiWord;
                key = HistoryKey.exact(s.id, kaldiWord);
            } else {
                int keep = Math.min(s.history.length + 1, maxNgramOrder - 1);
                h = new int[keep];
                System.arraycopy(s.history, s.history.length + 1 - keep, h, 0, keep - 1);
                h[keep - 1] = kaldiWord;
                key = HistoryKey.ngram(h);
            }
            LmState existing = states.get(key);
            if (existing != null) return existing;
            LmState created = new LmState(this, nextId.getAndIncrement(), s, input, h, null);
            LmState won = states.putIfAbsent(key, created);
            if (won != null) return won;
            synchronized (pending) { pending.add(created); }
            return created;
        }

        /** Moves up to max-1 pending, uncached states whose parent is computed into batch. */
        void drainPending(List<LmState> batch, int max, DistributionCache c) {
            synchronized (pending) {
                int w = 0;
                for (int r = 0; r < pending.size(); r++) {
                    LmState p = pending.get(r);
                    boolean take = batch.size() < max && p != batch.get(0) && p.parent.recurrent != null && p.recurrent == null;
                    if (take) batch.add(p);
                    else if (p.recurrent == null && p != batch.get(0)) pending.set(w++, p);
                }
                pending.subList(w, pending.size()).clear();
            }
        }

        /** Releases the cached distributions of this session's states. */
        @Override public void close() {
            cache.remove(start.id);
            for (LmState s : states.values()) cache.remove(s.id);
            states.clear();
            synchronized (pending) { pending.clear(); }
        }
    }
}
