package moglm.kaldi.score;

/**
 * The sequence of glibc's {@code rand()} (the default TYPE_3 additive feedback generator), so
 * tools that call {@code rand()} without seeding (seed 1), like Kaldi's compute-wer-bootci, can
 * be reproduced number for number.
 *
 * <p>Algorithm (glibc {@code srandom_r} / {@code random_r}): r[0] = seed; r[i] = 16807 r[i-1]
 * mod (2^31 - 1) for i = 1..30 (Schrage's method); r[i] = r[i-31] for i = 31..33; afterwards
 * r[i] = r[i-31] + r[i-3] (mod 2^32). The first 310 values after the 34 seeds are discarded and
 * each output is {@code r[i] >>> 1}, in 0..RAND_MAX = 2^31 - 1.
 */
public final class GlibcRand {
    /** glibc's RAND_MAX. */
    public static final int RAND_MAX = Integer.MAX_VALUE;

    private final int[] ring = new int[34];
    private int pos;

    /** A generator in the state {@code srand(seed)} leaves (seed 0 acts as 1, as in glibc). */
    public GlibcRand(int seed) {
        long r = seed == 0 ? 1 : seed & 0xffffffffL;
        int[] init = new int[34];
        init[0] = (int) r;
        for (int i = 1; i < 31; i++) {
            // 16807 * r mod (2^31-1), computed in signed 32-bit as glibc does
            int prev = init[i - 1];
            int hi = prev / 127773, lo = prev % 127773;
            int word = 16807 * lo - 2836 * hi;
            if (word < 0) word += 2147483647;
            init[i] = word;
        }
        for (int i = 31; i < 34; i++) init[i] = init[i - 31];
        System.arraycopy(init, 0, ring, 0, 34);
        pos = 0; // ring holds the last 34 values; pos is the index of the oldest (i - 34)
        for (int i = 0; i < 310; i++) step();
    }

    private int step() {
        // ring[pos] is r[i-34]; r[i-31] is at pos+3, r[i-3] at pos+31 (mod 34)
        int v = ring[(pos + 3) % 34] + ring[(pos + 31) % 34];
        ring[pos] = v;
        pos = (pos + 1) % 34;
        return v;
    }

    /** The next {@code rand()} value. */
    public int next() {
        return step() >>> 1;
    }
}
