package moglm.l0;

/**
 * The stretched hard-concrete distribution of Louizos, Welling and Kingma (ICLR 2018), the gate of
 * L0 regularisation: a continuous relaxation of a Bernoulli gate that still puts finite mass on
 * exactly 0 and exactly 1.
 *
 * <pre>
 *   u ~ U(0,1)
 *   s = sigmoid((log u - log(1 - u) + log_alpha) / beta)       (binary concrete, temperature beta)
 *   z = min(1, max(0, s (zeta - gamma) + gamma))                (stretched to (gamma, zeta), clamped)
 *   P(z != 0) = sigmoid(log_alpha - beta log(-gamma / zeta))    (closed form: the expected L0 norm)
 *   dz/dlog_alpha = (zeta - gamma) s (1 - s) / beta  for 0 &lt; z &lt; 1, else 0
 *   deterministic (inference) gate: min(1, max(0, sigmoid(log_alpha) (zeta - gamma) + gamma))
 * </pre>
 * With the defaults beta = 2/3, gamma = -0.1, zeta = 1.1 of the paper.
 */
public final class HardConcrete {
    public static final double BETA = 2.0 / 3.0;
    public static final double GAMMA = -0.1;
    public static final double ZETA = 1.1;
    /** u is drawn from [EPS, 1 - EPS] so that both logarithms stay finite. */
    static final double EPS = 1e-6;

    private HardConcrete() {}

    /** One sample of the gate; {@code u} in (0,1) is the uniform noise (clipped to [EPS, 1-EPS]). */
    public static double sample(double logAlpha, double u) {
        return clamp(stretched(logAlpha, u));
    }

    /** dz/dlog_alpha of {@link #sample} with the same noise (0 where the gate is clamped). */
    public static double sampleDerivative(double logAlpha, double u) {
        double s = concrete(logAlpha, u);
        double z = s * (ZETA - GAMMA) + GAMMA;
        if (z <= 0 || z >= 1) return 0;
        return (ZETA - GAMMA) * s * (1 - s) / BETA;
    }

    /** P(z != 0) = sigmoid(log_alpha - beta log(-gamma/zeta)). */
    public static double probNonZero(double logAlpha) {
        return sigmoid(logAlpha - BETA * Math.log(-GAMMA / ZETA));
    }

    /** d P(z != 0) / d log_alpha. */
    public static double probNonZeroDerivative(double logAlpha) {
        double p = probNonZero(logAlpha);
        return p * (1 - p);
    }

    /** The deterministic gate used at inference and export. */
    public static double deterministic(double logAlpha) {
        return clamp(sigmoid(logAlpha) * (ZETA - GAMMA) + GAMMA);
    }

    private static double concrete(double logAlpha, double u) {
        double v = Math.min(1 - EPS, Math.max(EPS, u));
        return sigmoid((Math.log(v) - Math.log1p(-v) + logAlpha) / BETA);
    }

    private static double stretched(double logAlpha, double u) {
        return concrete(logAlpha, u) * (ZETA - GAMMA) + GAMMA;
    }

    private static double clamp(double z) {
        return Math.min(1, Math.max(0, z));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
