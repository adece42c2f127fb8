package moglm.l0;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Size model, Lagrangian-driven expected size, and the exported deterministic model. */
class L0TrainingTest {
    @Test void sizeModelIsTheExportedParameterCount() {
        for (ModelConfig c : List.of(new ModelConfig(19, 8, 8, 2, 3, 0, true), new ModelConfig(19, 5, 9, 3, 4, 2, false),
                                     new ModelConfig(19, 5, 9, 1, 0, 0, false))) {
            for (int n = 1; n <= c.hiddenSize(); n += 3) {
                ModelConfig small = new ModelConfig(c.vocabSize(), c.tied() ? n : c.embedSize(), n, c.layers(), c.rounds(), c.rank(), c.tied());
                double[] kept = new double[c.layers()];
                java.util.Arrays.fill(kept, n);
                try (MogrifierLM m = new MogrifierLM(small, Precision.FLOAT)) {
                    assertEquals(m.numParams(), L0Size.params(c, kept), 1e-9, c + " with " + n + " units");
                }
            }
        }
    }

    /**
     * A short run as the trainer does it (real text, Adam on the weights, the target lowered over
     * the first half, the default warm-up): at the end the expected size, every layer's expected
     * kept units and the exported deterministic size are within a few % of the target.
     */
    @ParameterizedTest(name = "target {0}")
    @ValueSource(doubles = {0.6, 0.4})
    void shortRunEndsAtTargetSize(double target) throws Exception {
        double[] end = TinyL0.shortRun(target, 160, L0Options.DEFAULT_LAMBDA2_INIT);
        double s = end[0], export = end[1], unitsTarget = end[2];
        assertEquals(target, s, 0.02, "expected size at the end");
        assertEquals(target, export, 0.03, "size of the exported deterministic model");
        for (int l = 3; l < end.length; l++) assertEquals(unitsTarget, end[l], 1.0, "expected kept units of layer " + (l - 3));
    }

    /**
     * The same trainer-like run with gates on units, gate rows and mogrifier rows (one constraint
     * on the exact expected parameter count): the expected size ends at the target, the
     * deterministic model near it.
     */
    @ParameterizedTest(name = "target {0}")
    @ValueSource(doubles = {0.6, 0.4})
    void structuresShortRunEndsAtTargetSize(double target) throws Exception {
        double[] end = TinyL0.shortRunStructures(target, 160,
                java.util.EnumSet.of(Structure.UNITS, Structure.GATE_ROWS, Structure.MOG));
        assertEquals(target, end[0], 0.02, "expected size at the end");
        assertEquals(target, end[1], 0.03, "non-zero size of the deterministic model");
    }

