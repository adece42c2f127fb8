package moglm.rescore.neural;

import moglm.model.MogrifierLM;
import moglm.model.State;

/**
 * {@link StepFunction} over {@link MogrifierLM#step}: copies the B input states into a native
 * {@code State}, runs one thread-safe step, copies states and log-probs back out.
 */
public final class MogrifierStepFunction implements StepFunction {
    private final MogrifierLM model;
    private final int stateSize;

    public MogrifierStepFunction(MogrifierLM model) {
        this.model = model;
        try (State probe = model.newState(1)) {
            this.stateSize = probe.sizePerSequence();
        }
    }

    @Override public int vocabSize() { return model.config().vocabSize(); }

    @Override public int stateSize() { return stateSize; }

    @Override public void step(float[] statesIn, int[] inputs, int batch, float[] statesOut, float[] logProbsOut) {
        float[] row = new float[stateSize];
        try (State st = model.newState(batch)) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(statesIn, b * stateSize, row, 0, stateSize);
                st.set(b, row);
            }
            int[] words = inputs.length == batch ? inputs : java.util.Arrays.copyOf(inputs, batch);
            model.step(words, batch, st, logProbsOut);
            for (int b = 0; b < batch; b++) {
                st.get(b, row);
                System.arraycopy(row, 0, statesOut, b * stateSize, stateSize);
            }
        }
    }
}
