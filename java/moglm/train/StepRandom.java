package moglm.train;

import java.util.Random;

/**
 * The random stream of one training step, derived from (seed, step) alone, so that a resumed run
 * draws the same dropout masks as an uninterrupted one without saving any generator state.
 * The two numbers are mixed with the SplitMix64 finaliser (Steele et al. 2014).
 */
public final class StepRandom {
    private StepRandom() {}

    public static Random of(long seed, long step) {
        return new Random(mix(mix(seed) + 0x9E3779B97F4A7C15L * (step + 1)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
