package moglm.train.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#stepPacked} (parameters and gradients of the ranges only, packed) gives bit for
 * bit the parameters and slots of {@link Optimizer#stepRanges} on full arrays, over several steps
 * with different ranges, for every optimiser and weight decay.
 */
class PackedStepTest {
    private static Optimizer make(String name, int n, double wd) {
        return switch (name) {
            case "sgd" -> new Sgd(n, 0, wd);
            case "sgdm" -> new Sgd(n, 0.9, wd);
            case "adam" -> new Adam(n, 0.9, 0.999, 1e-8, wd, false);
            case "adamw" -> new Adam(n, 0.9, 0.999, 1e-8, wd, true);
            case "rmsprop" -> new RmsProp(n, 0.99, 1e-8, wd);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @CsvSource({"sgd,0", "sgdm,0.01", "adam,0", "adam,0.01", "adamw,0.01", "rmsprop,0", "rmsprop,0.01"})
    void packedEqualsRanges(String name, double wd) {
        int n = 1000;
        Random rnd = new Random(3);
        Optimizer full = make(name, n, wd), packed = make(name, n, wd);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = (float) rnd.nextGaussian();
        float[] mirror = p.clone();
        for (int step = 0; step < 6; step++) {
            int[] from = {0, 100 + 7 * step, 400, 990 - step}, to = {50, 130 + 7 * step, 400 + 3 * step + 1, 1000};
            float[] g = new float[n];
            int total = 0;
            for (int r = 0; r < 4; r++) {
                for (int i = from[r]; i < to[r]; i++) g[i] = (float) rnd.nextGaussian();
                total += to[r] - from[r];
            }
            float[] pp = new float[total + 5], gp = new float[total + 5];   // room at the end, as the trainer keeps
            for (int r = 0, at = 0; r < 4; r++) {
                for (int i = from[r]; i < to[r]; i++, at++) {
                    pp[at] = mirror[i];
                    gp[at] = g[i];
                }
            }
            full.stepRanges(p, g, 0.01, from, to, 4);
            packed.stepPacked(pp, gp, 0.01, from, to, 4);
            for (int r = 0, at = 0; r < 4; r++) for (int i = from[r]; i < to[r]; i++, at++) mirror[i] = pp[at];
            assertArrayEquals(p, mirror, "step " + step);
            for (String s : full.slots().keySet()) assertArrayEquals(full.slots().get(s), packed.slots().get(s), s + " step " + step);
            assertEquals(full.steps(), packed.steps());
        }
    }

    @Test void refusesTooShortPackedArraysAndBadRanges() {
        Optimizer o = make("adam", 10, 0);
        assertThrows(IllegalArgumentException.class, () -> o.stepPacked(new float[3], new float[3], 0.1, new int[] {0}, new int[] {4}, 1));
        assertThrows(IllegalArgumentException.class, () -> o.stepPacked(new float[3], new float[3], 0.1, new int[] {9}, new int[] {11}, 1));
        assertEquals(0, o.steps());
    }
}
