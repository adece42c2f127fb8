package moglm.model;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weight masks: masked weights get exactly zero gradient, stay exactly zero through optimiser
 * updates plus applyMasksToParams, cannot influence the outputs, and a unit mask is the same
 * network as a physically smaller model without those units.
 */
class MaskTest {

    @Test
    void maskedWeightsHaveZeroGradientStayZeroAndDoNotAffectOutputs() {
        ModelConfig c = new ModelConfig(23, 7, 8, 2, 3, 0, false);
        int T = 4, B = 3;
        Random rng = new Random(11);
        try (MogrifierLM lm = TinyModels.random(c, Precision.FLOAT, 5, 0.4); State st = lm.newState(B)) {
            int n = (int) lm.numParams();
            float[] elem = new float[n];
            for (int i = 0; i < n; i++) elem[i] = rng.nextInt(3) == 0 ? 0f : 1f;
            lm.setElementMask(elem);
            float[] rows = GradientCheckTest.ones(4 * c.hiddenSize());
            rows[5] = 0;
            lm.setRowMask("layer1.lstm.weight", rows);
            float[] cols = GradientCheckTest.ones(c.hiddenSize());
            cols[3] = 0;
            lm.setColMask("out.weight", cols);
            float[] mask = combinedMask(lm, elem, Map.of("layer1.lstm.weight", rows), Map.of("out.weight", cols));
            int[] in = TinyModels.words(rng, T * B, c.vocabSize()), tg = TinyModels.words(rng, T * B, c.vocabSize());
            Dropout drop = TinyModels.dropout(c, B, rng);

            // Adam-style training steps, masks applied after each update
            float[] p = new float[n], g = new float[n], m1 = new float[n], m2 = new float[n];
            for (int it = 1; it <= 3; it++) {
                st.zero();
                lm.zeroGrads();
                lm.forward(in, T, B, st, drop, true);
                lm.loss(tg, 1, null, 0, 1);
                lm.backward(null);
                lm.getGrads(g);
                lm.getParams(p);
                int nonzero = 0;
                for (int i = 0; i < n; i++) {
                    if (mask[i] == 0) assertEquals(0f, g[i], "gradient of masked parameter " + i);
                    else if (g[i] != 0) nonzero++;
                    m1[i] = 0.9f * m1[i] + 0.1f * g[i];
                    m2[i] = 0.999f * m2[i] + 0.001f * g[i] * g[i];
                    p[i] -= 0.01f * (float) (m1[i] / (Math.sqrt(m2[i]) + 1e-8)) + 0.001f * p[i];   // + weight decay
                }
                assertTrue(nonzero > n / 3, "unmasked parameters do get gradients");
                lm.setParams(p);
                lm.applyMasksToParams();
                lm.getParams(p);
                for (int i = 0; i < n; i++) if (mask[i] == 0) assertEquals(0f, p[i], "masked parameter " + i + " after update");
            }

            // garbage in the masked weights changes nothing while the masks are set
            float[] before = logProbs(lm, in, T, B, st);
            float[] dirty = p.clone();
            for (int i = 0; i < n; i++) if (mask[i] == 0) dirty[i] = 5f;
            lm.setParams(dirty);
            assertArrayEquals(before, logProbs(lm, in, T, B, st), 0f);
            lm.clearMasks();
            assertFalse(lm.isMasked());
            float[] unmasked = logProbs(lm, in, T, B, st);
            double diff = 0;
            for (int i = 0; i < before.length; i++) diff = Math.max(diff, Math.abs(before[i] - unmasked[i]));
            assertTrue(diff > 1e-3, "without the masks the garbage weights do change the outputs");
        }
    }

    private static float[] logProbs(MogrifierLM lm, int[] in, int T, int B, State st) {
        st.zero();
        lm.forward(in, T, B, st, null, false);
        float[] lp = new float[T * B * lm.config().vocabSize()];
        lm.logProbs(lp);
        return lp;
    }

    static float[] combinedMask(MogrifierLM lm, float[] elem, Map<String, float[]> rows, Map<String, float[]> cols) {
        float[] m = elem.clone();
        for (ParamSpec s : lm.params()) {
            float[] r = rows.get(s.name()), cc = cols.get(s.name());
            for (int i = 0; i < s.rows(); i++)
                for (int j = 0; j < s.cols(); j++) {
                    int k = (int) s.offset() + i * s.cols() + j;
                    if (r != null) m[k] *= r[i];
                    if (cc != null) m[k] *= cc[j];
                }
        }
        return m;
    }

