package moglm.l0;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;

/**
 * Gates on gate rows, mogrifier rows / rank components and embedding dimensions: the gradient of
 * every gate (and of its log_alpha) recovered from the kernel's masked gradients against finite
 * differences of the loss on a tiny double-precision model; the effects that make each structure
 * removable; the section round trip.
 */
class StructureGatesTest {
    static final Set<Structure> ALL_TIED = EnumSet.of(Structure.UNITS, Structure.GATE_ROWS, Structure.MOG);
    static final Set<Structure> ALL = EnumSet.allOf(Structure.class);

    /** Configs covering tied / untied, full rank / low rank, one and two layers. */
    static List<Object[]> cases() {
        return List.of(
                new Object[] {new ModelConfig(13, 5, 5, 2, 3, 0, true), ALL_TIED},
                new Object[] {new ModelConfig(13, 4, 5, 2, 4, 2, false), ALL},
                new Object[] {new ModelConfig(13, 5, 4, 1, 2, 0, false), EnumSet.of(Structure.EMBED, Structure.MOG)},
                new Object[] {new ModelConfig(13, 4, 4, 1, 3, 0, true), EnumSet.of(Structure.UNITS, Structure.GATE_ROWS)});
    }

    @Test void gateGradientMatchesFiniteDifferences() {
        for (Object[] c0 : cases()) {
            ModelConfig c = (ModelConfig) c0[0];
            @SuppressWarnings("unchecked") Set<Structure> s = (Set<Structure>) c0[1];
            try (MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE)) {
                TinyL0.randomize(m, 4);
                int T = 4, B = 2;
                int[] in = TinyL0.words(T * B, c.vocabSize(), 1), tgt = TinyL0.words(T * B, c.vocabSize(), 2);
                StructureGates gates = new StructureGates(c, s, 0);
                double[][] z = gates.newArrays();
                Random r = new Random(5);
                // values exact in float (the masks are float), some exactly 0 and 1
                for (double[] row : z) for (int j = 0; j < row.length; j++) row[j] = new double[] {0, 0.25, 0.5, 0.75, 1}[r.nextInt(5)];
                double[][] dz = gradients(m, gates, z, in, tgt, T, B);
                double h = 1.0 / 1024;
                int[] checked = new int[Structure.values().length];
                for (int i = 0; i < z.length; i++) {
                    Structure kind = gates.map().groups().get(i).structure();
                    for (int j = 0; j < z[i].length; j++) {
                        if (z[i][j] == 0) continue;
                        double keep = z[i][j];
                        z[i][j] = keep + h;
                        gates.apply(m, z);
                        double up = TinyL0.loss(m, in, tgt, T, B);
                        z[i][j] = keep - h;
                        gates.apply(m, z);
                        double down = TinyL0.loss(m, in, tgt, T, B);
                        z[i][j] = keep;
                        double fd = (up - down) / (2 * h);
                        assertEquals(fd, dz[i][j], 1e-4 * Math.max(1, Math.abs(fd)), c + " " + gates.map().groups().get(i).name() + " gate " + j);
                        checked[kind.ordinal()]++;
                    }
                }
                m.clearMasks();
                for (Structure k : s) assertTrue(checked[k.ordinal()] >= 2, c + ": checked " + k + " " + checked[k.ordinal()]);
            }
        }
    }

    /**
     * d loss / d log_alpha = dL/dz dz/dlog_alpha with the same noise u, against central
     * differences of the loss in log_alpha (gates in their open range 0 < z < 1).
     */
    @Test void logAlphaGradientMatchesFiniteDifferences() {
        ModelConfig c = new ModelConfig(13, 4, 5, 2, 3, 2, false);
        try (MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE)) {
            TinyL0.randomize(m, 6);
            int T = 4, B = 2;
            int[] in = TinyL0.words(T * B, c.vocabSize(), 3), tgt = TinyL0.words(T * B, c.vocabSize(), 4);
            StructureGates gates = new StructureGates(c, ALL, 0);
            Random r = new Random(9);
            double[][] u = gates.newArrays(), z = gates.newArrays();
            for (int i = 0; i < u.length; i++) {
                for (int j = 0; j < u[i].length; j++) {
                    gates.logAlpha(i)[j] = r.nextGaussian();
                    u[i][j] = 0.3 + 0.4 * r.nextDouble();
                    z[i][j] = HardConcrete.sample(gates.logAlpha(i)[j], u[i][j]);
                }
            }
            double[][] dz = gradients(m, gates, z, in, tgt, T, B);
            int checked = 0;
            for (int i = 0; i < z.length; i++) {
                int j = i % z[i].length;   // one gate per group
                double a = gates.logAlpha(i)[j];
                if (z[i][j] <= 0 || z[i][j] >= 1) continue;
                double analytic = dz[i][j] * HardConcrete.sampleDerivative(a, u[i][j]);
                double h = 1e-3;
                double keep = z[i][j];
                z[i][j] = HardConcrete.sample(a + h, u[i][j]);
                gates.apply(m, z);
                double up = TinyL0.loss(m, in, tgt, T, B);
                z[i][j] = HardConcrete.sample(a - h, u[i][j]);
                gates.apply(m, z);
                double down = TinyL0.loss(m, in, tgt, T, B);
                z[i][j] = keep;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, analytic, 2e-3 * Math.max(1e-2, Math.abs(fd)), gates.map().groups().get(i).name());
                checked++;
            }
            m.clearMasks();
            assertTrue(checked >= 10, "checked " + checked);
        }
    }

    private static double[][] gradients(MogrifierLM m, StructureGates gates, double[][] z, int[] in, int[] tgt, int T, int B) {
        gates.apply(m, z);
        m.zeroGrads();
        try (State st = m.newState(B)) {
            st.zero();
            m.forward(in, T, B, st, null, true);
            m.loss(tgt, 1.0, null, 0.0, 1.0);
            m.backward(null);
        }
        return gates.gateGradients(m, z);
    }

    /**
     * What makes each structure removable: a closed gate row gives that gate the pre-activation 0,
     * a closed full-rank mogrifier row the factor exactly 1 (= the model with that row and bias
     * entry set to 0 and no masks), a closed rank component = left column and right row zeroed,
     * a closed embedding dimension = the embedding column zeroed.
     */
    @Test void closedGateEqualsZeroedWeights() {
        for (ModelConfig c : List.of(new ModelConfig(13, 4, 5, 2, 3, 0, false), new ModelConfig(13, 4, 5, 2, 3, 2, false))) {
            try (MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE); MogrifierLM zeroed = new MogrifierLM(c, Precision.DOUBLE)) {
                TinyL0.randomize(m, 2);
                StructureGates gates = new StructureGates(c, ALL, 0);
                double[][] z = gates.newArrays();
                for (double[] row : z) java.util.Arrays.fill(row, 1);
                Random r = new Random(1);
                for (int i = 0; i < z.length; i++) {
                    if (gates.map().groups().get(i).structure() == Structure.UNITS) continue;
                    z[i][r.nextInt(z[i].length)] = 0;
                }
                L0Export.copyParams(m, zeroed);
                for (var e : gates.map().scale().entrySet()) {
                    double[] w = zeroed.getParamD(e.getKey());
                    GateMap.Axes a = e.getValue();
                    double[] f = gates.flat(z);
                    for (int row = 0; row < a.rowCount(); row++)
                        for (int col = 0; col < a.colCount(); col++) {
                            boolean closed = false;
                            for (int g : a.row(row)) closed |= f[g] == 0;
                            for (int g : a.col(col)) closed |= f[g] == 0;
                            if (closed) w[row * a.colCount() + col] = 0;
                        }
                    zeroed.setParamD(e.getKey(), w);
                }
                int T = 5, B = 2;
                int[] in = TinyL0.words(T * B, c.vocabSize(), 8);
                gates.apply(m, z);
                float[] gated = TinyL0.logProbs(m, in, T, B);
                m.clearMasks();
                float[] plain = TinyL0.logProbs(m, in, T, B), ref = TinyL0.logProbs(zeroed, in, T, B);
                double diff = 0, effect = 0;
                for (int k = 0; k < gated.length; k++) {
                    diff = Math.max(diff, Math.abs(gated[k] - ref[k]));
                    effect = Math.max(effect, Math.abs(gated[k] - plain[k]));
                }
                assertTrue(diff < 1e-6, c + ": gated vs zeroed " + diff);
                assertTrue(effect > 1e-3, c + ": the closed gates change the model " + effect);
            }
        }
    }

    @Test void sectionRoundTripAndMismatch() throws Exception {
        ModelConfig c = new ModelConfig(11, 4, 5, 2, 2, 0, false);
        StructureGates g = new StructureGates(c, ALL, 0.25);
        g.logAlpha(3)[2] = -2.5;
        StructureGates back = StructureGates.fromBytes(c, g.toBytes(), "test");
        assertEquals(g.map().structures(), back.map().structures());
        assertEquals(-2.5, back.logAlpha(3)[2]);
        assertEquals(0.25, back.logAlpha(0)[0]);
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> StructureGates.fromBytes(new ModelConfig(11, 4, 6, 2, 2, 0, false), g.toBytes(), "x.mlm"));
        assertTrue(e.getMessage().startsWith("x.mlm: "), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(g.toBytes(), 40);
        assertTrue(assertThrows(java.io.IOException.class, () -> StructureGates.fromBytes(c, cut, "y.mlm")).getMessage().contains("truncated"));
    }

    @Test void structureListsAreCheckedAgainstTheModel() {
        assertEquals(EnumSet.of(Structure.UNITS, Structure.MOG), Structure.parse("mog, units,mog"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Structure.parse("units,heads")).getMessage().contains("'heads'"));
        ModelConfig tied = new ModelConfig(11, 4, 4, 1, 2, 0, true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StructureGates(tied, EnumSet.of(Structure.EMBED), 0))
                .getMessage().contains("top layer's hidden units"));
        ModelConfig plain = new ModelConfig(11, 4, 4, 1, 0, 0, false);
        assertThrows(IllegalArgumentException.class, () -> new StructureGates(plain, EnumSet.of(Structure.MOG), 0));
    }
}
