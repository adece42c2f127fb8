package moglm.rescore.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;

class NeuralLmTest {
    // Kaldi ids: <eps>=0, <unk>=1, a=2, b=3, c=4, d=5, #0=6, <s>=7, </s>=8 ; model indices: </s>=0, <unk>=1, a..d=2..5
    static final Vocabulary VOCAB = Vocabulary.parseKaldi(
            "<eps> 0\n<unk> 1\na 2\nb 3\nc 4\nd 5\n#0 6\n<s> 7\n</s> 8\n", "<unk>", "test-words.txt");
    static final int EOS = 8;

    static NeuralLm lm(int order, long cacheBytes) {
        return new NeuralLm(new TinyRnnStep(6, 8, 42), VOCAB, order, cacheBytes);
    }

    /** Reference: exact log P(sentence) by stepping the network one word at a time, no sharing. */
    static double exactSentenceLogProb(TinyRnnStep f, int[] modelInputs, int[] modelTargets) {
        float[] s = new float[f.stateSize()], s2 = new float[f.stateSize()], lp = new float[f.vocabSize()];
        double total = 0;
        for (int t = 0; t < modelInputs.length; t++) {
            f.referenceStep(s, modelInputs[t], s2, lp);
            total += lp[modelTargets[t]];
            float[] tmp = s; s = s2; s2 = tmp;
        }
        return total;
    }

    @Test
    void exactHistoriesGiveTheNetworksSentenceProbability() {
        NeuralLm lm = lm(0, 1 << 20);
        try (NeuralLm.Session session = lm.newSession()) {
            int[] words = {2, 3, 3, 5, 1};
            LmState s = session.start();
            double total = 0;
            for (int w : words) { total += s.logProb(w); s = s.successor(w); }
            total += s.logProbEnd();
            // model inputs: </s>(=start) a b b d <unk>; targets a b b d <unk> </s>
            double want = exactSentenceLogProb(new TinyRnnStep(6, 8, 42), new int[] {0, 2, 3, 3, 5, 1}, new int[] {2, 3, 3, 5, 1, 0});
            assertEquals(want, total, 1e-4);
        }
    }

    @Test
    void unnormalizedScoresAreTheRawLogitsOfThePlainNetwork() {
        TinyRnnStep net = new TinyRnnStep(6, 8, 42);
        NeuralLm lm = new NeuralLm(net, VOCAB, 0, 1 << 20, 64, false);
        try (NeuralLm.Session session = lm.newSession()) {
            int[] words = {2, 3, 3, 5, 1};
            int[] inputs = {0, 2, 3, 3, 5, 1};
            float[] st = new float[8], next = new float[8];
            LmState s = session.start();
            for (int t = 0; t < inputs.length; t++) {
                net.step(st, new int[] {inputs[t]}, 1, next);
                for (int k = 0; k < 6; k++) {
                    float got = k == 0 ? s.logProbEnd() : s.logProb(k);   // Kaldi id k = model index k for 1..5
                    assertEquals((float) net.logit(next, 0, k), got, 0f, "t=" + t + " k=" + k);
                }
                float[] tmp = st; st = next; next = tmp;
                if (t < words.length) s = s.successor(words[t]);
            }
            assertArrayEquals(new int[] {7, 2, 3, 3, 5, 1}, s.history(), "exact history rebuilt from the parents");
        }
    }

    /** An exact-history state stores its last word and parent: memory linear in the utterance length. */
    @Test
    void exactHistoriesAreNotCopiedPerState() {
        NeuralLm lm = new NeuralLm(new TinyRnnStep(6, 8, 42), VOCAB, 0, 1 << 12, 64, false);
        try (NeuralLm.Session session = lm.newSession()) {
            LmState s = session.start();
            for (int i = 0; i < 3000; i++) {
                s = s.successor(2 + i % 4);
                assertEquals(null, s.key, "no history copy in state " + i);
            }
            int[] h = s.history();
            assertEquals(3001, h.length);
            assertEquals(7, h[0]);
            assertEquals(2 + 2999 % 4, h[3000]);
            s.logProb(3);   // computes the 3000 ancestors under a 4 KB bound on their vectors
            assertTrue(lm.cacheBytes() <= (1 << 12) + 4 * 8 + 64, "memory bound held: " + lm.cacheBytes());
        }
    }

