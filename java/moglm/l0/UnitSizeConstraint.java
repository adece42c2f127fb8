package moglm.l0;

import moglm.model.ModelConfig;

/**
 * Size constraints of hidden-unit gates alone ({@link UnitGates}): one per layer, driving the
 * layer's expected kept fraction u_l = E[n_l] / H to n_t / H, where n_t units in every layer give
 * the target fraction of the dense parameters ({@link L0Size#unitsFor}). Per layer because the
 * exported model has one hidden size: a single constraint on params(E[n]) let the layers drift
 * apart (measured: 2 and 26 of 32 units). s = params(E[n_0], ..., E[n_{L-1}]) / dense params.
 */
public final class UnitSizeConstraint implements SizeConstraint {
    private final ModelConfig config;
    private final UnitGates gates;
    private final Lagrangian lagrangian;
    private final double denseParams;

    public UnitSizeConstraint(UnitGates gates, L0Options options, double denseParams) {
        this.config = gates.config();
        this.gates = gates;
        this.lagrangian = new Lagrangian(gates.layers(), options.lambdaLr(), options.lambda2Init());
        this.denseParams = denseParams;
    }

    @Override public Lagrangian lagrangian() { return lagrangian; }

    @Override public double expectedSize() {
        return L0Size.params(config, gates.expectedKept()) / denseParams;
    }

    @Override public Step step(double target) {
        int units = gates.units();
        double unitTarget = L0Size.unitsFor(config, target) / units;   // kept fraction per layer
        double[] kept = gates.expectedKept();
        double s = L0Size.params(config, kept) / denseParams;
        double penalty = 0;
        double[][] d = new double[gates.layers()][units];
        for (int l = 0; l < gates.layers(); l++) {
            double ul = kept[l] / units;
            double penaltyScale = lagrangian.derivative(l, ul, unitTarget) / units;
            penalty += lagrangian.penalty(l, ul, unitTarget);
            lagrangian.ascend(l, ul, unitTarget);
            java.util.Arrays.fill(d[l], penaltyScale);
        }
        return new Step(penalty, s, d);
    }
}
