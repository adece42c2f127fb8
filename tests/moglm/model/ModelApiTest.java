package moglm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/** Parameter layout and names, initialisation, copies in and out, state access, loss bookkeeping. */
class ModelApiTest {

    @Test
    void parameterLayoutNamesAndSizes() {
        ModelConfig c = new ModelConfig(50, 8, 10, 2, 3, 0, false);
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT)) {
            List<String> names = lm.params().stream().map(ParamSpec::name).toList();
            assertEquals(List.of("embed",
                    "layer0.lstm.weight", "layer0.lstm.bias", "layer0.mog1.weight", "layer0.mog1.bias",
                    "layer0.mog2.weight", "layer0.mog2.bias", "layer0.mog3.weight", "layer0.mog3.bias",
                    "layer1.lstm.weight", "layer1.lstm.bias", "layer1.mog1.weight", "layer1.mog1.bias",
                    "layer1.mog2.weight", "layer1.mog2.bias", "layer1.mog3.weight", "layer1.mog3.bias",
                    "out.weight", "out.bias"), names);
            assertEquals(new ParamSpec("layer0.lstm.weight", 40, 18, 400), lm.param("layer0.lstm.weight"));
            assertEquals(8, lm.param("layer0.mog1.weight").rows());    // odd: gates x (m) from h (H)
            assertEquals(10, lm.param("layer0.mog1.weight").cols());
            assertEquals(10, lm.param("layer0.mog2.weight").rows());   // even: gates h from x
            assertEquals(8, lm.param("layer0.mog2.weight").cols());
            long expected = 50 * 8 + (40 * 18 + 40 + 8 * 10 + 8 + 10 * 8 + 10 + 8 * 10 + 8)
                    + (40 * 20 + 40 + 3 * (100 + 10)) + 50 * 10 + 50;
            assertEquals(expected, lm.numParams());
            long off = 0;
            for (ParamSpec s : lm.params()) {
                assertEquals(off, s.offset(), s.name());
                off += s.size();
            }
            assertEquals(lm.numParams(), off);
        }
        ModelConfig lowTied = new ModelConfig(50, 10, 10, 1, 2, 3, true);
        try (MogrifierLM lm = new MogrifierLM(lowTied, Precision.DOUBLE)) {
            List<String> names = lm.params().stream().map(ParamSpec::name).toList();
            assertEquals(List.of("embed", "layer0.lstm.weight", "layer0.lstm.bias", "layer0.mog1.left",
                    "layer0.mog1.right", "layer0.mog1.bias", "layer0.mog2.left", "layer0.mog2.right",
                    "layer0.mog2.bias", "out.bias"), names);
            assertEquals(new ParamSpec("layer0.mog1.left", 10, 3, 500 + 800 + 40), lm.param("layer0.mog1.left"));
        }
    }

    @Test
    void initRandomIsDeterministicWithForgetBiasOne() {
        ModelConfig c = new ModelConfig(30, 6, 6, 2, 2, 0, true);
        try (MogrifierLM a = new MogrifierLM(c, Precision.FLOAT); MogrifierLM b = new MogrifierLM(c, Precision.DOUBLE)) {
            a.initRandom(17);
            b.initRandom(17);
            float[] pa = new float[(int) a.numParams()], pb = new float[pa.length];
            a.getParams(pa);
            b.getParams(pb);
            assertArrayEquals(pa, pb, 0f);
            a.initRandom(18);
            float[] pc = new float[pa.length];
            a.getParams(pc);
            assertFalse(java.util.Arrays.equals(pa, pc));
            float[] bias = a.getParam("layer1.lstm.bias");
            for (int i = 0; i < 24; i++) assertEquals(i >= 6 && i < 12 ? 1f : 0f, bias[i], "bias " + i);
            for (float v : a.getParam("embed")) assertTrue(Math.abs(v) <= 0.1f && v != 0);
        }
    }

    @Test
    void copiesInAndOutAndPointers() {
        ModelConfig c = new ModelConfig(20, 5, 5, 1, 1, 0, false);
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT)) {
            float[] v = new float[(int) lm.param("out.bias").size()];
            for (int i = 0; i < v.length; i++) v[i] = i * 0.5f;
            lm.setParam("out.bias", v);
            assertArrayEquals(v, lm.getParam("out.bias"), 0f);
            FloatPointer p = (FloatPointer) lm.paramPointer();
            assertEquals(lm.numParams(), p.capacity());
            assertEquals(3 * 0.5f, p.get(lm.param("out.bias").offset() + 3), 0f);
            p.position(5);   // a caller moving its view does not disturb the model
            assertArrayEquals(v, lm.getParam("out.bias"), 0f);
            double[] d = lm.getParamD("out.bias");
            assertEquals(9.5, d[19], 0);
            lm.zeroGrads();
            for (float g : lm.getGrad("embed")) assertEquals(0f, g);
        }
    }

    @Test
    void stateAccessAndLossBookkeeping() {
        ModelConfig c = new ModelConfig(20, 5, 5, 2, 0, 0, true);
        try (MogrifierLM lm = new MogrifierLM(c, Precision.FLOAT); State st = lm.newState(3)) {
            lm.initRandom(2);
            assertEquals(20, st.sizePerSequence());
            float[] x = new float[20];
            for (int i = 0; i < 20; i++) x[i] = i;
            st.set(1, x);
            float[] y = new float[20];
            st.get(1, y);
            assertArrayEquals(x, y, 0f);
            st.get(0, y);
            assertArrayEquals(new float[20], y, 0f);
            st.zero(1);
            st.get(1, y);
            assertArrayEquals(new float[20], y, 0f);
            try (State other = lm.newState(1)) {
                other.set(0, x);
                st.copyFrom(2, other, 0);
                st.get(2, y);
                assertArrayEquals(x, y, 0f);
            }
            int[] in = {1, 2, 3, 4, 5, 6};
            lm.forward(in, 2, 3, st, null, false);
            MogrifierLM.LossResult r = lm.loss(new int[] {1, -1, 3, 4, -1, 6}, 1, null, 0, 1);
            assertEquals(4, r.count());
            assertEquals(r.crossEntropy(), r.loss(), 1e-9);
            float[] lp = new float[6 * 20];
            lm.logProbs(lp);
            double ce = -(lp[0 * 20 + 1] + lp[2 * 20 + 3] + lp[3 * 20 + 4] + lp[5 * 20 + 6]);
            assertEquals(ce, r.crossEntropy(), 1e-4);
            MogrifierLM.LossResult half = lm.loss(new int[] {1, -1, 3, 4, -1, 6}, 0.5, null, 0, 1);
            assertEquals(0.5 * r.crossEntropy(), half.loss(), 1e-9);
            for (int p = 0; p < 6; p++) {
                double s = 0;
                for (int v = 0; v < 20; v++) s += Math.exp(lp[p * 20 + v]);
                assertEquals(1.0, s, 1e-5);
            }
            // KD against our own logits is zero
            FloatPointer teacher = new FloatPointer(6 * 20);
            lm.copyLogits(teacher);
            MogrifierLM.LossResult kd = lm.loss(new int[] {1, -1, 3, 4, -1, 6}, 0, teacher, 1, 2);
            assertEquals(0, kd.loss(), 1e-5);
            FloatPointer shifted = new FloatPointer(6 * 20 + 7);   // a teacher at a non-zero position
            shifted.position(7);
            lm.copyLogits(shifted);
            assertEquals(0, lm.loss(new int[] {1, -1, 3, 4, -1, 6}, 0, shifted, 1, 2).loss(), 1e-5);
            shifted.deallocate();
            teacher.put(0, teacher.get(0) + 3);
            assertNotEquals(0, lm.loss(new int[] {1, -1, 3, 4, -1, 6}, 0, teacher, 1, 2).loss(), 1e-3);
            teacher.deallocate();
        }
    }

    @Test
    void dropoutSamplingValues() {
        ModelConfig c = new ModelConfig(20, 5, 6, 3, 0, 0, false);
        Dropout d = Dropout.sample(c, 4, 0.5, 0, 0.25, 0.2, new Random(1));
        for (float v : d.embed()) assertTrue(v == 0f || v == 2f);
        assertEquals(null, d.state(0));
        for (float v : d.betweenLayers(1)) assertTrue(v == 0f || Math.abs(v - 1 / 0.75f) < 1e-6);
        assertEquals(6 * 4, d.output().length);
    }
}
