package moglm.level;

import moglm.model.TensorNames;

import moglm.model.ParamSpec;

import moglm.model.ModelConfig;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NestedUnitMasksTest {
    /** Tensor list in the model's order for an architecture (layout of UnitGroups' Javadoc). */
    static List<ParamSpec> tensors(ModelConfig a) {
        List<ParamSpec> t = new ArrayList<>();
        long[] off = {0};
        java.util.function.BiConsumer<String, int[]> add = (n, rc) -> { t.add(new ParamSpec(n, rc[0], rc[1], off[0])); off[0] += (long) rc[0] * rc[1]; };
        add.accept("embed", new int[] {a.vocabSize(), a.embedSize()});
        for (int l = 0; l < a.layers(); l++) {
            int in = a.inputSize(l), h = a.hiddenSize();
            for (int i = 1; i <= a.rounds(); i++) {
                int rows = i % 2 == 1 ? in : h, cols = i % 2 == 1 ? h : in;
                if (a.rank() == 0) add.accept(TensorNames.mog(l, i, "weight"), new int[] {rows, cols});
                else {
                    add.accept(TensorNames.mog(l, i, "left"), new int[] {rows, a.rank()});
                    add.accept(TensorNames.mog(l, i, "right"), new int[] {a.rank(), cols});
                }
                add.accept(TensorNames.mog(l, i, "bias"), new int[] {rows, 1});
            }
            add.accept(TensorNames.lstmWeight(l), new int[] {4 * h, in + h});
            add.accept(TensorNames.lstmBias(l), new int[] {4 * h, 1});
        }
        if (!a.tied()) add.accept("out.weight", new int[] {a.vocabSize(), a.hiddenSize()});
        add.accept("out.bias", new int[] {a.vocabSize(), 1});
        return t;
    }

    static float[] scores(List<ParamSpec> ts, long seed) {
        ParamSpec last = ts.get(ts.size() - 1);
        float[] s = new float[(int) last.offset() + last.elements()];
        Random r = new Random(seed);
        for (int i = 0; i < s.length; i++) s[i] = r.nextFloat();
        return s;
    }

    @Test void unitsAreNestedUniformPerLayerAndRowColMasksAgreeWithFlatMask() {
        for (ModelConfig a : List.of(new ModelConfig(11, 5, 6, 2, 4, 0, false),
                                      new ModelConfig(11, 6, 6, 3, 3, 2, true),
                                      new ModelConfig(11, 5, 6, 1, 0, 0, false))) {
            List<ParamSpec> ts = tensors(a);
            SparsityLevels lv = SparsityLevels.parse("0.2,0.5,0.7");
            NestedUnitMasks m = NestedUnitMasks.build(lv, lv.toArray(), a, true, ts, scores(ts, 7));
            long prevKept = Long.MAX_VALUE;
            for (int k = 0; k < lv.size(); k++) {
                int removed = Math.round((float) (lv.sparsity(k) * a.hiddenSize()));
                assertEquals(removed, m.removedUnits(k), a + " level " + k);
                for (int l = 0; l < a.layers(); l++) {
                    float[] rows = m.masks(k, true).get(TensorNames.lstmWeight(l));
                    int zeros = 0;
                    for (float v : rows) if (v == 0f) zeros++;
                    assertEquals(4 * removed, zeros, "four gate rows per removed unit, layer " + l);
                }
                float[] flat = m.flatMask(k);
                long ones = 0;
                for (float v : flat) if (v != 0f) ones++;
                assertEquals(ones, m.keptParams(k), "kept count = ones of the flat mask");
                assertTrue(m.keptParams(k) < prevKept);
                prevKept = m.keptParams(k);
                if (k > 0) {
                    float[] denser = m.flatMask(k - 1);
                    for (int i = 0; i < flat.length; i++) if (flat[i] != 0f) assertEquals(1f, denser[i], "nested");
                }
                if (a.tied()) assertEquals(removed, m.removedEmbedDims(k));
            }
        }
    }

    @Test void lowestScoringUnitIsRemovedFirstAndItsSlicesAreAllMasked() {
        ModelConfig a = new ModelConfig(9, 4, 5, 2, 2, 0, false);
        List<ParamSpec> ts = tensors(a);
        float[] s = new float[scores(ts, 1).length];
        java.util.Arrays.fill(s, 1f);
        // make unit 3 of layer 1 the least important: zero its gate rows
        ParamSpec w1 = ts.stream().filter(t -> t.name().equals("layer1.lstm.weight")).findFirst().orElseThrow();
        for (int g = 0; g < 4; g++) for (int c = 0; c < w1.cols(); c++) s[w1.flat(g * 5 + 3, c)] = 0f;
        SparsityLevels lv = SparsityLevels.parse("0.2");
        NestedUnitMasks m = NestedUnitMasks.build(lv, lv.toArray(), a, false, ts, s);
        assertEquals(0f, m.masks(0, false).get("out.weight")[3], "top-layer unit 3 column of the output layer");
        assertEquals(0f, m.masks(0, false).get("layer1.lstm.weight")[5 + 3], "recurrent column");
        assertEquals(0f, m.masks(0, false).get("layer1.mog1.weight")[3], "Q consumes h_3");
        assertEquals(0f, m.masks(0, true).get("layer1.mog2.weight")[3], "R gates h_3");
        assertEquals(0f, m.masks(0, true).get("layer1.mog2.bias")[3]);
    }

    @Test void codecRoundTrip() throws Exception {
        ModelConfig a = new ModelConfig(11, 6, 6, 2, 3, 2, true);
        List<ParamSpec> ts = tensors(a);
        SparsityLevels lv = SparsityLevels.parse("0.3,0.6");
        NestedUnitMasks m = NestedUnitMasks.build(lv, lv.toArray(), a, false, ts, scores(ts, 3));
        LevelMasks back = LevelMasksCodec.fromBytes(LevelMasksCodec.toBytes(m), "m");
        assertEquals("unit", back.granularity());
        for (int k = 0; k < 2; k++) assertArrayEquals(m.flatMask(k), back.flatMask(k));
    }
}
