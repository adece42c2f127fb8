package moglm.l0;

import java.util.Random;
import moglm.distill.HiddenDistillation;
import moglm.model.Dropout;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One training step of L0 structured pruning (Louizos et al. 2018; CoFi; Jiang et al. 2023):
 * <ol>
 * <li>sample a hard-concrete gate z per hidden unit ({@link UnitGates}) and apply it as row masks;
 * <li>forward / loss / backward of the gated network: the weights get the gated network's gradient;
 *     with {@code kdWeight > 0} the loss is (1 - a) CE + a T^2 KL(p_dense^T || p_gated^T), the
 *     teacher being the ungated network of the same step (forward only, no gradient); with
 *     {@code hiddenWeight W > 0} also W times the mean squared error between every layer's gated
 *     and ungated hidden outputs ({@link HiddenDistillation}, layer-wise distillation of Jiang et
 *     al. 2023), whose gradient enters the gated backward through the model's hidden gradients;
 * <li>dL/dz from the masked gradients, chained through dz/dlog_alpha;
 * <li>the size penalty {@link Lagrangian}, one constraint per layer: the layer's expected kept
 *     fraction E[n_l] / H is driven to n_t / H, where n_t units in every layer give the target
 *     fraction of the dense parameters ({@link L0Size#unitsFor}; the target in force falls from 1
 *     over the warm-up). Per layer, because the exported model has one hidden size: a single
 *     constraint on params(E[n]) let the layers drift apart (measured: 2 and 26 of 32 units), and
 *     the export, which keeps the same count everywhere, then missed the target. The penalty's
 *     gradient reaches log_alpha through dP(z != 0)/dlog_alpha. The expected size reported is
 *     s = params(E[n_0], ..., E[n_{L-1}]) / dense params ({@link L0Size});
 * <li>Adam on the log_alphas, gradient ascent on the multipliers; masks cleared.
 * </ol>
 * The caller (the trainer) zeroes the gradients before and updates the weights after. The
 * teacher runs without dropout from its own carried state; the distillation terms reach the
 * gates through the masked weight gradients like the cross-entropy does.
 */
public final class L0Training implements AutoCloseable {
    /**
     * Losses of one step: gated summed loss (CE and logit KD), its cross-entropy, targets; the
     * hidden-state distillation term (0 when off); the penalty, s and t.
     */
    public record Result(MogrifierLM.LossResult gated, double hiddenLoss, double penalty, double expectedSize, double target) {}

    private static final double BETA1 = 0.9, BETA2 = 0.999, ADAM_EPS = 1e-8;

    private final MogrifierLM model;
    private final UnitGates gates;
    private final L0Options options;
    private final Lagrangian lagrangian;
    private final double denseParams;
    private final double[][] u, z, m, v;
    private long adamSteps;
    private State state, teacherState;
    private Pointer teacherLogits;
    private long teacherCapacity;
    private final HiddenDistillation hidden;

    public L0Training(MogrifierLM model, UnitGates gates, L0Options options) {
        if (!gates.config().equals(model.config())) throw new IllegalArgumentException("gates for " + gates.config() + ", model " + model.config());
        this.model = model;
        this.gates = gates;
        this.options = options;
        this.lagrangian = new Lagrangian(gates.layers(), options.lambdaLr(), options.lambda2Init());
        this.denseParams = model.numParams();
        int L = gates.layers(), H = gates.units();
        u = new double[L][H];
        z = new double[L][H];
        m = new double[L][H];
        v = new double[L][H];
        hidden = options.hiddenWeight() > 0 ? new HiddenDistillation(options.hiddenWeight()) : null;
    }

    public UnitGates gates() { return gates; }
    public Lagrangian lagrangian() { return lagrangian; }

    /** s = params(E[kept]) / dense params. */
    public double expectedSize() {
        return L0Size.params(model.config(), gates.expectedKept()) / denseParams;
    }

    /** Zeroes the recurrent states (epoch start). */
    public void resetStates() {
        if (state != null) state.zero();
        if (teacherState != null) teacherState.zero();
    }

    /**
     * Runs step {@code step} on time-major inputs/targets of T x B (sequences in {@code resetRows}
     * start from a zero state); the CE/KD terms are multiplied by {@code scale}.
     */
    public Result run(long step, int[] inputs, int[] targets, int T, int B, int[] resetRows, Dropout dropout, Random rng,
                      double scale) {
        ensureStates(B);
        if (resetRows != null) {
            for (int b : resetRows) {
                state.zero(b);
                if (teacherState != null) teacherState.zero(b);
            }
        }
        boolean kd = options.kdWeight() > 0;
        model.clearMasks();
        if (kd || hidden != null) {
            ensureTeacher(kd ? (long) T * B * model.config().vocabSize() : 0, B);
            model.forward(inputs, T, B, teacherState, null, false);
            if (kd) model.copyLogits(teacherLogits);
            if (hidden != null) hidden.captureTeacher(model);
        }
        gates.sample(rng, u, z);
        gates.apply(model, z);
        MogrifierLM.LossResult r;
        double hiddenLoss = 0;
        try {
            model.forward(inputs, T, B, state, dropout, true);
            if (hidden != null) hiddenLoss = hidden.attach(model, targets, scale);
            r = kd ? model.loss(targets, scale * (1 - options.kdWeight()), teacherLogits, scale * options.kdWeight(),
                    options.kdTemperature())
                   : model.loss(targets, scale, null, 0.0, 1.0);
            model.backward(null);
        } finally {
            model.clearMasks();
        }
        double[][] dz = gates.gateGradients(model, z);

        double target = options.targetAt(step);
        int units = gates.units();
        double unitTarget = L0Size.unitsFor(model.config(), target) / units;   // kept fraction per layer
        double[] kept = gates.expectedKept();
        double s = L0Size.params(model.config(), kept) / denseParams;
        double penalty = 0;
        adamSteps++;
        double c1 = 1 - Math.pow(BETA1, adamSteps), c2 = 1 - Math.pow(BETA2, adamSteps);
        for (int l = 0; l < gates.layers(); l++) {
            double[] a = gates.logAlpha(l);
            double ul = kept[l] / units;
            double penaltyScale = lagrangian.derivative(l, ul, unitTarget) / units;
            penalty += lagrangian.penalty(l, ul, unitTarget);
            lagrangian.ascend(l, ul, unitTarget);
            for (int j = 0; j < a.length; j++) {
                double g = dz[l][j] * HardConcrete.sampleDerivative(a[j], u[l][j])
                        + penaltyScale * HardConcrete.probNonZeroDerivative(a[j]);
                m[l][j] = BETA1 * m[l][j] + (1 - BETA1) * g;
                v[l][j] = BETA2 * v[l][j] + (1 - BETA2) * g * g;
                a[j] -= options.gateLr() * (m[l][j] / c1) / (Math.sqrt(v[l][j] / c2) + ADAM_EPS);
            }
        }
        return new Result(r, hiddenLoss, penalty, s, target);
    }

    private void ensureStates(int B) {
        if (state != null && state.batch() == B) return;
        if (state != null) state.close();
        state = model.newState(B);
        state.zero();
    }

    private void ensureTeacher(long logits, int B) {
        if (teacherState == null || teacherState.batch() != B) {
            if (teacherState != null) teacherState.close();
            teacherState = model.newState(B);
            teacherState.zero();
        }
        if (logits > 0 && teacherCapacity < logits) {
            if (teacherLogits != null) teacherLogits.close();
            teacherLogits = model.precision() == Precision.FLOAT ? new FloatPointer(logits) : new DoublePointer(logits);
            teacherCapacity = logits;
        }
    }

    @Override public void close() {
        if (state != null) state.close();
        if (teacherState != null) teacherState.close();
        if (teacherLogits != null) teacherLogits.close();
    }
}