    @Test void exportedDeterministicModelEqualsGatedModel() {
        for (ModelConfig c : List.of(new ModelConfig(23, 8, 8, 2, 4, 0, true), new ModelConfig(23, 6, 10, 2, 5, 3, false))) {
            try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
                m.initRandom(8);
                UnitGates gates = new UnitGates(c, 0);
                Random r = new Random(2);
                for (int l = 0; l < c.layers(); l++) for (int j = 0; j < c.hiddenSize(); j++) gates.logAlpha(l)[j] = r.nextGaussian() * 3;
                int keep = c.hiddenSize() * 6 / 10;
                double[][] z = gates.deterministic(keep);
                boolean fractional = false;
                for (double[] row : z) for (double v : row) fractional |= v > 0 && v < 1;
                assertTrue(fractional, "the test covers gate values strictly between 0 and 1");
                int T = 5, B = 3;
                int[] in = TinyL0.words(T * B, c.vocabSize(), 9);
                float[] dense = TinyL0.logProbs(m, in, T, B);
                gates.apply(m, z);
                float[] gated = TinyL0.logProbs(m, in, T, B);
                m.clearMasks();
                try (MogrifierLM small = L0Export.export(m, gates, keep)) {
                    assertEquals(keep, small.config().hiddenSize());
                    float[] exported = TinyL0.logProbs(small, in, T, B);
                    double maxDiff = 0, fromDense = 0;
                    for (int i = 0; i < gated.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(gated[i] - exported[i]));
                        fromDense = Math.max(fromDense, Math.abs(gated[i] - dense[i]));
                    }
                    assertTrue(maxDiff <= 1e-5, c + ": max |diff| " + maxDiff);
                    assertTrue(fromDense > 1e-3, "the gates change the model");
                    double[] kept = new double[c.layers()];
                    java.util.Arrays.fill(kept, keep);
                    assertEquals(L0Size.params(c, kept), small.numParams(), 1e-9);
                }
            }
        }
    }

    @Test void hookRestartsBestModelAtEveryStepAfterWarmup() {
        ModelConfig c = new ModelConfig(13, 4, 4, 1, 0, 0, false);
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT); L0Hook h = new L0Hook(p -> new L0Options(0.5, 3, 0.1, 0.5, 3, 0, 1), 1)) {
            h.start(m, 10);
            for (long step = 0; step < 8; step++) {
                h.beforeStep(step, null);
                assertEquals(step >= 3, h.restartBestModel(), "step " + step);
            }
            assertTrue(h.sections().containsKey(L0Hook.GATES_SECTION));
        }
    }

    /**
     * Layer-wise distillation inside an L0 step: the reported hidden term is W * scale * sum of
     * (1/H)||h_gated - h_ungated||^2 over layers and positions, for the step's sampled gates
     * (replayed from the same random stream), both networks from a zero state without dropout.
     */
    @Test void hiddenDistillationTermIsGatedAgainstUngatedMse() {
        ModelConfig c = new ModelConfig(13, 6, 8, 2, 2, 0, false);
        int T = 4, B = 3, H = c.hiddenSize();
        double w = 2.5, scale = 1.0 / (T * B);
        int[] in = TinyL0.words(T * B, c.vocabSize(), 5), tgt = TinyL0.words(T * B, c.vocabSize(), 6);
        try (MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE)) {
            TinyL0.randomize(m, 4);
            UnitGates gates = new UnitGates(c, 0.5);   // P(z = 0) well above 0: some units are cut
            L0Options o = new L0Options(0.6, 10, 0.1, 0.5, 0.5, 0, 1, w, L0Options.DEFAULT_LAMBDA2_INIT);
            L0Training.Result r;
            try (L0Training t = new L0Training(m, gates, o)) {
                m.zeroGrads();
                r = t.run(0, in, tgt, T, B, null, null, new Random(11), scale);
            }
            double[][] u = new double[c.layers()][H], z = new double[c.layers()][H];
            new UnitGates(c, 0.5).sample(new Random(11), u, z);
            double[][] dense = hidden(m, in, T, B);
            gates.apply(m, z);
            double[][] gated = hidden(m, in, T, B);
            m.clearMasks();
            double ref = 0;
            for (int l = 0; l < c.layers(); l++)
                for (int i = 0; i < dense[l].length; i++) ref += w * scale * Math.pow(gated[l][i] - dense[l][i], 2) / H;
            assertTrue(ref > 1e-2, "the gates change the hidden outputs: " + ref);
            assertEquals(ref, r.hiddenLoss(), 1e-12 + 1e-9 * ref);
        }
    }

    private static double[][] hidden(MogrifierLM m, int[] in, int T, int B) {
        try (moglm.model.State s = m.newState(B)) {
            s.zero();
            m.forward(in, T, B, s, null, false);
            double[][] h = new double[m.config().layers()][T * B * m.config().hiddenSize()];
            for (int l = 0; l < h.length; l++) m.copyHidden(l, h[l]);
            return h;
        }
    }

    /** L0 gates scale dense LSTM/embedding tensors: a factored model is refused with a message. */
    @Test void hookRefusesAFactoredModel() throws Exception {
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(11, 6, 6, 1, 2, 0, 3, 0, true), Precision.FLOAT);
             L0Hook hook = new L0Hook(planned -> { throw new AssertionError("options not needed"); }, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hook.start(m, 10));
            assertTrue(e.getMessage().contains("lstm rank 3"), e.getMessage());
        }
    }
}
