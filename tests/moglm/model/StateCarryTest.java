package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Truncated BPTT carries (h, c) from one forward call into the next: T steps in one call must give
 * the same log-probabilities as the same steps split over two calls, for every layer count, batch
 * and size (sizes large enough to take the vectorised paths).
 */
class StateCarryTest {

    @ParameterizedTest(name = "L={0} r={1} H={2} B={3}")
    @CsvSource({"1, 0, 32, 4", "2, 0, 32, 4", "2, 5, 32, 4", "3, 2, 24, 3", "2, 5, 40, 1"})
    void oneCallEqualsTwoCalls(int layers, int r, int H, int B) {
        ModelConfig c = new ModelConfig(50, H, H, layers, r, 0, true);
        int T = 6, half = 3, V = c.vocabSize();
        Random rng = new Random(11);
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 7, 0.5);
             State whole = lm.newState(B); State split = lm.newState(B)) {
            int[] in = TinyModels.words(rng, T * B, V);
            lm.forward(in, T, B, whole, null, false);
            float[] expected = new float[T * B * V];
            lm.logProbs(expected);
            int[] first = java.util.Arrays.copyOfRange(in, 0, half * B);
            int[] second = java.util.Arrays.copyOfRange(in, half * B, T * B);
            float[] a = new float[half * B * V], b = new float[(T - half) * B * V];
            lm.forward(first, half, B, split, null, false);
            lm.logProbs(a);
            lm.forward(second, T - half, B, split, null, false);
            lm.logProbs(b);
            double maxDiff = 0;
            for (int i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - expected[i]));
            for (int i = 0; i < b.length; i++) maxDiff = Math.max(maxDiff, Math.abs(b[i] - expected[a.length + i]));
            System.out.printf("state carry L=%d r=%d H=%d B=%d: max abs diff %.2e%n", layers, r, H, B, maxDiff);
            assertTrue(maxDiff <= 1e-5, "max abs diff " + maxDiff);
        }
    }
}
