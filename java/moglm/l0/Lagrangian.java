package moglm.l0;

/**
 * The size constraint of L0 training in the form of CoFi (Xia et al. 2022) and Jiang et al. (2023):
 * <pre>
 *   penalty = lambda1 (s - t) + lambda2 (s - t)^2,      s = E[params] / dense params, t = target
 * </pre>
 * minimised over the model and gates, MAXIMISED over (lambda1, lambda2) by gradient ascent:
 * {@code lambda1 += lr (s - t)}, {@code lambda2 += lr (s - t)^2}. While s stays above t, lambda1
 * grows and pushes the gates closed; the quadratic term's weight grows until s settles on t.
 */
public final class Lagrangian {
    private final double lr;
    private double lambda1, lambda2;

    public Lagrangian(double lr) { this.lr = lr; }

    public double lambda1() { return lambda1; }
    public double lambda2() { return lambda2; }

    /** Restores the multipliers (checkpoint). */
    public void set(double l1, double l2) {
        lambda1 = l1;
        lambda2 = l2;
    }

    /** The penalty at size s and target t. */
    public double penalty(double s, double t) {
        double d = s - t;
        return lambda1 * d + lambda2 * d * d;
    }

    /** d penalty / d s. */
    public double derivative(double s, double t) {
        return lambda1 + 2 * lambda2 * (s - t);
    }

    /** One ascent step on the multipliers. */
    public void ascend(double s, double t) {
        double d = s - t;
        lambda1 += lr * d;
        lambda2 += lr * d * d;
    }
}
