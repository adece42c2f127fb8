package moglm.rescore.neural;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used cache of next-word distributions (one float per model index, the bulk of an
 * LM state's memory), bounded by bytes. Keyed by the unique id of an {@link LmState}; an evicted
 * distribution is recomputed deterministically from the state's inputs, so eviction never changes
 * a result. Thread-safe (one lock; the work done under it is a hash lookup).
 */
final class DistributionCache {
    private static final long OVERHEAD_BYTES = 64;
    private final long maxBytes;
    private long bytes;
    private long hits;
    private long misses;
    private final LinkedHashMap<Long, float[]> map = new LinkedHashMap<>(1024, 0.75f, true);

    DistributionCache(long maxBytes) {
        if (maxBytes <= 0) throw new IllegalArgumentException("cache size must be > 0 bytes, got " + maxBytes);
        this.maxBytes = maxBytes;
    }

    private static long sizeOf(float[] d) {
        return 4L * d.length + OVERHEAD_BYTES;
    }

    synchronized float[] get(long id) {
        float[] d = map.get(id);
        if (d == null) misses++;
        else hits++;
        return d;
    }

    synchronized void put(long id, float[] dist) {
        float[] old = map.put(id, dist);
        if (old != null) bytes -= sizeOf(old);
        bytes += sizeOf(dist);
        Iterator<Map.Entry<Long, float[]>> it = map.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Long, float[]> e = it.next();
            if (e.getKey() == id) continue;   // never evict what was just added
            bytes -= sizeOf(e.getValue());
            it.remove();
        }
    }

    synchronized void remove(long id) {
        float[] old = map.remove(id);
        if (old != null) bytes -= sizeOf(old);
    }

    synchronized long bytes() { return bytes; }

    synchronized int size() { return map.size(); }

    synchronized long hits() { return hits; }

    synchronized long misses() { return misses; }

    long maxBytes() { return maxBytes; }
}
