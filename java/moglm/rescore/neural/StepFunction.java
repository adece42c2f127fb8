package moglm.rescore.neural;

/**
 * One recurrent step of a neural LM over a batch of independent sequences, the only thing
 * {@link NeuralLm} needs from a model. Implementations must be thread-safe (several decoders call
 * concurrently) and deterministic (the same inputs give bit-identical outputs).
 *
 * <p>{@link MogrifierStepFunction} adapts {@code moglm.model.MogrifierLM.step}.
 */
public interface StepFunction {
    /** Number of model indices (softmax size). */
    int vocabSize();

    /** Floats of recurrent state per sequence (for the Mogrifier LSTM: h and c of every layer). */
    int stateSize();

    /**
     * For b in 0..B-1: reads state row b of {@code statesIn} (B x stateSize, row-major), consumes
     * model index {@code inputs[b]}, writes the successor state to row b of {@code statesOut} and
     * log P(. | history) over the model indices to row b of {@code logProbsOut} (B x vocabSize).
     */
    void step(float[] statesIn, int[] inputs, int batch, float[] statesOut, float[] logProbsOut);
}
