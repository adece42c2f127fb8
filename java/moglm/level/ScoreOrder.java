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
        for (int i = 0; i < n; i++) keys[i] = key(scores, flatIndex[i], i);
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = (int) keys[i];
        return order;
    }

    /**
     * The sort key of position {@code position} whose score is {@code scores[index]}:
     * {@code (bits << 32) | position}; the position is the key's low 32 bits ({@code (int) key}).
     */
    static long key(float[] scores, int index, int position) {
        float s = scores[index];
        if (!(s >= 0) || Float.isInfinite(s)) {
            throw new IllegalArgumentException("importance score must be finite and >= 0, got " + s
                    + " at parameter index " + index);
        }
        int bits = Float.floatToIntBits(s + 0.0f); // +0.0f turns -0.0 into 0.0
        return ((long) bits << 32) | position;
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
