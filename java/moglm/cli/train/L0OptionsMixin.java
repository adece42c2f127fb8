package moglm.cli.train;

import moglm.l0.L0Hook;
import moglm.l0.L0Options;
import moglm.l0.Structure;
import moglm.train.StepHook;
import picocli.CommandLine.Option;

/**
 * The L0 options of {@code moglm train} (active with {@code --granularity l0}): the target size
 * and how the gates and multipliers learn.
 */
public final class L0OptionsMixin {
    @Option(names = "--target-size", paramLabel = "S",
            description = "With --granularity l0: target parameter count as a fraction of the dense model (e.g. 0.6).")
    Double targetSize;
    @Option(names = "--l0-warmup", paramLabel = "STEPS",
            description = "Steps over which the L0 target falls linearly from 1 to --target-size (default: half the planned steps).")
    Long warmup;
    @Option(names = "--l0-lr", description = "Adam learning rate of the gates' log_alpha.")
    double gateLr = 0.1;
    @Option(names = "--l0-lambda-lr", description = "Ascent rate of the Lagrange multipliers.")
    double lambdaLr = 0.5;
    @Option(names = "--l0-lambda2-init", description = "Initial lambda2 (quadratic weight) of each layer's size constraint.")
    double lambda2Init = L0Options.DEFAULT_LAMBDA2_INIT;
    @Option(names = "--l0-init", description = "Initial log_alpha of every gate.")
    double initLogAlpha = 3;
    @Option(names = "--l0-kd-weight", description = "Distillation weight from the ungated network's logits (0 = off).")
    double kdWeight = 0;
    @Option(names = "--l0-kd-temp", description = "Distillation temperature.")
    double kdTemp = 1;
    @Option(names = "--l0-structures", paramLabel = "LIST",
            description = "What the L0 gates are on, comma-separated: units (hidden units), gate-rows (rows of"
                + " layer<l>.lstm.weight), mog (mogrifier rows; rank components of low-rank rounds), embed (embedding"
                + " dimensions, untied models only: tied, they are the top layer's units, covered by units). With more than"
                + " units one constraint holds the exact expected parameter count at the target.")
    String structures = "units";

    /**
     * The trainer hook when {@code granularity} is l0, else null (then --target-size is refused);
     * {@code pruningActive} = --levels or --prune-to was given (not combinable with l0).
     */
    public StepHook hook(String granularity, boolean pruningActive, long seed) {
        return hook(granularity, pruningActive, seed, 0);
    }

    /** As {@link #hook(String, boolean, long)}, with layer-wise distillation weight {@code hiddenWeight} (--kd-hidden-weight). */
    public StepHook hook(String granularity, boolean pruningActive, long seed, double hiddenWeight) {
        if (!"l0".equals(granularity)) {
            if (targetSize != null) throw new IllegalArgumentException("--target-size goes with --granularity l0");
            if (!"units".equals(structures)) throw new IllegalArgumentException("--l0-structures goes with --granularity l0");
            return null;
        }
        if (pruningActive) throw new IllegalArgumentException("--granularity l0 learns its own size: give --target-size, not --levels/--prune-to");
        if (targetSize == null) throw new IllegalArgumentException("--granularity l0 needs --target-size S");
        java.util.Set<Structure> on = Structure.parse(structures);
        new L0Options(targetSize, warmup == null ? 0 : warmup, gateLr, lambdaLr, initLogAlpha, kdWeight, kdTemp, hiddenWeight, lambda2Init,
                on);   // fail fast
        return new L0Hook(planned -> new L0Options(targetSize, warmup != null ? warmup : Math.max(1, planned / 2), gateLr, lambdaLr,
                initLogAlpha, kdWeight, kdTemp, hiddenWeight, lambda2Init, on), seed);
    }
}
