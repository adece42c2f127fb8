package moglm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import moglm.testutil.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The row restriction of sampled-output training with masks ({@link MogrifierLM#restrictToRows}):
 * masks given over the restricted rows only must give bit for bit the forward, loss and gradients
 * of the same masks given in full, and pruning must zero the same weights on those rows; every
 * misuse is refused with a message naming it.
 */
class RowRestrictionTest {
    static final int T = 3, B = 2;

    /** The step's rows: inputs plus a sample holding every target and some other words; fewer than V. */
    private record Step(int[] inputs, int[] targets, int[] sample, int[] rows) {}

    private static Step step(Random rng, int V) {
        int[] in = new int[T * B], tg = new int[T * B];
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextInt(V / 2);          // the upper half of the vocabulary is never an input
            tg[i] = 3 + rng.nextInt(V / 3);
        }
        TreeSet<Integer> s = new TreeSet<>();
        for (int t : tg) s.add(t);
        while (s.size() < tg.length + 4) s.add(rng.nextInt(V));
        int[] sample = s.stream().mapToInt(Integer::intValue).toArray();
        TreeSet<Integer> r = new TreeSet<>(s);
        for (int w : in) r.add(w);
        int[] rows = r.stream().mapToInt(Integer::intValue).toArray();
        assertTrue(rows.length < V - 5, "a strict subset of the rows");
        return new Step(in, tg, sample, rows);
    }

    private static float[] packed(float[] full, int[][] ranges) {
        int n = 0;
        for (int i = 0; i < ranges[0].length; i++) n += ranges[1][i] - ranges[0][i];
        float[] out = new float[n];
        int at = 0;
        for (int i = 0; i < ranges[0].length; i++)
            for (int e = ranges[0][i]; e < ranges[1][i]; e++) out[at++] = full[e];
        return out;
    }

    private static MogrifierLM.LossResult run(MogrifierLM lm, Step s, Dropout d) {
        float[] inv = new float[s.sample().length];
        Arrays.fill(inv, 1.5f);
        try (State st = lm.newState(B)) {
            st.zero();
            lm.setOutputSample(s.sample(), inv);
            lm.forward(s.inputs(), T, B, st, d, true);
            MogrifierLM.LossResult r = lm.loss(s.targets(), 1.0 / 6, null, 0, 1);
            lm.backward(null);
            lm.clearOutputSample();
            return r;
        }
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void masksOverTheRestrictedRowsEqualFullMasks(boolean tied) {
        ModelConfig c = new ModelConfig(60, 6, 6, 2, 3, 0, tied);
        Random rng = new Random(tied ? 7 : 8);
        Step s = step(rng, c.vocabSize());
        try (MogrifierLM full = TinyModels.random(c, Precision.FLOAT, 3, 0.4);
             MogrifierLM part = TinyModels.random(c, Precision.FLOAT, 3, 0.4)) {
            int n = (int) full.numParams();
            float[] elem = new float[n];
            for (int i = 0; i < n; i++) elem[i] = rng.nextInt(3) == 0 ? 0f : 1f;
            float[] rowMask = new float[4 * c.hiddenSize()];
            Arrays.fill(rowMask, 1f);
            rowMask[2] = 0;
            float[] cols = new float[c.embedSize()];
            Arrays.fill(cols, 1f);
            cols[1] = 0;
            Dropout d = TinyModels.dropout(c, B, new Random(5));

            full.setElementMask(elem);
            full.setRowMask("layer0.lstm.weight", rowMask);
            full.setColMask(TensorNames.EMBED, cols);
            full.zeroGrads();

            part.restrictToRows(s.rows());
            int[][] ranges = part.restrictedRanges();
            part.setRowMask("layer0.lstm.weight", rowMask);
            part.setColMask(TensorNames.EMBED, cols);
            part.setElementMaskOnRows(packed(elem, ranges));
            part.zeroGrads();

            for (int it = 0; it < 2; it++) {   // twice: the second refresh reuses the kept buffers
                MogrifierLM.LossResult a = run(full, s, d), b = run(part, s, d);
                assertEquals(a.loss(), b.loss(), 0.0, "loss");
                assertEquals(a.crossEntropy(), b.crossEntropy(), 0.0, "cross-entropy");
            }
            float[] ga = new float[n], gb = new float[n];
            full.getGrads(ga);
            part.getGrads(gb);
            assertArrayEquals(ga, gb, "gradients (zero outside the step's rows in both)");

            float[] before = new float[n], pa = new float[n], pb = new float[n];
            part.getParams(before);
            full.applyMasksToParams();
            part.applyMasksToParams();
            full.getParams(pa);
            part.getParams(pb);
            boolean[] live = new boolean[n];
            for (int i = 0; i < ranges[0].length; i++) for (int e = ranges[0][i]; e < ranges[1][i]; e++) live[e] = true;
            int zeroedOnRows = 0;
            for (int e = 0; e < n; e++) {
                if (live[e]) {
                    assertEquals(pa[e], pb[e], 0.0, "pruned parameter " + e);
                    if (pb[e] == 0 && before[e] != 0) zeroedOnRows++;
                } else {
                    assertEquals(before[e], pb[e], 0.0, "a parameter outside the rows is untouched: " + e);
                }
            }
            assertTrue(zeroedOnRows > 10, "pruning zeroed weights on the rows: " + zeroedOnRows);

            // lifting the restriction needs the partial element mask gone; afterwards the model is whole again
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> part.restrictToRows(null));
            assertTrue(e.getMessage().contains("clear the masks"), e.getMessage());
            part.clearMasks();
            part.restrictToRows(null);
            part.setElementMask(elem);
            try (State st = part.newState(1)) {
                st.zero();
                float[] out = new float[c.vocabSize()];
                part.step(new int[] {c.vocabSize() - 1}, 1, st, out);   // a row outside the old restriction
                assertTrue(Float.isFinite(out[0]));
            }
        }
    }

    @Test void misuseIsRefusedWithAClearMessage() {
        ModelConfig c = new ModelConfig(30, 4, 4, 1, 2, 0, true);
        Random rng = new Random(2);
        Step s = step(rng, c.vocabSize());
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 1, 0.3); State st = lm.newState(B)) {
            st.zero();
            String m = assertThrows(IllegalArgumentException.class, () -> lm.restrictToRows(new int[] {4, 2})).getMessage();
            assertTrue(m.contains("sorted and distinct"), m);
            m = assertThrows(IllegalArgumentException.class, () -> lm.restrictToRows(new int[] {1, 30})).getMessage();
            assertTrue(m.contains("not in 0..29"), m);
            m = assertThrows(IllegalStateException.class, () -> lm.setElementMaskOnRows(new float[3])).getMessage();
            assertTrue(m.contains("needs a row restriction"), m);

            lm.restrictToRows(s.rows());
            long want = 0;
            int[][] r = lm.restrictedRanges();
            for (int i = 0; i < r[0].length; i++) want += r[1][i] - r[0][i];
            // the length is checked at the native entry
            final long w = want;
            m = assertThrows(IllegalArgumentException.class, () -> lm.setElementMaskOnRows(new float[(int) w - 1])).getMessage();
            assertTrue(m.contains("length " + (w - 1) + " != restricted elements " + w), m);

            m = assertThrows(IllegalStateException.class, () -> lm.forward(s.inputs(), T, B, st, null, true)).getMessage();
            assertTrue(m.contains("needs an output sample"), m);
            float[] inv = new float[s.sample().length];
            Arrays.fill(inv, 1f);
            lm.setOutputSample(s.sample(), inv);
            int[] outside = s.inputs().clone();
            outside[0] = c.vocabSize() - 1;   // the upper half is never an input
            if (Arrays.binarySearch(s.rows(), outside[0]) < 0) {
                m = assertThrows(IllegalArgumentException.class, () -> lm.forward(outside, T, B, st, null, true)).getMessage();
                assertTrue(m.contains("is not among the restricted rows"), m);
            }
            lm.clearOutputSample();
            try (State one = lm.newState(1)) {
                one.zero();
                m = assertThrows(IllegalStateException.class, () -> lm.step(new int[] {1}, 1, one, new float[c.vocabSize()])).getMessage();
                assertTrue(m.contains("lift the row restriction first"), m);
            }
            lm.restrictToRows(null);
        }
    }
}