    /**
     * Removes hidden unit 2 of layer 0 and unit 4 of layer 1 with row/column masks, and compares
     * with a model of hiddenSize - 1 holding the remaining weights: same log-probabilities and
     * same final state of the kept units (from a random initial state, zero for the removed units).
     */
    @ParameterizedTest(name = "rank={0}")
    @ValueSource(ints = {0, 2})
    void unitMaskEqualsPhysicallySmallerModel(int rank) {
        int H = 6, E = 5, T = 4, B = 3;
        int[] removed = {2, 4};
        ModelConfig big = new ModelConfig(17, E, H, 2, 4, rank, false);
        ModelConfig small = new ModelConfig(17, E, H - 1, 2, 4, rank, false);
        Random rng = new Random(3);
        try (MogrifierLM a = TinyModels.random(big, Precision.DOUBLE, 8, 0.5);
             MogrifierLM b = new MogrifierLM(small, Precision.DOUBLE);
             State sa = a.newState(B); State sb = b.newState(B)) {
            Map<String, float[]> rowMasks = new HashMap<>(), colMasks = new HashMap<>();
            Map<String, int[]> keepRows = new HashMap<>(), keepCols = new HashMap<>();
            for (ParamSpec s : a.params()) {
                keepRows.put(s.name(), range(s.rows()));
                keepCols.put(s.name(), range(s.cols()));
            }
            for (int l = 0; l < 2; l++) {
                int j = removed[l], m = big.inputSize(l);
                String p = "layer" + l + ".";
                // this layer: the unit's 4 gate rows + bias rows, and the recurrent column consuming h_j
                int[] gateRows = {j, H + j, 2 * H + j, 3 * H + j};
                drop(rowMasks, keepRows, p + "lstm.weight", 4 * H, gateRows);
                drop(rowMasks, keepRows, p + "lstm.bias", 4 * H, gateRows);
                drop(colMasks, keepCols, p + "lstm.weight", m + H, new int[] {m + j});
                for (int i = 1; i <= 4; i++) {
                    String q = p + "mog" + i + ".";
                    if (i % 2 == 1) {   // Q: m x H consumes h -> column j
                        String name = rank == 0 ? q + "weight" : q + "right";
                        drop(colMasks, keepCols, name, H, new int[] {j});
                    } else {            // R: H x m produces gates for h -> row j
                        String name = rank == 0 ? q + "weight" : q + "left";
                        drop(rowMasks, keepRows, name, H, new int[] {j});
                        drop(rowMasks, keepRows, q + "bias", H, new int[] {j});
                    }
                }
                // consumers of h_j above: the next layer's input, or the output layer
                if (l == 0) {
                    String n = "layer1.";
                    drop(colMasks, keepCols, n + "lstm.weight", H + H, new int[] {j});
                    for (int i = 1; i <= 4; i++) {
                        String q = n + "mog" + i + ".";
                        if (i % 2 == 1) {   // Q: x-sized rows gate x_j
                            drop(rowMasks, keepRows, rank == 0 ? q + "weight" : q + "left", H, new int[] {j});
                            drop(rowMasks, keepRows, q + "bias", H, new int[] {j});
                        } else {            // R consumes x -> column j
                            drop(colMasks, keepCols, rank == 0 ? q + "weight" : q + "right", H, new int[] {j});
                        }
                    }
                } else {
                    drop(colMasks, keepCols, "out.weight", H, new int[] {j});
                }
            }
            rowMasks.forEach(a::setRowMask);
            colMasks.forEach(a::setColMask);
            for (ParamSpec s : b.params()) {   // the small model holds the kept weights
                double[] w = a.getParamD(s.name());
                int[] kr = keepRows.get(s.name()), kc = keepCols.get(s.name());
                ParamSpec full = a.param(s.name());
                assertEquals(s.rows(), kr.length, s.name());
                assertEquals(s.cols(), kc.length, s.name());
                double[] v = new double[(int) s.size()];
                for (int i = 0; i < kr.length; i++)
                    for (int k = 0; k < kc.length; k++) v[i * kc.length + k] = w[kr[i] * full.cols() + kc[k]];
                b.setParamD(s.name(), v);
            }
            // initial states: random, removed units zero
            double[][] s0 = TinyModels.stateValues(rng, big, B, 0.5);
            double[][] s0small = new double[B][small.stateSize()];
            for (int bb = 0; bb < B; bb++)
                for (int l = 0; l < 2; l++)
                    for (int k = 0; k < 2; k++) {
                        int o = 0;
                        for (int j = 0; j < H; j++) {
                            int idx = (2 * l + k) * H + j;
                            if (j == removed[l]) { s0[bb][idx] = 0; continue; }
                            s0small[bb][(2 * l + k) * (H - 1) + o++] = s0[bb][idx];
                        }
                    }
            TinyModels.load(sa, s0);
            TinyModels.load(sb, s0small);
            int[] in = TinyModels.words(rng, T * B, 17);
            a.forward(in, T, B, sa, null, false);
            b.forward(in, T, B, sb, null, false);
            double[] za = new double[T * B * 17], zb = new double[za.length];
            ((org.bytedeco.javacpp.DoublePointer) a.logits()).get(za);
            ((org.bytedeco.javacpp.DoublePointer) b.logits()).get(zb);
            double worst = 0;
            for (int i = 0; i < za.length; i++) worst = Math.max(worst, Math.abs(za[i] - zb[i]));
            double[][] fa = TinyModels.read(sa), fb = TinyModels.read(sb);
            for (int bb = 0; bb < B; bb++)
                for (int l = 0; l < 2; l++)
                    for (int k = 0; k < 2; k++) {
                        int o = 0;
                        for (int j = 0; j < H; j++) {
                            double va = fa[bb][(2 * l + k) * H + j];
                            if (j == removed[l]) { assertEquals(0.0, va, "removed unit state"); continue; }
                            worst = Math.max(worst, Math.abs(va - fb[bb][(2 * l + k) * (H - 1) + o++]));
                        }
                    }
            System.out.printf("unit mask vs smaller model (rank %d): max abs diff %.2e%n", rank, worst);
            assertTrue(worst < 1e-12, "max abs diff " + worst);
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** Zeroes `idx` in the (row or column) mask of `name` and removes them from its kept list. */
    private static void drop(Map<String, float[]> masks, Map<String, int[]> keep, String name, int size, int[] idx) {
        float[] m = masks.computeIfAbsent(name, k -> GradientCheckTest.ones(size));
        assertEquals(size, m.length, name);
        for (int i : idx) m[i] = 0;
        keep.put(name, java.util.Arrays.stream(keep.get(name)).filter(i -> m[i] != 0).toArray());
    }
}
