package moglm.train;

/**
 * Cuts a {@link Corpus} into the truncated-BPTT chunks of one pass (epoch) over it. Chunk
 * {@code c} of a pass is a pure function of {@code c}, so a training run can resume at any chunk.
 */
public interface Batcher {
    /** Chunks in one pass. */
    int numChunks();

    /** Chunk {@code c} (0 &lt;= c &lt; numChunks()). Chunk 0 resets every sequence. */
    Chunk chunk(int c);

    /** Sequences per chunk (B). */
    int batch();

    /** Targets in one pass (padding excluded). */
    long targetCount();
}
