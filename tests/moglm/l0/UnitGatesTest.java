package moglm.l0;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;

/** The gate gradient recovered from the kernel's masked gradients, against finite differences. */
class UnitGatesTest {
    @Test void gateGradientMatchesFiniteDifferences() {
        for (ModelConfig c : List.of(new ModelConfig(17, 6, 6, 2, 3, 0, true), new ModelConfig(17, 5, 7, 2, 4, 2, false))) {
            try (MogrifierLM m = new MogrifierLM(c, Precision.DOUBLE)) {
                m.initRandom(4);
                int T = 4, B = 2;
                int[] in = TinyL0.words(T * B, c.vocabSize(), 1), tgt = TinyL0.words(T * B, c.vocabSize(), 2);
                UnitGates gates = new UnitGates(c, 0);
                double[][] z = new double[c.layers()][c.hiddenSize()];
                Random r = new Random(5);
                // values exact in float (the masks are float), some exactly 0 and 1
                for (double[] row : z) for (int j = 0; j < row.length; j++) row[j] = new double[] {0, 0.25, 0.5, 0.75, 1}[r.nextInt(5)];
                z[0][0] = 0.5;
                gates.apply(m, z);
                m.zeroGrads();
                try (State s = m.newState(B)) {
                    s.zero();
                    m.forward(in, T, B, s, null, true);
                    m.loss(tgt, 1.0, null, 0.0, 1.0);
                    m.backward(null);
                }
                double[][] dz = gates.gateGradients(m, z);
                double h = 1.0 / 1024;
                int checked = 0;
                for (int l = 0; l < c.layers(); l++) {
                    for (int j = 0; j < c.hiddenSize(); j++) {
                        if (z[l][j] == 0) continue;
                        double keep = z[l][j];
                        z[l][j] = keep + h;
                        gates.apply(m, z);
                        double up = TinyL0.loss(m, in, tgt, T, B);
                        z[l][j] = keep - h;
                        gates.apply(m, z);
                        double down = TinyL0.loss(m, in, tgt, T, B);
                        z[l][j] = keep;
                        double fd = (up - down) / (2 * h);
                        assertEquals(fd, dz[l][j], 1e-4 * Math.max(1, Math.abs(fd)), c + " layer " + l + " unit " + j);
                        checked++;
                    }
                }
                assertTrue(checked >= 4);
                m.clearMasks();
            }
        }
    }

    @Test void sectionRoundTrip() throws Exception {
        ModelConfig c = new ModelConfig(11, 4, 5, 2, 2, 0, false);
        UnitGates g = new UnitGates(c, 0.25);
        g.logAlpha(1)[3] = -2.5;
        UnitGates back = UnitGates.fromBytes(c, g.toBytes(), "test");
        assertEquals(-2.5, back.logAlpha(1)[3]);
        assertEquals(0.25, back.logAlpha(0)[0]);
        assertThrows(java.io.IOException.class, () -> UnitGates.fromBytes(new ModelConfig(11, 4, 6, 2, 2, 0, false), g.toBytes(), "x"));
    }
}
