package moglm.l0;

/**
 * One size constraint on the whole model for gates on any structures ({@link StructureGates}):
 * s = E[params] / dense params with the exact expectation of {@link ExpectedSize} (a parameter
 * removed by several gates counts once, with the probability that any of them is 0), driven to
 * the target by one multiplier pair: penalty = lambda1 (s - t) + lambda2 (s - t)^2. A gate's share
 * of the gradient is dPenalty/ds * dE/dp_g / dense, i.e. proportional to the parameters it
 * removes (those still alive under the other gates), so cheap structures (a mogrifier row) are
 * pushed less than expensive ones (a unit).
 */
public final class TotalSizeConstraint implements SizeConstraint {
    private final StructureGates gates;
    private final ExpectedSize size;
    private final Lagrangian lagrangian;
    private final double denseParams;

    public TotalSizeConstraint(StructureGates gates, L0Options options, double denseParams) {
        this.gates = gates;
        this.size = new ExpectedSize(gates.map());
        this.lagrangian = new Lagrangian(1, options.lambdaLr(), options.lambda2Init());
        this.denseParams = denseParams;
        double d = size.dense();
        if (d != denseParams) throw new IllegalArgumentException("gate layout counts " + d + " parameters, the model has " + denseParams);
    }

    @Override public Lagrangian lagrangian() { return lagrangian; }

    @Override public double expectedSize() {
        return size.value(gates.probNonZero(), null) / denseParams;
    }

    @Override public Step step(double target) {
        double[] grad = new double[gates.map().gates()];
        double s = size.value(gates.probNonZero(), grad) / denseParams;
        double scale = lagrangian.derivative(0, s, target) / denseParams;
        double penalty = lagrangian.penalty(0, s, target);
        lagrangian.ascend(0, s, target);
        for (int i = 0; i < grad.length; i++) grad[i] *= scale;
        double[][] d = gates.newArrays();
        for (GateMap.Group g : gates.map().groups()) {
            int gi = gates.map().groups().indexOf(g);
            System.arraycopy(grad, g.offset(), d[gi], 0, g.size());
        }
        return new Step(penalty, s, d);
    }
}
