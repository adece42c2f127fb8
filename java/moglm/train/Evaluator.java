package moglm.train;

import moglm.model.MogrifierLM;
import moglm.model.State;

/**
 * Perplexity of a model on a corpus, PTB convention: every word and every {@code </s>} is a
 * target ({@link Corpus}), no dropout, the state carried from chunk to chunk (over the whole text
 * when {@code batch == 1}; over each of {@code batch} contiguous columns otherwise), or zeroed at
 * every sentence start when {@code resetAtSentenceStart}.
 * {@code ppl = exp(sum of -ln P(target) / number of targets)}.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Result of one evaluation: summed cross-entropy (nats) and the number of targets. */
    public record Result(double lossSum, long count) {
        public double meanLoss() { return lossSum / count; }
        public double perplexity() { return Math.exp(meanLoss()); }
    }

    public static Result evaluate(MogrifierLM model, Corpus corpus, int batch, int bptt, boolean resetAtSentenceStart) {
        Batcher batcher = resetAtSentenceStart ? new SentenceBatcher(corpus, batch, bptt) : new StreamBatcher(corpus, batch, bptt);
        return evaluate(model, batcher);
    }

    public static Result evaluate(MogrifierLM model, Batcher batcher) {
        double sum = 0;
        long count = 0;
        try (State state = model.newState(batcher.batch())) {
            state.zero();
            for (int c = 0; c < batcher.numChunks(); c++) {
                Chunk ch = batcher.chunk(c);
                for (int b : ch.resetRows()) state.zero(b);
                model.forward(ch.inputs(), ch.steps(), ch.batch(), state, null, false);
                MogrifierLM.LossResult r = model.loss(ch.targets(), 1.0, null, 0.0, 1.0);
                sum += r.crossEntropy();
                count += r.count();
            }
        }
        if (count != batcher.targetCount()) {
            throw new IllegalStateException("evaluated " + count + " targets, expected " + batcher.targetCount());
        }
        return new Result(sum, count);
    }
}
