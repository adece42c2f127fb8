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
    private int[] hashes = new int[1023];
    private int count;
    private int[] slots = new int[2048];     // word number + 1, 0 = empty
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
            int n = slots[slot];
            if (n == 0) return Integer.MIN_VALUE;
            if (hashes[n - 1] == h) {
                int ws = offsets[n - 1], we = offsets[n];
                if (we - ws == len && sameBytes(pool, ws, b, s, len)) return ids[n - 1];
            }
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
            hashes = Arrays.copyOf(hashes, offsets.length - 1);
        }
        System.arraycopy(b, s, pool, poolSize, len);
        offsets[count] = poolSize;
        poolSize += len;
        offsets[count + 1] = poolSize;
        ids[count] = id;
        int h = hash(b, s, e);
        hashes[count] = h;
        count++;
        if (count * 2 > slots.length) rehash();
        int slot = h & mask;
        while (slots[slot] != 0) slot = (slot + 1) & mask;
        slots[slot] = count;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int n = 1; n <= count - 1; n++) {
            int slot = hashes[n - 1] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = n;
        }
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
