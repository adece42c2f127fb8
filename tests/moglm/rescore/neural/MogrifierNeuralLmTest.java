package moglm.rescore.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
            for (int i = 0; i < out.length; i++) assertEquals(sb.get(i).logProb(words.get(i)), out[i], 2e-5f, "pair " + i);
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
}
