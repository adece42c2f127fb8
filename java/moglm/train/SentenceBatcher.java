package moglm.train;

import moglm.model.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * Batching with a state reset at every sentence start, for models that will score each utterance
 * from a fresh state (as a rescorer does). Each of the B sequences processes whole sentences in
 * corpus order: a sequence whose sentence has ended takes the next unassigned sentence at the next
 * CHUNK BOUNDARY, and its state is zeroed there ({@link Chunk#resetRows()}); a sentence longer than
 * T continues into the next chunk with its state carried. After its sentence ends within a chunk a
 * sequence idles (padding, target -1) until the boundary.
 *
 * <p>Why at chunk boundaries: the forward kernel runs T steps for all B sequences at once and a
 * state can only be zeroed between calls; splitting calls at every sentence end would cut the
 * gradient of the other sequences. Resetting at boundaries keeps gradients exact (full truncated
 * BPTT inside each sentence) at the cost of the padding: about (T - len mod T) idle steps per
 * sentence; {@link #efficiency()} reports the useful fraction (PTB with T = 35: ~0.6).
 */
public final class SentenceBatcher implements Batcher {
    private final int batch;
    private final List<int[]> inputs = new ArrayList<>();
    private final List<int[]> targets = new ArrayList<>();
    private final List<int[]> resets = new ArrayList<>();
    private final List<Integer> steps = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private final long total;
    private long slots;

    public SentenceBatcher(Corpus corpus, int batch, int bptt) {
        if (batch < 1 || bptt < 1) throw new IllegalArgumentException("batch and bptt must be >= 1, got " + batch + ", " + bptt);
        this.batch = batch;
        int[] stream = corpus.stream();
        int nSent = corpus.sentences();
        if (nSent == 0) throw new IllegalArgumentException(corpus.source() + ": no sentences");
        int[] pos = new int[batch];      // next input position of the current sentence
        int[] end = new int[batch];      // end (exclusive) of the current sentence's inputs
        int next = 0;
        long tot = 0;
        while (true) {
            List<Integer> reset = new ArrayList<>();
            boolean any = false;
            for (int b = 0; b < batch; b++) {
                if (pos[b] >= end[b] && next < nSent) {
                    pos[b] = corpus.sentenceStart(next);
                    end[b] = corpus.sentenceStart(next + 1);
                    next++;
                    reset.add(b);
                }
                any |= pos[b] < end[b];
            }
            if (!any) break;
            int t = 0;
            for (int b = 0; b < batch; b++) t = Math.max(t, Math.min(bptt, end[b] - pos[b]));
            int[] in = new int[t * batch];
            int[] tg = new int[t * batch];
            long count = 0;
            for (int s = 0; s < t; s++) {
                for (int b = 0; b < batch; b++) {
                    int i = s * batch + b;
                    if (pos[b] < end[b]) {
                        in[i] = stream[pos[b]];
                        tg[i] = stream[pos[b] + 1];
                        pos[b]++;
                        count++;
                    } else {
                        in[i] = Vocabulary.EOS_INDEX;
                        tg[i] = -1;
                    }
                }
            }
            inputs.add(in);
            targets.add(tg);
            resets.add(reset.stream().mapToInt(Integer::intValue).toArray());
            steps.add(t);
            counts.add(count);
            tot += count;
            slots += (long) t * batch;
        }
        total = tot;
    }

    @Override public int numChunks() { return inputs.size(); }

    @Override public int batch() { return batch; }

    @Override public long targetCount() { return total; }

    /** Fraction of the computed positions that are real targets (the rest is padding). */
    public double efficiency() { return slots == 0 ? 0 : (double) total / slots; }

    @Override public Chunk chunk(int c) {
        return new Chunk(steps.get(c), batch, inputs.get(c).clone(), targets.get(c).clone(), resets.get(c).clone(), counts.get(c));
    }
}
