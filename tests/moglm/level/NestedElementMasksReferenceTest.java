package moglm.level;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import moglm.model.ParamSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The nested codes equal those of the plain definition (sort the pool's elements by (score,
 * position in the pool), level k removes the first round(s_k n)), with many tied scores (a few
 * distinct values), zeros and negative zeros, per matrix and global, at intermediate and final
 * sparsities.
 */
class NestedElementMasksReferenceTest {
    private static int[] referenceCodes(List<ParamSpec> pool, float[] scores, double[] current, int numParams) {
        int n = 0;
        for (ParamSpec t : pool) n += t.size();
        Integer[] pos = new Integer[n];
        int[] flat = new int[n];
        int p = 0;
        for (ParamSpec t : pool) for (int i = 0; i < t.size(); i++) { flat[p] = (int) t.offset() + i; pos[p] = p; p++; }
        Arrays.sort(pos, (a, b) -> {
            int c = Float.compare(scores[flat[a]] + 0.0f, scores[flat[b]] + 0.0f);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] code = new int[numParams];
        Arrays.fill(code, -1);
        for (int q = 0; q < n; q++) {
            int k = 0;
            while (k < current.length && Math.round(current[k] * n) <= q) k++;
            code[flat[pos[q]]] = k;
        }
        return code;
    }

    @ParameterizedTest
    @EnumSource(Ranking.class)
    void codesEqualTheDefinition(Ranking ranking) {
        List<ParamSpec> tensors = NestedElementMasksTest.TENSORS;
        int numParams = NestedElementMasksTest.N;
        Random r = new Random(9);
        float[] s = new float[numParams];
        for (int i = 0; i < numParams; i++) s[i] = r.nextInt(5) == 0 ? (r.nextBoolean() ? 0f : -0f) : r.nextInt(4) * 0.25f;
        SparsityLevels lv = SparsityLevels.parse("0.3,0.5,0.7");
        for (double[] current : new double[][] {{0.1, 0.2, 0.35}, lv.toArray()}) {
            NestedElementMasks m = NestedElementMasks.build(lv, current, tensors, s, PruneTarget.defaults(), ranking);
            List<List<ParamSpec>> pools = new ArrayList<>();
            if (ranking == Ranking.PER_MATRIX) for (ParamSpec t : m.prunedTensors()) pools.add(List.of(t));
            else pools.add(m.prunedTensors());
            for (List<ParamSpec> pool : pools) {
                int[] want = referenceCodes(pool, s, current, numParams);
                for (ParamSpec t : pool) {
                    for (int i = 0; i < t.size(); i++) {
                        int code = want[(int) t.offset() + i];
                        for (int k = 0; k < lv.size(); k++)
                            assertEquals(k < code, m.kept(t.name(), i, k), t.name() + "[" + i + "] level " + k + " " + ranking);
                    }
                }
            }
        }
    }
}
