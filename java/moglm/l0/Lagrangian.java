package moglm.l0;

import java.util.Arrays;

/**
 * Size constraints of L0 training in the form of CoFi (Xia et al. 2022) and Jiang et al. (2023),
 * one per constrained quantity i (here: the expected kept-unit fraction of each layer):
 * <pre>
 *   penalty_i = lambda1_i (s_i - t) + lambda2_i (s_i - t)^2
 * </pre>
 * minimised over the model and gates, MAXIMISED over (lambda1_i, lambda2_i) by gradient ascent:
 * {@code lambda1_i += lr (s_i - t)}, {@code lambda2_i += lr (s_i - t)^2}. While s_i stays above t,
 * lambda1_i grows and pushes the gates closed. The quadratic term acts as a spring of stiffness
 * 2 lambda2_i around the target; starting it at {@code lambda2Init > 0} (instead of CoFi's 0,
 * whose lambda2 grows only over thousands of steps) damps the overshoot of the integrating
 * lambda1 in short runs.
 */
public final class Lagrangian {
    private final double lr;
    private final double[] lambda1, lambda2;

    /** {@code constraints} multiplier pairs, lambda1 = 0 and lambda2 = lambda2Init (>= 0). */
    public Lagrangian(int constraints, double lr, double lambda2Init) {
        if (constraints < 1) throw new IllegalArgumentException("need at least one constraint");
        if (!(lambda2Init >= 0)) throw new IllegalArgumentException("initial lambda2 must be >= 0, got " + lambda2Init);
        this.lr = lr;
        this.lambda1 = new double[constraints];
        this.lambda2 = new double[constraints];
        Arrays.fill(lambda2, lambda2Init);
    }

    public int size() { return lambda1.length; }
    public double lambda1(int i) { return lambda1[i]; }
    public double lambda2(int i) { return lambda2[i]; }

    /** Restores multiplier pair i (checkpoint). */
    public void set(int i, double l1, double l2) {
        lambda1[i] = l1;
        lambda2[i] = l2;
    }

    /** The penalty of constraint i at value s and target t. */
    public double penalty(int i, double s, double t) {
        double d = s - t;
        return lambda1[i] * d + lambda2[i] * d * d;
    }

    /** d penalty_i / d s. */
    public double derivative(int i, double s, double t) {
        return lambda1[i] + 2 * lambda2[i] * (s - t);
    }

    /** One ascent step on multiplier pair i. */
    public void ascend(int i, double s, double t) {
        double d = s - t;
        lambda1[i] += lr * d;
        lambda2[i] += lr * d * d;
    }
}
