package moglm.l0;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of L0 training ({@link L0Training}).
 *
 * @param targetSize     target parameter count as a fraction of the dense model's, in (0, 1]
 * @param warmupSteps    the target falls linearly from 1 to targetSize over this many steps (CoFi)
 * @param gateLr         Adam learning rate of the log_alphas
 * @param lambdaLr       learning rate of the gradient ascent on the two Lagrange multipliers
 * @param initLogAlpha   initial log_alpha of every gate (3: P(z != 0) ~ 0.99, deterministic gate 1)
 * @param kdWeight       weight of distillation from the ungated network's logits (0 = off); the
 *                       cross-entropy gets 1 - kdWeight
 * @param kdTemperature  distillation temperature
 * @param hiddenWeight   weight W of layer-wise hidden-state distillation from the ungated network,
 *                       W * sum over layers of MSE(h_l gated, h_l ungated)
 *                       ({@link moglm.distill.HiddenDistillation}); 0 = off
 * @param lambda2Init    initial lambda2 of every layer's constraint ({@link Lagrangian}): the
 *                       stiffness of the spring that holds the kept fraction at the target
 * @param structures     what the gates are on ({@code --l0-structures}); {units} alone is the
 *                       original hidden-unit training ({@link UnitGates}), anything else uses
 *                       {@link StructureGates}
 */
public record L0Options(double targetSize, long warmupSteps, double gateLr, double lambdaLr, double initLogAlpha,
                        double kdWeight, double kdTemperature, double hiddenWeight, double lambda2Init, Set<Structure> structures) {
    /** Default {@link #lambda2Init}: measured to hold short runs within 1-2% of the target (docs/l0-lowrank.md). */
    public static final double DEFAULT_LAMBDA2_INIT = 30;

    /** Gates on hidden units only. */
    public L0Options(double targetSize, long warmupSteps, double gateLr, double lambdaLr, double initLogAlpha,
                     double kdWeight, double kdTemperature, double hiddenWeight, double lambda2Init) {
        this(targetSize, warmupSteps, gateLr, lambdaLr, initLogAlpha, kdWeight, kdTemperature, hiddenWeight, lambda2Init,
                EnumSet.of(Structure.UNITS));
    }

    /** Without hidden-state distillation, default lambda2Init. */
    public L0Options(double targetSize, long warmupSteps, double gateLr, double lambdaLr, double initLogAlpha,
                     double kdWeight, double kdTemperature) {
        this(targetSize, warmupSteps, gateLr, lambdaLr, initLogAlpha, kdWeight, kdTemperature, 0, DEFAULT_LAMBDA2_INIT);
    }

    public L0Options {
        if (!(targetSize > 0 && targetSize <= 1)) throw new IllegalArgumentException("--target-size must be in (0, 1], got " + targetSize);
        if (warmupSteps < 0) throw new IllegalArgumentException("L0 warm-up steps must be >= 0, got " + warmupSteps);
        if (!(gateLr > 0)) throw new IllegalArgumentException("--l0-lr must be > 0, got " + gateLr);
        if (!(lambdaLr >= 0)) throw new IllegalArgumentException("--l0-lambda-lr must be >= 0, got " + lambdaLr);
        if (!(kdWeight >= 0 && kdWeight <= 1)) throw new IllegalArgumentException("--l0-kd-weight must be in [0, 1], got " + kdWeight);
        if (!(kdTemperature > 0)) throw new IllegalArgumentException("--l0-kd-temp must be > 0, got " + kdTemperature);
        if (!(hiddenWeight >= 0) || !Double.isFinite(hiddenWeight))
            throw new IllegalArgumentException("--kd-hidden-weight must be >= 0, got " + hiddenWeight);
        if (!(lambda2Init >= 0) || !Double.isFinite(lambda2Init))
            throw new IllegalArgumentException("--l0-lambda2-init must be >= 0, got " + lambda2Init);
        if (structures == null || structures.isEmpty()) throw new IllegalArgumentException("--l0-structures: empty list");
        structures = Collections.unmodifiableSet(EnumSet.copyOf(structures));
    }

    /** True when the gates are on hidden units only (the original {@link UnitGates} training). */
    public boolean unitsOnly() {
        return structures.equals(EnumSet.of(Structure.UNITS));
    }

    /** The target in force at a step: 1 - (1 - targetSize) min(1, step / warmupSteps). */
    public double targetAt(long step) {
        if (warmupSteps == 0) return targetSize;
        return 1 - (1 - targetSize) * Math.min(1.0, (double) step / warmupSteps);
    }
}
