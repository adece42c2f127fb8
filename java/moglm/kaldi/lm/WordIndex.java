package moglm.kaldi.lm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps the UTF-8 bytes of a word straight to its id, so ARPA lines can be resolved without
 * decoding a String per token. Open addressing over (hash, offset into a byte pool); used while
 * loading only.
 */
final class WordIndex {
    private byte[] pool = new byte[1 << 16];
    private int poolSize;
    private int[] offsets = new int[1024];   // word i occupies pool[offsets[i] .. offsets[i+1])
    private int[] ids = new int[1023];
    private int count;
    private int[] slots = new int[2048];     // word number + 1, 0 = empty
    private int mask = 2047;

    private static int hash(byte[] b, int s, int e) {
        int h = 0x811c9dc5;
        for (int i = s; i < e; i++) {
            h ^= b[i];
            h *= 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** The id stored for bytes b[s..e), or {@code Integer.MIN_VALUE} when absent. */
    int get(byte[] b, int s, int e) {
        int slot = hash(b, s, e) & mask;
        int len = e - s;
        while (true) {
            int n = slots[slot];
            if (n == 0) return Integer.MIN_VALUE;
            int ws = offsets[n - 1], we = offsets[n];
            if (we - ws == len && Arrays.equals(pool, ws, we, b, s, e)) return ids[n - 1];
            slot = (slot + 1) & mask;
        }
    }

    /** Records id for bytes b[s..e) (which must be absent). */
    void put(byte[] b, int s, int e, int id) {
        int len = e - s;
        if (poolSize + len > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + len));
        if (count + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
            ids = Arrays.copyOf(ids, offsets.length - 1);
        }
        System.arraycopy(b, s, pool, poolSize, len);
        offsets[count] = poolSize;
        poolSize += len;
        offsets[count + 1] = poolSize;
        ids[count] = id;
        count++;
        if (count * 2 > slots.length) rehash();
        int slot = hash(b, s, e) & mask;
        while (slots[slot] != 0) slot = (slot + 1) & mask;
        slots[slot] = count;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int n = 1; n <= count - 1; n++) {
            int slot = hash(pool, offsets[n - 1], offsets[n]) & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = n;
        }
    }

    static String decode(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}
