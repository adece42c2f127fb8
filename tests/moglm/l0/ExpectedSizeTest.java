package moglm.l0;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import org.junit.jupiter.api.Test;

/**
 * The exact expected parameter count under independent gates, against a plain sum over every
 * parameter element of the product of p over the union of its gates; its gradient against
 * finite differences; at dense gates the model's parameter count.
 */
class ExpectedSizeTest {
    /** Plain reference: every element of every tensor, the product over the union of its row and column gates. */
    static double naive(GateMap map, double[] p) {
        double total = 0;
        for (var e : map.shapes().entrySet()) {
            GateMap.Axes a = map.removes().get(e.getKey());
            int rows = e.getValue()[0], cols = e.getValue()[1];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    Set<Integer> ids = new TreeSet<>();
                    if (a != null) {
                        for (int g : a.row(r)) ids.add(g);
                        for (int g : a.col(c)) ids.add(g);
                    }
                    double v = 1;
                    for (int g : ids) v *= p[g];
                    total += v;
                }
            }
        }
        return total;
    }

    @Test void matchesElementwiseReferenceAndFiniteDifferences() {
        for (Object[] c0 : StructureGatesTest.cases()) {
            ModelConfig c = (ModelConfig) c0[0];
            @SuppressWarnings("unchecked") Set<Structure> s = (Set<Structure>) c0[1];
            GateMap map = new GateMap(c, s);
            ExpectedSize size = new ExpectedSize(map);
            try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
                assertEquals(m.numParams(), size.dense(), 0.0, c.toString());
            }
            Random r = new Random(3);
            double[] p = new double[map.gates()];
            for (int i = 0; i < p.length; i++) p[i] = 0.05 + 0.9 * r.nextDouble();
            double[] grad = new double[p.length];
            double value = size.value(p, grad);
            assertEquals(naive(map, p), value, 1e-9 * value, c.toString());
            for (int i = 0; i < p.length; i++) {
                double h = 1e-5, keep = p[i];
                p[i] = keep + h;
                double up = size.value(p, null);
                p[i] = keep - h;
                double down = size.value(p, null);
                p[i] = keep;
                assertEquals((up - down) / (2 * h), grad[i], 1e-6 * Math.max(1, Math.abs(grad[i])), c + " gate " + i);
            }
        }
    }

    /** The overlap correction matters: the plain product of row and column sums would count a unit's recurrent weights p^2. */
    @Test void overlapsCountOnce() {
        ModelConfig c = new ModelConfig(7, 3, 3, 1, 0, 0, false);
        GateMap map = new GateMap(c, Set.of(Structure.UNITS));
        double[] p = new double[map.gates()];
        java.util.Arrays.fill(p, 0.5);
        ExpectedSize size = new ExpectedSize(map);
        double v = size.value(p, null);
        assertEquals(naive(map, p), v, 1e-12);
        // layer 0: 4 rows per unit x (3 input + 3 recurrent) + 4 biases; out.weight 7 x 3; embed, out.bias ungated
        double lstm = 3 * 4 * (3 * 0.5 + 2 * 0.25 + 0.5) + 12 * 0.5;   // recurrent: p_j p_k for k != j, p_j (not p_j^2) for k = j
        assertEquals(7 * 3 + lstm + 7 * 3 * 0.5 + 7, v, 1e-12);
    }

    @Test void closedAndOpenGatesCountTheSurvivingParameters() {
        for (Object[] c0 : StructureGatesTest.cases()) {
            ModelConfig c = (ModelConfig) c0[0];
            @SuppressWarnings("unchecked") Set<Structure> s = (Set<Structure>) c0[1];
            GateMap map = new GateMap(c, s);
            double[] p = new double[map.gates()];
            Random r = new Random(11);
            for (int i = 0; i < p.length; i++) p[i] = r.nextDouble() < 0.3 ? 0 : 1;
            assertEquals(naive(map, p), new ExpectedSize(map).value(p, null), 0.0, c.toString());
        }
    }
}
