package moglm.level;

import moglm.model.ParamSpec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NestedElementMasksTest {
    static final List<ParamSpec> TENSORS = List.of(
            new ParamSpec("embed", 10, 4, 0),
            new ParamSpec("layer0.lstm.weight", 16, 8, 40),
            new ParamSpec("layer0.lstm.bias", 16, 1, 168),
            new ParamSpec("layer0.mog1.weight", 4, 4, 184),
            new ParamSpec("layer0.mog1.bias", 4, 1, 200),
            new ParamSpec("out.weight", 10, 4, 204),
            new ParamSpec("out.bias", 10, 1, 244));
    static final int N = 254;

    static float[] randomScores(long seed) {
        Random r = new Random(seed);
        float[] s = new float[N];
        for (int i = 0; i < N; i++) s[i] = r.nextFloat();
        return s;
    }

    @Test void perMatrixMasksAreNestedExactCountsAndDropTheLowestScores() {
        SparsityLevels lv = SparsityLevels.parse("0.2,0.4,0.6,0.8");
        float[] s = randomScores(1);
        NestedElementMasks m = NestedElementMasks.build(lv, lv.toArray(), TENSORS, s, PruneTarget.defaults(), Ranking.PER_MATRIX);
        for (int k = 0; k < lv.size(); k++) {
            float[] mask = m.flatMask(k);
            for (ParamSpec t : TENSORS) {
                int removed = 0;
                float maxRemoved = -1, minKept = 2;
                for (int i = 0; i < t.size(); i++) {
                    int f = t.flat(i / t.cols(), i % t.cols());
                    if (mask[f] == 0f) { removed++; maxRemoved = Math.max(maxRemoved, s[f]); }
                    else minKept = Math.min(minKept, s[f]);
                    if (k + 1 < lv.size() && m.flatMask(k + 1)[f] == 1f) assertEquals(1f, mask[f], "nested at " + t.name() + " " + i);
                }
                if (t.isBias()) {
                    assertEquals(0, removed, "biases are never pruned");
                } else {
                    assertEquals(Math.round(lv.sparsity(k) * t.size()), removed, t.name() + " level " + k);
                    assertTrue(maxRemoved <= minKept, "pruned scores must not exceed kept ones in " + t.name());
                }
            }
        }
        assertNull(m.flatMask(SparsityLevels.DENSE));
    }

    @Test void globalRankingPrunesLowestScoresAcrossMatricesAndRespectsTargets() {
        SparsityLevels lv = SparsityLevels.parse("0.5,0.25");
        float[] s = randomScores(2);
        EnumSet<PruneTarget> targets = PruneTarget.parse("lstm,mog");
        NestedElementMasks m = NestedElementMasks.build(lv, lv.toArray(), TENSORS, s, targets, Ranking.GLOBAL);
        int pool = 16 * 8 + 16;
        for (int k = 0; k < 2; k++) {
            float[] mask = m.flatMask(k);
            assertEquals(Math.round(lv.sparsity(k) * pool), m.removedCount(k));
            float maxRemoved = -1, minKept = 2;
            for (int f = 0; f < N; f++) {
                boolean inPool = (f >= 40 && f < 168) || (f >= 184 && f < 200);
                if (!inPool) { assertEquals(1f, mask[f]); continue; }
                if (mask[f] == 0f) maxRemoved = Math.max(maxRemoved, s[f]); else minKept = Math.min(minKept, s[f]);
            }
            assertTrue(maxRemoved <= minKept);
        }
    }

    @Test void codecRoundTripsAndRejectsTruncation() throws Exception {
        SparsityLevels lv = SparsityLevels.parse("0.3,0.6");
        NestedElementMasks m = NestedElementMasks.build(lv, lv.toArray(), TENSORS, randomScores(3), PruneTarget.defaults(), Ranking.PER_MATRIX);
        byte[] b = LevelMasksCodec.toBytes(new ElementLevelMasks(m));
        LevelMasks back = LevelMasksCodec.fromBytes(b, "x.moglm");
        assertEquals(lv, back.levels());
        for (int k = 0; k < 2; k++) assertArrayEquals(m.flatMask(k), back.flatMask(k));
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
        var e = assertThrows(java.io.IOException.class, () -> LevelMasksCodec.fromBytes(cut, "x.moglm"));
        assertTrue(e.getMessage().contains("x.moglm"), e.getMessage());
    }

    @Test void scheduleScaledLevelsStayNested() {
        SparsityLevels lv = SparsityLevels.parse("0.2,0.8");
        NestedElementMasks m = NestedElementMasks.build(lv, new double[] {0.1, 0.4}, TENSORS, randomScores(4), PruneTarget.defaults(), Ranking.PER_MATRIX);
        assertEquals(Math.round(0.4 * 128), 128 - countOnes(m.flatMask(1), 40, 168));
        assertEquals(Math.round(0.1 * 128), 128 - countOnes(m.flatMask(0), 40, 168));
    }

    static int countOnes(float[] m, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) if (m[i] != 0f) c++;
        return c;
    }

    @Test void levelsParseAndValidate() {
        SparsityLevels lv = SparsityLevels.parse("0, 0.6");
        assertEquals(1, lv.size());
        assertEquals(0, lv.indexOf(0.6));
        assertEquals(SparsityLevels.DENSE, lv.indexOf(0));
        assertThrows(IllegalArgumentException.class, () -> SparsityLevels.parse("0.2,1.0"));
        assertThrows(IllegalArgumentException.class, () -> SparsityLevels.parse("0.2,x"));
        assertThrows(IllegalArgumentException.class, () -> lv.indexOf(0.4));
    }
}
