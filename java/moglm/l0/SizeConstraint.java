package moglm.l0;

/**
 * The size term of L0 training: the expected size s of the gated model against the target t in
 * force, through a {@link Lagrangian}. {@link UnitSizeConstraint}: one constraint per layer on the
 * expected kept-unit fraction (hidden-unit gates alone, the original form);
 * {@link TotalSizeConstraint}: one constraint on the exact expected parameter count of gates on
 * any structures.
 */
public interface SizeConstraint {
    /** What one step computed: the penalty value, s before the step, and dPenalty/dP(z != 0) per gate. */
    record Step(double penalty, double expectedSize, double[][] dPenaltyDp) {}

    Lagrangian lagrangian();

    /** s = E[params] / dense params under the current gates. */
    double expectedSize();

    /**
     * The penalty and its gradient with respect to every gate's P(z != 0) at target t, then one
     * ascent step of the multipliers (from the values before the step).
     */
    Step step(double target);
}
