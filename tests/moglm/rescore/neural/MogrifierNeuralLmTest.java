package moglm.rescore.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NeuralLm over the real native Mogrifier LM (random weights): batching and threads change nothing. */
class MogrifierNeuralLmTest {
    static MogrifierLM model;

    @BeforeAll
    static void build() {
        // vocabulary of NeuralLmTest.VOCAB: 6 model indices
        model = new MogrifierLM(new ModelConfig(6, 16, 16, 2, 3, 0, true), Precision.FLOAT);
        model.initRandom(7);
    }

    @AfterAll
    static void free() {
        model.close();
    }

    static NeuralLm lm(int order) {
        return new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, order, 1 << 20);
    }

    /** log-probs of a fixed random walk, one request at a time (B = 1 calls). */
    static double[] walk(NeuralLm lm, long seed) {
        Random r = new Random(seed);
        double[] out = new double[300];
        try (NeuralLm.Session s = lm.newSession()) {
            List<LmState> seen = new ArrayList<>();
            seen.add(s.start());
            for (int i = 0; i < out.length; i++) {
                LmState st = seen.get(r.nextInt(seen.size()));
                int w = 1 + r.nextInt(5);
                out[i] = st.logProb(w);
                seen.add(st.successor(w));
            }
        }
        return out;
    }

    @Test
    void batchedScoresEqualSingleScores() {
        NeuralLm batched = lm(0);
        NeuralLm single = new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, 0, 1 << 20, 1);
        try (NeuralLm.Session a = batched.newSession(); NeuralLm.Session b = single.newSession()) {
            Random r = new Random(3);
            List<LmState> sa = new ArrayList<>(), sb = new ArrayList<>();
            List<Integer> words = new ArrayList<>();
            List<LmState> fa = List.of(a.start()), fb = List.of(b.start());
            for (int depth = 0; depth < 4; depth++) {
                List<LmState> na = new ArrayList<>(), nb = new ArrayList<>();
                for (int i = 0; i < fa.size(); i++) for (int w = 1; w <= 5; w++) {
                    if (r.nextInt(2) == 0) continue;
                    sa.add(fa.get(i)); sb.add(fb.get(i)); words.add(w);
                    na.add(fa.get(i).successor(w)); nb.add(fb.get(i).successor(w));
                }
                fa = na; fb = nb;
            }
            float[] out = new float[sa.size()];
            batched.logProbs(sa.toArray(new LmState[0]), words.stream().mapToInt(Integer::intValue).toArray(), sa.size(), out);
            // batch-independent kernels: bit for bit, whatever the batch a state was computed in
            for (int i = 0; i < out.length; i++) assertEquals(sb.get(i).logProb(words.get(i)), out[i], 0f, "pair " + i);
        }
    }

    @Test
    void eightThreadsSharingOneModelGiveIdenticalResults() throws Exception {
        double[] want = walk(lm(3), 11);
        NeuralLm shared = lm(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) fs.add(pool.submit(() -> walk(shared, 11)));
            for (Future<double[]> f : fs) assertArrayEquals(want, f.get(), 0.0);
        } finally {
            pool.shutdown();
        }
    }

    /** Scores must not depend on the memory bound or the batch size (--cache-mb, --max-batch). */
    @Test
    void cacheSizeAndBatchSizeChangeNothing() {
        for (boolean normalize : new boolean[] {true, false}) {
            double[] want = walk(new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, 0, 1 << 24, 64, normalize), 5);
            NeuralLm tiny = new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, 0, 600, 64, normalize);
            assertArrayEquals(want, walk(tiny, 5), 0.0, "600-byte state memory, normalize=" + normalize);
            assertTrue(tiny.cacheBytes() <= 600 + 4L * 2 * 2 * 16 + 64, "bound held: " + tiny.cacheBytes());
            NeuralLm one = new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, 0, 1 << 24, 1, normalize);
            assertArrayEquals(want, walk(one, 5), 0.0, "batch 1, normalize=" + normalize);
            NeuralLm ngram = new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, 3, 700, 7, normalize);
            assertArrayEquals(walk(lm(3, normalize), 8), walk(ngram, 8), 0.0, "3-gram keys, small memory, batch 7");
        }
    }

    static NeuralLm lm(int order, boolean normalize) {
        return new NeuralLm(new MogrifierStepFunction(model), NeuralLmTest.VOCAB, order, 1 << 20, 64, normalize);
    }

    /**
     * normalize = false: a word's score is its raw logit (output row . h + bias), what the
     * training forward computes before the softmax; normalize = true: that minus log-sum-exp.
     */
    @Test
    void unnormalizedScoresAreTheRawLogits() {
        // model inputs: </s>(=start) a b b d; Kaldi ids a=2 b=3 d=5 are model indices 2 3 5
        int[] kaldi = {2, 3, 3, 5};
        int[] inputs = {0, 2, 3, 3, 5};
        int T = inputs.length, V = 6;
        float[] logits = new float[T * V];
        try (moglm.model.State st = model.newState(1)) {
            model.forward(inputs, T, 1, st, null, false);
            org.bytedeco.javacpp.FloatPointer p = new org.bytedeco.javacpp.FloatPointer((long) T * V);
            model.copyLogits(p);
            p.get(logits);
            p.close();
        }
        NeuralLm raw = lm(0, false), exact = lm(0, true);
        try (NeuralLm.Session a = raw.newSession(); NeuralLm.Session b = exact.newSession()) {
            LmState sa = a.start(), sb = b.start();
            for (int t = 0; t < T; t++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int v = 0; v < V; v++) max = Math.max(max, logits[t * V + v]);
                for (int v = 0; v < V; v++) sum += Math.exp(logits[t * V + v] - max);
                double lse = max + Math.log(sum);
                for (int v = 1; v < V; v++) {   // model index v = Kaldi id v for the real words (1..5)
                    assertEquals(logits[t * V + v], sa.logProb(v), 2e-6, "raw logit t=" + t + " v=" + v);
                    assertEquals(logits[t * V + v] - lse, sb.logProb(v), 2e-6, "log-softmax t=" + t + " v=" + v);
                }
                assertEquals(logits[t * V], sa.logProbEnd(), 2e-6, "raw </s> logit t=" + t);
                if (t < kaldi.length) { sa = sa.successor(kaldi[t]); sb = sb.successor(kaldi[t]); }
            }
        }
    }

    /** logNormalizers (what moglm ppl reports as log Z) is the log-sum-exp of the forward's logits. */
    @Test
    void logNormalizersAreTheLogSumExpOfTheLogits() {
        int[] inputs = {0, 2, 3, 1, 5, 4};
        int T = 3, B = 2, V = 6;
        float[] logits = new float[T * B * V];
        double[] logZ = new double[T * B];
        try (moglm.model.State st = model.newState(B)) {
            model.forward(inputs, T, B, st, null, false);
            org.bytedeco.javacpp.FloatPointer p = new org.bytedeco.javacpp.FloatPointer((long) T * B * V);
            model.copyLogits(p);
            p.get(logits);
            p.close();
            model.logNormalizers(logZ);
        }
        for (int q = 0; q < T * B; q++) {
            double sum = 0;
            for (int v = 0; v < V; v++) sum += Math.exp(logits[q * V + v]);
            assertEquals(Math.log(sum), logZ[q], 1e-5, "position " + q);
        }
    }
}
