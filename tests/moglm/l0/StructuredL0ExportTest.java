package moglm.l0;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.Set;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.prune.LevelExport;
import org.junit.jupiter.api.Test;

/**
 * The exported deterministic model of structured L0 training gives the log-probabilities of the
 * model with its gates applied as masks (<= 1e-5), drops closed units / embedding dimensions
 * physically, and has exactly the non-zero count the size model gives for those gates.
 */
class StructuredL0ExportTest {
    @Test void exportedEqualsGated() {
        for (Object[] c0 : StructureGatesTest.cases()) {
            ModelConfig c = (ModelConfig) c0[0];
            @SuppressWarnings("unchecked") Set<Structure> s = (Set<Structure>) c0[1];
            for (boolean deterministic : new boolean[] {false, true}) {
                try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
                    TinyL0.randomize(m, 8);
                    StructureGates gates = new StructureGates(c, s, 0);
                    Random r = new Random(deterministic ? 2 : 3);
                    double[][] z = gates.newArrays();
                    for (int i = 0; i < z.length; i++) {
                        for (int j = 0; j < z[i].length; j++) {
                            gates.logAlpha(i)[j] = r.nextGaussian() * 3;
                            z[i][j] = new double[] {0, 0.3, 1, 1}[r.nextInt(4)];
                        }
                    }
                    if (s.contains(Structure.UNITS)) {   // layers close different numbers of units
                        for (int i = 0; i < z.length; i++) {
                            GateMap.Group g = gates.map().groups().get(i);
                            if (g.structure() != Structure.UNITS) continue;
                            for (int j = 0; j < g.size(); j++) z[i][j] = j <= g.layer() ? 0 : 0.7;
                        }
                    }
                    if (deterministic) z = gates.deterministic();
                    check(m, gates, z, c + " " + Structure.format(s) + (deterministic ? " deterministic" : ""));
                }
            }
        }
    }

    private static void check(MogrifierLM m, StructureGates gates, double[][] z, String what) {
        ModelConfig c = m.config();
        int T = 6, B = 3;
        int[] in = TinyL0.words(T * B, c.vocabSize(), 9);
        float[] dense = TinyL0.logProbs(m, in, T, B);
        gates.apply(m, z);
        float[] gated = TinyL0.logProbs(m, in, T, B);
        m.clearMasks();
        StructuredL0Export.Result r = StructuredL0Export.export(m, gates, z);
        try (MogrifierLM small = r.model()) {
            float[] exported = TinyL0.logProbs(small, in, T, B);
            double maxDiff = 0, fromDense = 0;
            for (int i = 0; i < gated.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(gated[i] - exported[i]));
                fromDense = Math.max(fromDense, Math.abs(gated[i] - dense[i]));
            }
            assertTrue(maxDiff <= 1e-5, what + ": max |exported - gated| " + maxDiff);
            assertTrue(fromDense > 1e-3, what + ": the gates change the model");
            double[] f = gates.flat(z);
            int closedUnitsMin = Integer.MAX_VALUE, closedEmbed = 0;
            boolean units = false;
            for (GateMap.Group g : gates.map().groups()) {
                int closed = 0;
                for (int j = 0; j < g.size(); j++) if (f[g.offset() + j] == 0) closed++;
                if (g.structure() == Structure.UNITS) {
                    units = true;
                    closedUnitsMin = Math.min(closedUnitsMin, closed);
                }
                if (g.structure() == Structure.EMBED) closedEmbed = closed;
            }
            if (!units) closedUnitsMin = 0;
            assertEquals(c.hiddenSize() - closedUnitsMin, small.config().hiddenSize(), what);
            if (!c.tied()) assertEquals(c.embedSize() - closedEmbed, small.config().embedSize(), what);
            for (int i = 0; i < f.length; i++) f[i] = f[i] != 0 ? 1 : 0;
            assertEquals((long) new ExpectedSize(gates.map()).value(f, null), LevelExport.nonZero(small), what + ": non-zero parameters");
            assertTrue(LevelExport.nonZero(small) < m.numParams(), what);
        }
    }
}
