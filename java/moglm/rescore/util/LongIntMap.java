package moglm.rescore.util;

import java.util.Arrays;

/**
 * Open-addressing hash map from long keys to non-negative int values, without boxing (the
 * composers map state pairs to state ids millions of times). {@link #get} returns -1 when absent.
 */
public final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    public LongIntMap() {
        this(16);
    }

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new int[cap];
        mask = cap - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value stored for {@code key}, or -1. */
    public int get(long key) {
        if (key == EMPTY) throw new IllegalArgumentException("key Long.MIN_VALUE is reserved");
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return -1;
            i = (i + 1) & mask;
        }
    }

    /** Stores {@code value} (>= 0) for {@code key}, replacing any previous value. */
    public void put(long key, int value) {
        if (key == EMPTY) throw new IllegalArgumentException("key Long.MIN_VALUE is reserved");
        if (value < 0) throw new IllegalArgumentException("negative value " + value);
        if (2 * (size + 1) > keys.length) rehash();
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) { values[i] = value; return; }
            if (k == EMPTY) { keys[i] = key; values[i] = value; size++; return; }
            i = (i + 1) & mask;
        }
    }

    public int size() { return size; }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) put(oldKeys[i], oldValues[i]);
        }
    }
}
