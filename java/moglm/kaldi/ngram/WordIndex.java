package moglm.kaldi.ngram;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps the UTF-8 bytes of a word straight to its id, so ARPA lines can be resolved without
 * decoding a String per token. Used while loading only.
 *
 * <p>Layout, chosen for few cache misses per look-up: an open-addressing table of longs
 * {@code hash << 32 | (word number + 1)} (linear probing, load at most 1/2), so the hash is
 * checked without leaving the table; per word one record {@code [pool offset, length, id]} in one
 * int array; the bytes themselves in one pool.
 */
final class WordIndex {
    private byte[] pool = new byte[1 << 16];
    private int poolSize;
    private int[] records = new int[3 * 1024]; // offset, length, id per word
    private int count;
    private long[] slots = new long[2048];     // hash << 32 | (word number + 1); 0 = empty
    private int mask = 2047;

    private static int hash(byte[] b, int s, int e) {
        int h = 0x811c9dc5;
        for (int i = s; i < e; i++) {
            h ^= b[i];
            h *= 0x01000193;
        }
        // murmur3 fmix32: spread FNV's weak low bits before masking
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** The id stored for bytes b[s..e), or {@code Integer.MIN_VALUE} when absent. */
    int get(byte[] b, int s, int e) {
        int h = hash(b, s, e);
        int slot = h & mask;
        int len = e - s;
        while (true) {
            long v = slots[slot];
            if (v == 0) return Integer.MIN_VALUE;
            if ((int) (v >>> 32) == h) {
                int r = 3 * ((int) v - 1);
                if (records[r + 1] == len && sameBytes(pool, records[r], b, s, len)) return records[r + 2];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Records id for bytes b[s..e) (which must be absent). */
    void put(byte[] b, int s, int e, int id) {
        int len = e - s;
        if (poolSize + len > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + len));
        if (3 * (count + 1) > records.length) records = Arrays.copyOf(records, records.length * 2);
        System.arraycopy(b, s, pool, poolSize, len);
        int r = 3 * count;
        records[r] = poolSize;
        records[r + 1] = len;
        records[r + 2] = id;
        poolSize += len;
        count++;
        if (count * 2 > slots.length) rehash();
        insert(hash(b, s, e), count);
    }

    private void insert(int h, int number) {
        int slot = h & mask;
        while (slots[slot] != 0) slot = (slot + 1) & mask;
        slots[slot] = ((long) h << 32) | (number & 0xffffffffL);
    }

    private void rehash() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = slots.length - 1;
        for (long v : old) if (v != 0) insert((int) (v >>> 32), (int) v);
    }

    /** a[as..as+len) == b[bs..bs+len); a plain loop, faster than Arrays.equals for short words. */
    static boolean sameBytes(byte[] a, int as, byte[] b, int bs, int len) {
        for (int i = 0; i < len; i++) if (a[as + i] != b[bs + i]) return false;
        return true;
    }

    static String decode(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}