    @Test
    void ngramApproximationSharesStatesByTheLastWords() {
        NeuralLm lm = lm(3, 1 << 20);
        try (NeuralLm.Session session = lm.newSession()) {
            LmState s = session.start();
            LmState abc = s.successor(2).successor(3).successor(4);
            LmState dbc = s.successor(5).successor(3).successor(4);
            assertSame(abc, dbc, "same last 2 words -> same state");
            assertArrayEquals(new int[] {3, 4}, abc.history());
            assertNotSame(s.successor(2), s.successor(3));
            // the first state reaching the key is the one kept: its distribution is that of <s> a b c
            float viaAbc = abc.logProb(2);
            NeuralLm exact = lm(0, 1 << 20);
            try (NeuralLm.Session es = exact.newSession()) {
                assertEquals(es.start().successor(2).successor(3).successor(4).logProb(2), viaAbc, 0f);
            }
        }
    }

    @Test
    void batchedScoresEqualSingleScores() {
        NeuralLm lm = lm(4, 1 << 20);
        Random r = new Random(1);
        List<LmState> states = new ArrayList<>();
        List<Integer> words = new ArrayList<>();
        try (NeuralLm.Session session = lm.newSession()) {
            List<LmState> frontier = List.of(session.start());
            for (int depth = 0; depth < 4; depth++) {
                List<LmState> next = new ArrayList<>();
                for (LmState s : frontier) for (int w = 1; w <= 5; w++) {
                    if (r.nextInt(3) == 0) continue;
                    states.add(s);
                    words.add(w);
                    next.add(s.successor(w));
                }
                frontier = next;
            }
            float[] batched = new float[states.size()];
            long callsBefore = lm.stepCalls();
            lm.logProbs(states.toArray(new LmState[0]), words.stream().mapToInt(Integer::intValue).toArray(), states.size(), batched);
            assertTrue(lm.stepCalls() - callsBefore <= 4, "one call per generation, got " + (lm.stepCalls() - callsBefore));
            // reference: the same requests one by one in a fresh model, in the same creation order
            NeuralLm one = lm(4, 1 << 20);
            try (NeuralLm.Session s3 = one.newSession()) {
                List<LmState> frontier2 = List.of(s3.start());
                Random r2 = new Random(1);
                int i = 0;
                for (int depth = 0; depth < 4; depth++) {
                    List<LmState> next = new ArrayList<>();
                    for (LmState s : frontier2) for (int w = 1; w <= 5; w++) {
                        if (r2.nextInt(3) == 0) continue;
                        assertEquals(batched[i++], s.logProb(w), 0f, "pair " + i);
                        next.add(s.successor(w));
                    }
                    frontier2 = next;
                }
            }
        }
    }

    @Test
    void tinyCacheGivesIdenticalResults() {
        double[] big = sweep(lm(3, 1 << 24));
        NeuralLm small = lm(3, 100);   // holds one distribution at most
        double[] tiny = sweep(small);
        assertArrayEquals(big, tiny, 0.0);
        assertTrue(small.cacheBytes() <= 200, "cache bytes " + small.cacheBytes());
    }

    private static double[] sweep(NeuralLm lm) {
        Random r = new Random(9);
        double[] out = new double[200];
        try (NeuralLm.Session session = lm.newSession()) {
            List<LmState> seen = new ArrayList<>();
            seen.add(session.start());
            for (int i = 0; i < out.length; i++) {
                LmState s = seen.get(r.nextInt(seen.size()));
                int w = 1 + r.nextInt(5);
                out[i] = s.logProb(w);
                seen.add(s.successor(w));
            }
        }
        return out;
    }

    @Test
    void eightThreadsSharingOneModelGiveIdenticalResults() throws Exception {
        NeuralLm shared = lm(3, 1 << 16);   // small cache: threads evict each other's entries
        double[] want = sweep(lm(3, 1 << 24));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) fs.add(pool.submit(() -> sweep(shared)));
            for (Future<double[]> f : fs) assertArrayEquals(want, f.get(), 0.0);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badWordsAndVocabularyMismatchGiveClearErrors() {
        NeuralLm lm = lm(3, 1 << 20);
        try (NeuralLm.Session session = lm.newSession()) {
            LmState s = session.start();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.logProb(99));
            assertTrue(e.getMessage().contains("word id 99") && e.getMessage().contains("not in the model's words.txt"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.logProb(6));
            assertTrue(e.getMessage().contains("#0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.successor(0));
            assertEquals(s.logProbEnd(), s.logProb(EOS), 0f);
        }
        e(() -> new NeuralLm(new TinyRnnStep(7, 8, 1), VOCAB, 3, 1 << 20), "vocabulary mismatch");
    }

    private static void e(Runnable r, String text) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(ex.getMessage().contains(text), ex.getMessage());
    }
}
