package moglm.rescore.neural;

import java.util.Arrays;
import moglm.model.MogrifierLM;
import moglm.model.State;

/**
 * {@link StepFunction} over a {@link MogrifierLM}: the step is {@link MogrifierLM#stepStates}
 * (states copied into a native {@code State} and back); the output layer reads the top layer's
 * h out of the state row ({@link State} layout {@code [layer][h|c][unit]}) and calls
 * {@link MogrifierLM#outputLogits} / {@link MogrifierLM#outputLogNorm}. All of them use
 * fixed-order products, so a row's results do not depend on the batch.
 */
public final class MogrifierStepFunction implements StepFunction {
    private final MogrifierLM model;
    private final int stateSize;
    private final int hidden;
    private final int topOffset;

    public MogrifierStepFunction(MogrifierLM model) {
        this.model = model;
        try (State probe = model.newState(1)) {
            this.stateSize = probe.sizePerSequence();
        }
        this.hidden = model.config().hiddenSize();
        this.topOffset = 2 * (model.config().layers() - 1) * hidden;
    }

    @Override public int vocabSize() { return model.config().vocabSize(); }

    @Override public int stateSize() { return stateSize; }

    @Override public void step(float[] statesIn, int[] inputs, int batch, float[] statesOut) {
        float[] row = new float[stateSize];
        try (State st = model.newState(batch)) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(statesIn, b * stateSize, row, 0, stateSize);
                st.set(b, row);
            }
            int[] words = inputs.length == batch ? inputs : Arrays.copyOf(inputs, batch);
            model.stepStates(words, batch, st);
            for (int b = 0; b < batch; b++) {
                st.get(b, row);
                System.arraycopy(row, 0, statesOut, b * stateSize, stateSize);
            }
        }
    }

    /** The top layer's h of each of the n state rows, n x hidden. */
    private float[] topHidden(float[] states, int n) {
        float[] h = new float[n * hidden];
        for (int b = 0; b < n; b++) System.arraycopy(states, b * stateSize + topOffset, h, b * hidden, hidden);
        return h;
    }

    @Override public void logits(float[] states, int numStates, int[] rows, int[] outputs, int n, float[] out) {
        if (n == 0) return;
        model.outputLogits(topHidden(states, numStates), numStates, rows, outputs, n, out);
    }

    @Override public void logNormalizers(float[] states, int batch, float[] logZ, float[] logitsOrNull) {
        model.outputLogNorm(topHidden(states, batch), batch, logZ, logitsOrNull);
    }
}
