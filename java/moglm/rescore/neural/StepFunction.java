package moglm.rescore.neural;

/**
 * What {@link NeuralLm} needs from a network: one recurrent step over a batch of independent
 * sequences, and the output layer asked either for single words (a dot product each) or for its
 * normalizer. Implementations must be thread-safe (several decoders call concurrently) and
 * deterministic per row: a row's results depend only on that row's inputs, never on the batch
 * size or on the other rows (so that caching and batching never change a score).
 *
 * <p>{@link MogrifierStepFunction} adapts {@code moglm.model.MogrifierLM}.
 */
public interface StepFunction {
    /** Number of model indices (softmax size). */
    int vocabSize();

    /** Floats of recurrent state per sequence (for the Mogrifier LSTM: h and c of every layer). */
    int stateSize();

    /**
     * For b in 0..batch-1: reads state row b of {@code statesIn} (batch x stateSize, row-major),
     * consumes model index {@code inputs[b]} and writes the successor state to row b of
     * {@code statesOut}.
     */
    void step(float[] statesIn, int[] inputs, int batch, float[] statesOut);

    /**
     * Raw output scores (logits, before any normalization): {@code out[i] = z(outputs[i] | state
     * row rows[i] of states)} for i &lt; n; {@code states} holds numStates rows. For a
     * self-normalized model this is the log-probability (Kaldi's {@code normalize-probs=false}).
     */
    void logits(float[] states, int numStates, int[] rows, int[] outputs, int n, float[] out);

    /**
     * {@code logZ[b] = log sum_w exp(z(w | state row b))} for b &lt; batch (the exact log-softmax
     * of w is {@code z(w) - logZ}); {@code logitsOrNull} (batch x vocabSize) also receives all
     * z(w), equal to what {@link #logits} gives.
     */
    void logNormalizers(float[] states, int batch, float[] logZ, float[] logitsOrNull);
}
