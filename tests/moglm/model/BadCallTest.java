package moglm.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong calls raise IllegalArgumentException / IllegalStateException with a message; nothing crashes. */
class BadCallTest {
    final ModelConfig c = new ModelConfig(10, 4, 4, 2, 2, 0, true);

    static void iae(String fragment, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage() != null && x.getMessage().contains(fragment),
                "message '" + x.getMessage() + "' should mention '" + fragment + "'");
    }

    static void ise(String fragment, Executable e) {
        IllegalStateException x = assertThrows(IllegalStateException.class, e);
        assertTrue(x.getMessage() != null && x.getMessage().contains(fragment),
                "message '" + x.getMessage() + "' should mention '" + fragment + "'");
    }

    @Test
    void badConfigs() {
        iae("vocabSize", () -> new ModelConfig(0, 4, 4, 1, 0, 0, false));
        iae("hiddenSize", () -> new ModelConfig(5, 4, -1, 1, 0, 0, false));
        iae("layers", () -> new ModelConfig(5, 4, 4, 0, 0, 0, false));
        iae("rounds", () -> new ModelConfig(5, 4, 4, 1, -1, 0, false));
        iae("rank", () -> new ModelConfig(5, 4, 4, 1, 1, -2, false));
        iae("tied", () -> new ModelConfig(5, 4, 6, 1, 0, 0, true));
        iae("too large", () -> new ModelConfig(1_000_000, 5000, 4, 1, 0, 0, false));
        iae("precision", () -> new MogrifierLM(c, null));
    }

    @Test
    void badForwardLossBackwardStep() {
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT);
             State s2 = lm.newState(2); State s3 = lm.newState(3)) {
            lm.initRandom(1);
            int[] in = {1, 2, 3, 4};
            iae("inputs is null", () -> lm.forward(null, 2, 2, s2, null, false));
            iae("inputs length 4 != 6", () -> lm.forward(in, 2, 3, s3, null, false));
            iae("T and B", () -> lm.forward(in, 0, 2, s2, null, false));
            iae("inputs[2] = 10", () -> lm.forward(new int[] {1, 2, 10, 0}, 2, 2, s2, null, false));
            iae("inputs[0] = -1", () -> lm.forward(new int[] {-1, 2, 1, 0}, 2, 2, s2, null, false));
            iae("state is null", () -> lm.forward(in, 2, 2, null, null, false));
            iae("state batch 3 != B = 2", () -> lm.forward(in, 2, 2, s3, null, false));
            iae("dropout batch", () -> lm.forward(in, 2, 2, s2, new Dropout(c, 3), false));
            try (MogrifierLM other = new MogrifierLM(new ModelConfig(10, 4, 5, 2, 0, 0, false), Precision.FLOAT);
                 State foreign = other.newState(2)) {
                iae("does not match", () -> lm.forward(in, 2, 2, foreign, null, false));
            }
            try (MogrifierLM dbl = new MogrifierLM(c, Precision.DOUBLE); State ds = dbl.newState(2)) {
                iae("does not match", () -> lm.forward(in, 2, 2, ds, null, false));
            }

            ise("forward() first", () -> lm.loss(in, 1, null, 0, 1));
            ise("forward() first", () -> lm.logits());
            ise("forward(train=true)", () -> lm.backward(null));
            lm.forward(in, 2, 2, s2, null, false);
            iae("targets", () -> lm.loss(new int[] {1, 2, 3}, 1, null, 0, 1));
            iae("targets[1] = -2", () -> lm.loss(new int[] {1, -2, 3, 4}, 1, null, 0, 1));
            iae("teacherLogits is null", () -> lm.loss(in, 1, null, 0.5, 2));
            iae("FloatPointer", () -> lm.loss(in, 1, new DoublePointer(40), 0.5, 2));
            iae("need 40", () -> lm.loss(in, 1, new FloatPointer(39), 0.5, 2));
            iae("temperature", () -> lm.loss(in, 1, new FloatPointer(40), 0.5, 0));
            iae("finite", () -> lm.loss(in, Double.NaN, null, 0, 1));
            lm.loss(in, 1, null, 0, 1);
            ise("train=true", () -> lm.backward(null));   // last forward was not a training one
            lm.forward(in, 2, 2, s2, null, true);
            ise("loss() first", () -> lm.backward(null));
            lm.loss(new int[] {1, -1, 3, 4}, 1, null, 0, 1);
            iae("initialStateGrad batch", () -> lm.backward(s3));
            lm.backward(s2);
            iae("destination length", () -> lm.logProbs(new float[3]));
            iae("destination", () -> lm.copyLogits(new FloatPointer(10)));

            float[] lp = new float[20];
            iae("words length", () -> lm.step(new int[] {1}, 2, s2, lp));
            iae("words[1] = 11", () -> lm.step(new int[] {1, 11}, 2, s2, lp));
            iae("logProbsOut length", () -> lm.step(new int[] {1, 2}, 2, s2, new float[19]));
            iae("state batch", () -> lm.step(new int[] {1, 2}, 2, s3, lp));
            iae("B must be", () -> lm.step(new int[] {}, 0, s2, lp));
        }
    }

    @Test
    void badParamsAndMasks() {
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT)) {
            iae("layer0.lstm.weight", () -> lm.param("nope"));   // lists the names
            iae("source length", () -> lm.setParams(new float[3]));
            iae("destination length", () -> lm.getParams(new float[3]));
            iae("embed values length", () -> lm.setParam("embed", new float[3]));
            iae("element mask length", () -> lm.setElementMask(new float[3]));
            iae("row mask of embed", () -> lm.setRowMask("embed", new float[3]));
            iae("column mask of embed", () -> lm.setColMask("embed", new float[3]));
            iae("no parameter", () -> lm.setColMask("out.weight", new float[4]));   // tied: absent
            iae("NaN", () -> lm.setRowMask("embed", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, Float.NaN}));
        }
    }

    @Test
    void closedModelAndState() {
        MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT);
        State st = lm.newState(1);
        lm.close();
        lm.close();   // idempotent
        int[] w = {1};
        ise("closed", () -> lm.forward(w, 1, 1, st, null, false));
        ise("closed", () -> lm.step(w, 1, st, new float[10]));
        ise("closed", () -> lm.getParams(new float[(int) lm.numParams()]));
        ise("closed", () -> lm.zeroGrads());
        ise("closed", () -> lm.paramPointer());
        ise("closed", () -> lm.initRandom(3));
        ise("closed", () -> lm.newState(1));
        ise("closed", () -> lm.setElementMask(null));
        st.close();
        ise("closed", () -> st.zero());
        ise("closed", () -> st.get(0, new float[st.sizePerSequence()]));
        try (MogrifierLM lm2 = new MogrifierLM(c, Precision.FLOAT); Dropout d = new Dropout(c, 1)) {
            d.close();
            ise("closed", () -> d.setOutput(null));
            try (State s = lm2.newState(1)) {
                ise("closed", () -> lm2.forward(w, 1, 1, s, d, false));
            }
        }
    }

    @Test
    void badStateAndDropoutArguments() {
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT); State st = lm.newState(2)) {
            iae("sequence 2", () -> st.get(2, new float[st.sizePerSequence()]));
            iae("length", () -> st.set(0, new float[3]));
            iae("null", () -> st.set(0, null));
            Dropout d = new Dropout(c, 2);
            iae("embed dropout mask length", () -> d.setEmbed(new float[3]));
            iae("layer 2", () -> d.setState(2, null));
            iae("boundary 1", () -> d.setBetweenLayers(1, null));
            iae("pState", () -> Dropout.sample(c, 2, 0, 1.0, 0, 0, new java.util.Random()));
            iae("batch", () -> new Dropout(c, 0));
        }
    }
}
