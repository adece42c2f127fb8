package moglm.l0;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hard-concrete sampling against its closed forms. */
class HardConcreteTest {
    @Test void monteCarloNonZeroRateMatchesClosedForm() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 200_000;
        for (double a : new double[] {-3, -1, 0, 0.5, 2, 4}) {
            int nonZero = 0, one = 0;
            for (int i = 0; i < n; i++) {
                double z = HardConcrete.sample(a, rng.nextDouble());
                assertTrue(z >= 0 && z <= 1);
                if (z != 0) nonZero++;
                if (z == 1) one++;
            }
            double p = HardConcrete.probNonZero(a);
            double sigma = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, (double) nonZero / n, 5 * sigma + 1e-4, "log_alpha " + a);
            // P(z = 1) = 1 - sigmoid(beta log((1 - gamma)/(zeta - 1)) - log_alpha)
            double p1 = 1 - HardConcrete.sigmoid(HardConcrete.BETA * Math.log((1 - HardConcrete.GAMMA) / (HardConcrete.ZETA - 1)) - a);
            assertEquals(p1, (double) one / n, 5 * Math.sqrt(p1 * (1 - p1) / n) + 1e-4, "P(z=1), log_alpha " + a);
        }
    }

    @Test void sampleDerivativeMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        int checked = 0;
        for (int i = 0; i < 200; i++) {
            double a = rng.nextDouble(-3, 3), u = rng.nextDouble();
            double h = 1e-6;
            double up = HardConcrete.sample(a + h, u), down = HardConcrete.sample(a - h, u);
            double z = HardConcrete.sample(a, u);
            if (z == 0 || z == 1 || up == 0 || up == 1 || down == 0 || down == 1) {
                if (z == 0 || z == 1) assertEquals(0.0, HardConcrete.sampleDerivative(a, u));
                continue;
            }
            assertEquals((up - down) / (2 * h), HardConcrete.sampleDerivative(a, u), 1e-6);
            checked++;
        }
        assertTrue(checked > 50);
        double a = 0.3, h = 1e-6;
        assertEquals((HardConcrete.probNonZero(a + h) - HardConcrete.probNonZero(a - h)) / (2 * h),
                HardConcrete.probNonZeroDerivative(a), 1e-8);
    }

    @Test void deterministicGateIsClampedStretchedSigmoid() {
        assertEquals(1.0, HardConcrete.deterministic(5));
        assertEquals(0.0, HardConcrete.deterministic(-5));
        assertEquals(0.5, HardConcrete.deterministic(0), 1e-12);
    }
}
