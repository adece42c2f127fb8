package moglm.model;

import java.lang.management.ManagementFactory;

/**
 * Refuses, before any native allocation, a model whose memory estimate
 * ({@link ModelConfig#memoryEstimate()}) exceeds the machine's physical memory: such a model
 * cannot run here, and asking the native allocator for it ends in {@code std::bad_alloc} or in
 * the kernel's OOM killer instead of a message.
 */
public final class MemoryLimit {
    private MemoryLimit() {}

    /** Physical memory of the machine, bytes (Long.MAX_VALUE when the JVM cannot tell). */
    public static long physicalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                long total = os.getTotalMemorySize();
                if (total > 0) return total;
            }
        } catch (RuntimeException | LinkageError e) {
            // unknown: no limit
        }
        return Long.MAX_VALUE;
    }

    /** @throws IllegalArgumentException when the model would not fit in physical memory */
    public static void check(ModelConfig c) {
        long need = c.memoryEstimate(), have = physicalMemory();
        if (need > have) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "model needs about %.1f GB of memory (%d parameters; vocab_size=%d, embed_size=%d, hidden_size=%d,"
                            + " layers=%d, rounds=%d), more than this machine's %.1f GB",
                    need / 1e9, c.numParams(), c.vocabSize(), c.embedSize(), c.hiddenSize(), c.layers(), c.rounds(), have / 1e9));
        }
    }
}
