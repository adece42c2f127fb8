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
 * <h2>Normalization (Kaldi's {@code --normalize-probs})</h2>
 * With {@code normalize = true} (the default for models trained with the full softmax),
 * {@code logProb(word) = z(word) - log Z}: the word's logit (one dot product with its output row,
 * plus bias) minus the log normalizer of the state, computed once per state over the whole
 * vocabulary and kept as one float. With {@code normalize = false} (the default for models
 * trained with the sampled, self-normalizing objective: their log Z stays near 0),
 * {@code logProb(word) = z(word)}: one dot product, no pass over the vocabulary at all, exactly as
 * Kaldi's rnnlm rescoring with {@code normalize-probs=false}. No state ever holds a
 * vocabulary-size distribution.
 *
 * <h2>Cost and batching</h2>
 * A state is created without running the network; the step that produces its recurrent vector
 * (and, when normalizing, its log Z) runs when a probability is first needed. {@link #logProbs}
 * computes all missing states of a request in ONE call of the {@link StepFunction} (B = their
 * number); a single {@link LmState#logProb} also computes, in the same call, the session's other
 * pending states (up to {@code maxBatch}) since a decoder will ask for them next. The step
 * function's rows are batch-independent, so a score never depends on the batch it was computed
 * in, on {@code maxBatch}, or on the cache size (tested bit for bit).
 *
 * <h2>Memory</h2>
 * The recurrent vectors (2 x layers x hidden floats per state) live under an LRU bound of
 * {@code cacheBytes} shared by all sessions; an evicted vector is recomputed from its parent's
 * (recursively), bit-identically, so the bound never changes a result. What stays per state until
 * {@link Session#close()} is its bookkeeping, about 150 bytes (the key, the parent link, log Z).
 * Exact-history states store their last word and parent only, not a copy of the history.
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
 * // 40%-sparse on-demand level, histories shared by their last 3 words, at most 1 GiB of state vectors
 * try (LoadedModel model = ModelLoader.load(Path.of("final.mlm"), Level.parse("0.4"), 4, 1L << 30)) {
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
    private final boolean normalize;
    private final StateCache cache;
    private final int bosKaldiId;
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong stepCalls = new AtomicLong();
    private final AtomicLong stepRows = new AtomicLong();
    private final LmState root;
    private final float[] rootVector;

    /**
     * @param step          the network (thread-safe, batch-independent rows)
     * @param vocab         the model's vocabulary (Kaldi ids &lt;-&gt; model indices); its size must equal
     *                      {@code step.vocabSize()}
     * @param maxNgramOrder states are shared by their last maxNgramOrder-1 words (>= 2), or &lt;= 0 for exact histories
     * @param cacheBytes    bound of the memory of the states' recurrent vectors
     * @param maxBatch      most states computed in one network call on a single-state request (>= 1)
     * @param normalize     true: exact log-softmax; false: raw logits (self-normalized models)
     */
    public NeuralLm(StepFunction step, Vocabulary vocab, int maxNgramOrder, long cacheBytes, int maxBatch, boolean normalize) {
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
        this.normalize = normalize;
        this.cache = new StateCache(cacheBytes);
        int bos = vocab.kaldiId(Vocabulary.BOS);
        this.bosKaldiId = bos >= 0 ? bos : -1;
        this.rootVector = new float[step.stateSize()];
        this.root = new LmState(null, -1, null, -1, -1, null, rootVector);
    }

    public NeuralLm(StepFunction step, Vocabulary vocab, int maxNgramOrder, long cacheBytes, int maxBatch) {
        this(step, vocab, maxNgramOrder, cacheBytes, maxBatch, true);
    }

    public NeuralLm(StepFunction step, Vocabulary vocab, int maxNgramOrder, long cacheBytes) {
        this(step, vocab, maxNgramOrder, cacheBytes, 64, true);
    }

    public Vocabulary vocabulary() { return vocab; }

    public int maxNgramOrder() { return maxNgramOrder; }

    /** Whether log-probabilities are normalized (Kaldi's normalize-probs). */
    public boolean normalizes() { return normalize; }

    /** A new scope of states (one per utterance or decoder). */
    public Session newSession() {
        return new Session();
    }

    /** Network calls made so far and the (state) rows they computed, for statistics. */
    public long stepCalls() { return stepCalls.get(); }

    public long stepRows() { return stepRows.get(); }

    /** Bytes of recurrent vectors held now (at most the cache bound, plus the one just computed). */
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

    /** log P(word | state) (the raw logit when not normalizing). */
    public float logProb(LmState s, int kaldiWord) {
        return scoreOne(s, outputIndex(kaldiWord));
    }

    /** log P({@code </s>} | state). */
    public float logProbEnd(LmState s) {
        return scoreOne(s, Vocabulary.EOS_INDEX);
    }

    private float scoreOne(LmState s, int output) {
        checkOwned(s);
        float[] v = s.recurrent;
        if (v == null || (normalize && Float.isNaN(s.logZ))) {
            List<LmState> batch = new ArrayList<>();
            batch.add(s);
            s.session.drainPending(batch, maxBatch);
            v = compute(batch).get(s);
        } else {
            cache.touch(s);
        }
        float[] out = new float[1];
        step.logits(v, 1, new int[] {0}, new int[] {output}, 1, out);
        return normalize ? out[0] - s.logZ : out[0];
    }

    /**
     * Batched scoring: {@code out[i] = log P(words[i] | states[i])} for i &lt; n; every state whose
     * recurrent vector (or log Z) is missing is computed in one network call (plus one per
     * generation of not-yet-computed ancestors), then the n logits in one output call.
     */
    public void logProbs(LmState[] states, int[] words, int n, float[] out) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = outputIndex(words[i]);
        IdentityHashMap<LmState, Integer> row = new IdentityHashMap<>();
        List<LmState> distinct = new ArrayList<>();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            LmState s = states[i];
            checkOwned(s);
            Integer r = row.get(s);
            if (r == null) {
                r = distinct.size();
                row.put(s, r);
                distinct.add(s);
            }
            rows[i] = r;
        }
        float[] vecs = vectors(distinct);
        step.logits(vecs, distinct.size(), rows, idx, n, out);
        if (normalize) for (int i = 0; i < n; i++) out[i] -= states[i].logZ;
    }

    /**
     * The full next-word distributions (log-probs over model indices, exact normalization even
     * when this NeuralLm does not normalize) of the given states: V floats each, computed on
     * demand and not kept.
     */
    public float[][] distributions(List<LmState> states) {
        for (LmState s : states) checkOwned(s);
        int b = states.size(), v = step.vocabSize();
        float[] vecs = vectors(states);
        float[] logZ = new float[b];
        float[] all = new float[b * v];
        if (b > 0) step.logNormalizers(vecs, b, logZ, all);
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            float[] d = Arrays.copyOfRange(all, i * v, (i + 1) * v);
            for (int k = 0; k < v; k++) d[k] -= logZ[i];
            out[i] = d;
        }
        return out;
    }

    /** The recurrent vectors of the states, row i = states.get(i), computing what is missing. */
    private float[] vectors(List<LmState> states) {
        int ss = step.stateSize();
        float[] out = new float[states.size() * ss];
        List<LmState> missing = new ArrayList<>();
        IdentityHashMap<LmState, Boolean> seen = new IdentityHashMap<>();
        float[][] got = new float[states.size()][];
        for (int i = 0; i < got.length; i++) {
            LmState s = states.get(i);
            float[] v = s.recurrent;
            if (v != null && !(normalize && Float.isNaN(s.logZ))) {
                got[i] = v;
                cache.touch(s);
            } else if (seen.put(s, Boolean.TRUE) == null) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            IdentityHashMap<LmState, float[]> computed = compute(missing);
            for (int i = 0; i < got.length; i++) if (got[i] == null) got[i] = computed.get(states.get(i));
        }
        for (int i = 0; i < got.length; i++) System.arraycopy(got[i], 0, out, i * ss, ss);
        return out;
    }

    private void checkOwned(LmState s) {
        if (s.session == null || s.session.lm() != this)
            throw new IllegalArgumentException("state " + s + " does not belong to this model");
    }

    /**
     * Runs the network for the given states (their missing ancestors first, one network call per
     * generation, iteratively: a long exact history with evicted vectors needs no deep recursion)
     * and, when normalizing, their log Z; returns the states' recurrent vectors (and those of the
     * ancestors it computed).
     */
    private IdentityHashMap<LmState, float[]> compute(List<LmState> states) {
        IdentityHashMap<LmState, float[]> known = new IdentityHashMap<>();
        List<List<LmState>> generations = new ArrayList<>();
        List<LmState> current = states;
        while (!current.isEmpty()) {
            generations.add(current);
            List<LmState> next = new ArrayList<>();
            IdentityHashMap<LmState, Boolean> seen = new IdentityHashMap<>();
            for (LmState s : current) {
                LmState p = s.parent;
                float[] v = p.recurrent;   // read once: another thread may evict it
                if (v != null) known.putIfAbsent(p, v);
                else if (!known.containsKey(p) && seen.put(p, Boolean.TRUE) == null) next.add(p);
            }
            current = next;
        }
        for (int g = generations.size() - 1; g >= 0; g--) {
            List<LmState> todo = new ArrayList<>();
            for (LmState s : generations.get(g)) if (!known.containsKey(s)) todo.add(s);
            if (!todo.isEmpty()) computeGeneration(todo, known);
        }
        return known;
    }

    /** One network call for states whose parents' vectors are in known; adds their vectors to known. */
    private void computeGeneration(List<LmState> states, IdentityHashMap<LmState, float[]> known) {
        int b = states.size(), ss = step.stateSize();
        float[][] parentVec = new float[b][];
        for (int i = 0; i < b; i++) parentVec[i] = known.get(states.get(i).parent);
        float[] in = new float[b * ss];
        float[] outStates = new float[b * ss];
        int[] inputs = new int[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(parentVec[i], 0, in, i * ss, ss);
            inputs[i] = states.get(i).input;
        }
        step.step(in, inputs, b, outStates);
        stepCalls.incrementAndGet();
        stepRows.addAndGet(b);
        if (normalize) {   // log Z of the states that do not have it yet (an evicted state keeps its own)
            int m = 0;
            for (LmState s : states) if (Float.isNaN(s.logZ)) m++;
            if (m > 0) {
                float[] sub = m == b ? outStates : new float[m * ss];
                int[] which = new int[m];
                for (int i = 0, k = 0; i < b; i++)
                    if (Float.isNaN(states.get(i).logZ)) {
                        which[k] = i;
                        if (sub != outStates) System.arraycopy(outStates, i * ss, sub, k * ss, ss);
                        k++;
                    }
                float[] logZ = new float[m];
                step.logNormalizers(sub, m, logZ, null);
                for (int k = 0; k < m; k++) states.get(which[k]).logZ = logZ[k];
            }
        }
        for (int i = 0; i < b; i++) {
            LmState s = states.get(i);
            float[] v = Arrays.copyOfRange(outStates, i * ss, (i + 1) * ss);
            s.recurrent = v;
            s.computed = true;
            cache.add(s, ss);
            known.put(s, v);
        }
    }

    /**
     * A scope of LM states: within it, one state per n-gram key (see {@link NeuralLm}). Close it
     * to release its states' memory. Safe to use from several threads, but the n-gram sharing is
     * then first-come-first-served, so give each decoder its own session when results must be
     * reproducible.
     */
    public final class Session implements AutoCloseable {
        private final ConcurrentHashMap<HistoryKey, LmState> states = new ConcurrentHashMap<>();
        private final List<LmState> pending = new ArrayList<>();
        private final LmState start;

        private Session() {
            int[] key = maxNgramOrder <= 0 ? null : bosKaldiId >= 0 ? new int[] {bosKaldiId} : new int[0];
            start = new LmState(this, nextId.getAndIncrement(), root, Vocabulary.EOS_INDEX, bosKaldiId, key, null);
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
            HistoryKey hk;
            int[] key = null;
            if (maxNgramOrder <= 0) {
                hk = HistoryKey.exact(s.id, kaldiWord);
            } else {
                int keep = Math.min(s.key.length + 1, maxNgramOrder - 1);
                key = new int[keep];
                System.arraycopy(s.key, s.key.length + 1 - keep, key, 0, keep - 1);
                key[keep - 1] = kaldiWord;
                hk = HistoryKey.ngram(key);
            }
            LmState existing = states.get(hk);
            if (existing != null) return existing;
            LmState created = new LmState(this, nextId.getAndIncrement(), s, input, kaldiWord, key, null);
            LmState won = states.putIfAbsent(hk, created);
            if (won != null) return won;
            synchronized (pending) { pending.add(created); }
            return created;
        }

        /** Moves up to max-1 pending, never-computed states whose parent vector is present into batch. */
        void drainPending(List<LmState> batch, int max) {
            synchronized (pending) {
                int w = 0;
                for (int r = 0; r < pending.size(); r++) {
                    LmState p = pending.get(r);
                    boolean done = p.computed;
                    boolean take = batch.size() < max && p != batch.get(0) && !done && p.parent.recurrent != null;
                    if (take) batch.add(p);
                    else if (!done && p != batch.get(0)) pending.set(w++, p);
                }
                pending.subList(w, pending.size()).clear();
            }
        }

        /** Releases this session's states (their vectors leave the shared memory bound at once). */
        @Override public void close() {
            cache.remove(start);
            start.recurrent = null;
            for (LmState s : states.values()) {
                cache.remove(s);
                s.recurrent = null;
            }
            states.clear();
            synchronized (pending) { pending.clear(); }
        }
    }
}
