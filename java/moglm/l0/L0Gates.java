package moglm.l0;

import java.util.Random;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;

/**
 * A set of hard-concrete gates ({@link HardConcrete}) that {@link L0Training} learns, organised in
 * groups (arrays of log_alpha): {@link UnitGates} (one group per layer, today's hidden-unit gates)
 * or {@link StructureGates} (any {@link Structure}s). The gates act on the model only through row
 * and column masks, so the gradient of a gate comes from the kernel's masked gradients
 * (dL/dz = sum of dW W / z over what it scales).
 */
public interface L0Gates {
    ModelConfig config();

    /** Number of groups. */
    int groups();

    /** The live log_alpha array of group i (written by the optimizer). */
    double[] logAlpha(int group);

    /** Samples every gate into z (shape [group][gate]) with noise drawn from rng (stored in u). */
    void sample(Random rng, double[][] u, double[][] z);

    /** Sets the masks of gate values z on the model. */
    void apply(MogrifierLM model, double[][] z);

    /** dL/dz of every gate from the model's masked gradients after a backward with masks z (0 where z = 0). */
    double[][] gateGradients(MogrifierLM model, double[][] z);

    /** Serialised log_alphas (the model-file section). */
    byte[] toBytes();
}
