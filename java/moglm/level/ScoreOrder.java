package moglm.level;

import java.util.Arrays;

/**
 * Ascending order of non-negative scores with ties broken by position, computed with a
 * primitive sort: for non-negative floats the IEEE bit pattern orders like the value, so
 * {@code (bits << 32) | position} sorts as (score, position).
 */
final class ScoreOrder {
    private ScoreOrder() {}

    /** Positions 0..n-1 of {@code score(i)} sorted ascending by score, ties by position. */
    static int[] ascending(float[] scores, int[] flatIndex) {
        int n = flatIndex.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            float s = scores[flatIndex[i]];
            if (!(s >= 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("importance score must be finite and >= 0, got " + s
                        + " at parameter index " + flatIndex[i]);
            }
            int bits = Float.floatToIntBits(s + 0.0f); // +0.0f turns -0.0 into 0.0
            keys[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = (int) keys[i];
        return order;
    }

    /** Same for scores given directly per position. */
    static int[] ascending(double[] scores) {
        float[] f = new float[scores.length];
        int[] idx = new int[scores.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) scores[i];
            idx[i] = i;
        }
        return ascending(f, idx);
    }
}
