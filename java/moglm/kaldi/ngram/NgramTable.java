package moglm.kaldi.ngram;

import java.util.Arrays;

/**
 * The n-grams of one order k &gt;= 2, stored as a hashed trie level: an n-gram w1..wk is the pair
 * (index of its prefix w1..w(k-1) in the order k-1 level, wk), packed in one {@code long} key
 * {@code prefixIndex << 32 | wk}. Entries live in parallel primitive arrays in insertion order
 * (key, ln-probability, ln-back-off, back-off state); an open-addressing table with linear
 * probing maps keys to entry indices. About 20-30 bytes per n-gram, no object per n-gram.
 *
 * <p>A NaN probability marks a "context-only" entry: an n-gram that is not in the ARPA file but is
 * the prefix of one that is (inserted so every n-gram has its prefix, as the trie needs).
 */
final class NgramTable {
    private static final float MAX_LOAD = 0.6f;

    final int order;
    final boolean hasBackoff;
    long[] keys;
    float[] logProb;
    float[] backoff;      // null for the highest order
    int[] backoffState;   // state of the longest proper suffix present (null for the highest order)
    int size;
    private int[] slots;  // entry index + 1, 0 = empty
    private int mask;

    private final long declared;

    /**
     * @param initial  entries to allocate now (bounded by the caller, so a bogus header cannot
     *                 exhaust memory)
     * @param declared the count the file declares: a growth jumps straight to it when it is at
     *                 most 4 times the current capacity, so a large table is resized once, not
     *                 many times
     */
    NgramTable(int order, boolean hasBackoff, int initial, long declared) {
        this.order = order;
        this.hasBackoff = hasBackoff;
        this.declared = declared;
        int cap = Math.max(16, initial);
        keys = new long[cap];
        logProb = new float[cap];
        if (hasBackoff) {
            backoff = new float[cap];
            backoffState = new int[cap];
        }
        int need = (int) Math.min(1 << 30, (long) Math.ceil(cap / MAX_LOAD));
        int slotCount = Math.max(16, Integer.highestOneBit(need - 1) << 1);
        slots = new int[slotCount];
        mask = slotCount - 1;
    }

    static long key(int prefixIndex, int word) {
        return ((long) prefixIndex << 32) | (word & 0xffffffffL);
    }

    static int prefixOf(long key) { return (int) (key >>> 32); }

    static int wordOf(long key) { return (int) key; }

    private static int hash(long key) {
        // murmur3 fmix64
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }

    /** The entry index of {@code key}, or -1. */
    int find(long key) {
        int s = hash(key) & mask;
        while (true) {
            int e = slots[s];
            if (e == 0) return -1;
            if (keys[e - 1] == key) return e - 1;
            s = (s + 1) & mask;
        }
    }

    /**
     * Adds an entry unless {@code key} is present: returns the new entry's index, or
     * {@code -1 - existingIndex} when the key was already there (nothing is changed then).
     */
    int insert(long key, float lp, float bo) {
        if (size + 1 > (int) (slots.length * MAX_LOAD)) growSlots(size + 1);
        int s = hash(key) & mask;
        while (true) {
            int e = slots[s];
            if (e == 0) break;
            if (keys[e - 1] == key) return -e;
            s = (s + 1) & mask;
        }
        if (size == keys.length) growEntries();
        int idx = size++;
        keys[idx] = key;
        logProb[idx] = lp;
        if (hasBackoff) backoff[idx] = bo;
        slots[s] = idx + 1;
        return idx;
    }

    private long nextCapacity(long current) {
        long grown = current + (current >> 1) + 16;
        // jump to the declared size when it is plausible (a bogus huge count grows step by step)
        if (declared > current && declared <= 4 * current) grown = Math.max(grown, declared);
        return Math.min(Integer.MAX_VALUE - 8, grown);
    }

    private void growEntries() {
        int cap = (int) nextCapacity(keys.length);
        keys = Arrays.copyOf(keys, cap);
        logProb = Arrays.copyOf(logProb, cap);
        if (hasBackoff) {
            backoff = Arrays.copyOf(backoff, cap);
            backoffState = Arrays.copyOf(backoffState, cap);
        }
    }

    private void growSlots(int needed) {
        long want = (long) Math.ceil(Math.max(needed, Math.min(nextCapacity(size), Integer.MAX_VALUE - 8)) / MAX_LOAD);
        int n = slots.length << 1;
        while (n < want && n < (1 << 30)) n <<= 1;
        int[] bigger = new int[n];
        int m = bigger.length - 1;
        for (int i = 0; i < size; i++) {
            int s = hash(keys[i]) & m;
            while (bigger[s] != 0) s = (s + 1) & m;
            bigger[s] = i + 1;
        }
        slots = bigger;
        mask = m;
    }

    /** Releases the unused tail of the entry arrays after loading. */
    void trim() {
        if (keys.length != size) {
            keys = Arrays.copyOf(keys, size);
            logProb = Arrays.copyOf(logProb, size);
            if (hasBackoff) {
                backoff = Arrays.copyOf(backoff, size);
                backoffState = Arrays.copyOf(backoffState, size);
            }
        }
    }

    /** Bytes held by this level's arrays. */
    long bytes() {
        long b = keys.length * 8L + logProb.length * 4L + slots.length * 4L;
        if (hasBackoff) b += backoff.length * 4L + backoffState.length * 4L;
        return b;
    }
}
