package moglm.rescore.neural;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Least-recently-used bound on the recurrent vectors held by {@link LmState}s (the bulk of a
 * state's memory: 2 x layers x hidden floats), in bytes, shared by all sessions of a
 * {@link NeuralLm}. Evicting a state drops its vector; it is recomputed from its parent's when
 * needed, bit-identically (the step is batch-independent, {@link StepFunction}), so the bound
 * never changes a result. Thread-safe (one lock; the work under it is a hash update).
 */
final class StateCache {
    static final long OVERHEAD_BYTES = 64;
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<LmState, Long> map = new LinkedHashMap<>(1024, 0.75f, true);

    StateCache(long maxBytes) {
        if (maxBytes <= 0) throw new IllegalArgumentException("cache size must be > 0 bytes, got " + maxBytes);
        this.maxBytes = maxBytes;
    }

    /** Marks s's vector (just set) as most recently used, evicting the least recent others. */
    synchronized void add(LmState s, int floats) {
        long size = 4L * floats + OVERHEAD_BYTES;
        Long old = map.put(s, size);
        if (old != null) bytes -= old;
        bytes += size;
        Iterator<java.util.Map.Entry<LmState, Long>> it = map.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            var e = it.next();
            if (e.getKey() == s) continue;   // never evict what was just added
            bytes -= e.getValue();
            e.getKey().recurrent = null;
            it.remove();
        }
    }

    /** Marks s as used (LRU order). */
    synchronized void touch(LmState s) {
        map.get(s);
    }

    synchronized void remove(LmState s) {
        Long old = map.remove(s);
        if (old != null) bytes -= old;
    }

    synchronized long bytes() { return bytes; }

    synchronized int size() { return map.size(); }

    long maxBytes() { return maxBytes; }
}
