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

    /**
     * Result of one evaluation: summed cross-entropy (nats), the number of targets, and the sum
     * and sum of squares of log Z (the log normalizer of the softmax) over the targets' positions.
     */
    public record Result(double lossSum, long count, double logZSum, double logZSquares, double logZAbsSum) {
        public Result(double lossSum, long count) { this(lossSum, count, Double.NaN, Double.NaN, Double.NaN); }
        /** Mean |log Z| over the targets. */
        public double meanAbsLogZ() { return logZAbsSum / count; }
        public double meanLoss() { return lossSum / count; }
        public double perplexity() { return Math.exp(meanLoss()); }
        /** Mean log Z over the targets (0 for a perfectly self-normalized model). */
        public double meanLogZ() { return logZSum / count; }
        /** Standard deviation of log Z over the targets. */
        public double stdLogZ() {
            double m = meanLogZ();
            return Math.sqrt(Math.max(0, logZSquares / count - m * m));
        }
    }

    public static Result evaluate(MogrifierLM model, Corpus corpus, int batch, int bptt, boolean resetAtSentenceStart) {
        Batcher batcher = resetAtSentenceStart ? new SentenceBatcher(corpus, batch, bptt) : new StreamBatcher(corpus, batch, bptt);
        return evaluate(model, batcher);
    }

    public static Result evaluate(MogrifierLM model, Batcher batcher) {
        double sum = 0, zSum = 0, zSq = 0, zAbs = 0;
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
                double[] logZ = new double[ch.steps() * ch.batch()];
                model.logNormalizers(logZ);
                int[] tg = ch.targets();
                for (int p = 0; p < logZ.length; p++)
                    if (tg[p] >= 0) {
                        zSum += logZ[p];
                        zSq += logZ[p] * logZ[p];
                        zAbs += Math.abs(logZ[p]);
                    }
            }
        }
        if (count != batcher.targetCount()) {
            throw new IllegalStateException("evaluated " + count + " targets, expected " + batcher.targetCount());
        }
        return new Result(sum, count, zSum, zSq, zAbs);
    }
}
