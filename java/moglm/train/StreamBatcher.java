package moglm.train;

import moglm.model.Vocabulary;

/**
 * PTB-style batching of the concatenated stream: the N prediction targets are split into B
 * contiguous columns (column b covers stream positions {@code [b*N/B, (b+1)*N/B)} as inputs, each
 * predicting the next token), and the columns are read in parallel, T steps per chunk, with the
 * recurrent state carried from chunk to chunk (the state is reset only at the start of a pass).
 * Columns differ in length by at most one; the shorter ones and the last chunk are padded with
 * target -1, so every target of the text is predicted exactly once per pass, and a pass with B = 1
 * is the exact "state carried over the whole text" evaluation.
 */
public final class StreamBatcher implements Batcher {
    private final int[] stream;
    private final int batch, bptt;
    private final long n;
    private final long[] colStart;
    private final int[] colLen;
    private final int maxLen;

    public StreamBatcher(Corpus corpus, int batch, int bptt) {
        if (batch < 1 || bptt < 1) throw new IllegalArgumentException("batch and bptt must be >= 1, got " + batch + ", " + bptt);
        this.stream = corpus.stream();
        this.batch = batch;
        this.bptt = bptt;
        this.n = stream.length - 1L;
        if (n < 1) throw new IllegalArgumentException(corpus.source() + ": no tokens to train or evaluate on");
        colStart = new long[batch];
        colLen = new int[batch];
        int m = 0;
        for (int b = 0; b < batch; b++) {
            colStart[b] = b * n / batch;
            colLen[b] = (int) ((b + 1) * n / batch - colStart[b]);
            m = Math.max(m, colLen[b]);
        }
        maxLen = m;
    }

    @Override public int numChunks() { return (maxLen + bptt - 1) / bptt; }

    @Override public int batch() { return batch; }

    @Override public long targetCount() { return n; }

    @Override public Chunk chunk(int c) {
        if (c < 0 || c >= numChunks()) throw new IndexOutOfBoundsException("chunk " + c + " of " + numChunks());
        int t0 = c * bptt;
        int steps = Math.min(bptt, maxLen - t0);
        int[] in = new int[steps * batch];
        int[] tg = new int[steps * batch];
        long count = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int i = t * batch + b;
                if (t0 + t < colLen[b]) {
                    int p = (int) (colStart[b] + t0 + t);
                    in[i] = stream[p];
                    tg[i] = stream[p + 1];
                    count++;
                } else {
                    in[i] = Vocabulary.EOS_INDEX;
                    tg[i] = -1;
                }
            }
        }
        int[] reset = new int[0];
        if (c == 0) {
            reset = new int[batch];
            for (int b = 0; b < batch; b++) reset[b] = b;
        }
        return new Chunk(steps, batch, in, tg, reset, count);
    }
}
