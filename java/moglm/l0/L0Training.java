package moglm.l0;

import moglm.modelfile.SectionCodec;

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
 * <li>sample a hard-concrete gate z per hidden unit ({@link UnitGates}), or per structure of
 *     {@code --l0-structures} ({@link StructureGates}), and apply them as row/column masks;
 * <li>forward / loss / backward of the gated network: the weights get the gated network's gradient;
 *     with {@code kdWeight > 0} the loss is (1 - a) CE + a T^2 KL(p_dense^T || p_gated^T), the
 *     teacher being the ungated network of the same step (forward only, no gradient); with
 *     {@code hiddenWeight W > 0} also W times the mean squared error between every layer's gated
 *     and ungated hidden outputs ({@link HiddenDistillation}, layer-wise distillation of Jiang et
 *     al. 2023), whose gradient enters the gated backward through the model's hidden gradients;
 * <li>dL/dz from the masked gradients, chained through dz/dlog_alpha;
 * <li>the size penalty {@link Lagrangian} ({@link SizeConstraint}): for unit gates alone one
 *     constraint per layer ({@link UnitSizeConstraint}: every layer's expected kept fraction to
 *     the unit count whose model has the target size; the export keeps one hidden size), for
 *     structure gates one constraint on the exact expected parameter count
 *     ({@link TotalSizeConstraint}, {@link ExpectedSize}). The target in force falls from 1 over
 *     the warm-up; the penalty's gradient reaches log_alpha through dP(z != 0)/dlog_alpha;
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
    private final L0Gates gates;
    private final L0Options options;
    private final SizeConstraint constraint;
    private final Lagrangian lagrangian;
    private final double[][] u, z, m, v;
    private long adamSteps;
    private State state, teacherState;
    private Pointer teacherLogits;
    private long teacherCapacity;
    private final HiddenDistillation hidden;

    /**
     * Training of {@code gates} on {@code model}: hidden-unit gates ({@link UnitGates}) with one
     * size constraint per layer ({@link UnitSizeConstraint}), gates on other structures
     * ({@link StructureGates}) with one constraint on the exact expected parameter count
     * ({@link TotalSizeConstraint}).
     */
    public L0Training(MogrifierLM model, L0Gates gates, L0Options options) {
        if (!gates.config().equals(model.config())) throw new IllegalArgumentException("gates for " + gates.config() + ", model " + model.config());
        this.model = model;
        this.gates = gates;
        this.options = options;
        if (gates instanceof UnitGates ug) constraint = new UnitSizeConstraint(ug, options, model.numParams());
        else if (gates instanceof StructureGates sg) constraint = new TotalSizeConstraint(sg, options, model.numParams());
        else throw new IllegalArgumentException("unknown gate kind " + gates.getClass().getName());
        this.lagrangian = constraint.lagrangian();
        int G = gates.groups();
        u = new double[G][];
        z = new double[G][];
        m = new double[G][];
        v = new double[G][];
        for (int i = 0; i < G; i++) {
            int n = gates.logAlpha(i).length;
            u[i] = new double[n];
            z[i] = new double[n];
            m[i] = new double[n];
            v[i] = new double[n];
        }
        hidden = options.hiddenWeight() > 0 ? new HiddenDistillation(options.hiddenWeight()) : null;
    }

    public L0Gates gates() { return gates; }
    public Lagrangian lagrangian() { return lagrangian; }

    /** s = E[params] / dense params ({@link SizeConstraint#expectedSize}). */
    public double expectedSize() {
        return constraint.expectedSize();
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
            ensureTeacher(kd ? (long) T * B * model.outputWidth() : 0, B);   // the sample's width with --output=sampled
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
        SizeConstraint.Step size = constraint.step(target);
        double[][] dp = size.dPenaltyDp();
        adamSteps++;
        double c1 = 1 - Math.pow(BETA1, adamSteps), c2 = 1 - Math.pow(BETA2, adamSteps);
        for (int l = 0; l < gates.groups(); l++) {
            double[] a = gates.logAlpha(l);
            for (int j = 0; j < a.length; j++) {
                double g = dz[l][j] * HardConcrete.sampleDerivative(a[j], u[l][j])
                        + dp[l][j] * HardConcrete.probNonZeroDerivative(a[j]);
                m[l][j] = BETA1 * m[l][j] + (1 - BETA1) * g;
                v[l][j] = BETA2 * v[l][j] + (1 - BETA2) * g * g;
                a[j] -= options.gateLr() * (m[l][j] / c1) / (Math.sqrt(v[l][j] / c2) + ADAM_EPS);
            }
        }
        return new Result(r, hiddenLoss, size.penalty(), size.expectedSize(), target);
    }

    /**
     * Writes what a resumed run needs beyond the gates and multipliers, for a checkpoint: the
     * Adam step count and moments of the log_alphas, and (once a step has run) the batch size and
     * the carried recurrent states of the gated network and of the teacher (floats: exact for the
     * trainer's FLOAT models).
     */
    public void writeResume(SectionCodec.Writer out) {
        out.writeLong(adamSteps);
        for (int i = 0; i < m.length; i++) {
            out.writeInt(m[i].length);
            for (int j = 0; j < m[i].length; j++) {
                out.writeDouble(m[i][j]);
                out.writeDouble(v[i][j]);
            }
        }
        out.writeInt(state == null ? 0 : state.batch());
        if (state == null) return;
        writeStateOf(out, state);
        out.writeBoolean(teacherState != null);
        if (teacherState != null) writeStateOf(out, teacherState);
    }

    /** Inverse of {@link #writeResume}; {@code where} names the file for error messages. */
    public void readResume(SectionCodec.Reader in, String where) throws java.io.IOException {
        adamSteps = in.readLong();
        for (int i = 0; i < m.length; i++) {
            int n = in.readInt();
            if (n != m[i].length) throw new java.io.IOException(where + ": L0 optimizer state of group " + i + " has " + n
                    + " gates, the run has " + m[i].length);
            for (int j = 0; j < n; j++) {
                m[i][j] = in.readDouble();
                v[i][j] = in.readDouble();
            }
        }
        int B = in.readInt();
        if (B < 0) throw new java.io.IOException(where + ": L0 state batch " + B);
        if (B == 0) return;
        ensureStates(B);
        readStateOf(in, state);
        if (in.readBoolean()) {
            ensureTeacher(0, B);
            readStateOf(in, teacherState);
        }
    }

    private static void writeStateOf(SectionCodec.Writer out, State s) {
        float[] buf = new float[s.sizePerSequence()];
        out.writeInt(buf.length);
        for (int b = 0; b < s.batch(); b++) {
            s.get(b, buf);
            for (float x : buf) out.writeFloat(x);
        }
    }

    private static void readStateOf(SectionCodec.Reader in, State s) throws java.io.IOException {
        float[] buf = new float[s.sizePerSequence()];
        int n = in.readInt();
        if (n != buf.length) throw new java.io.IOException("L0 recurrent state of " + n + " values per sequence, the model needs " + buf.length);
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < buf.length; i++) buf[i] = in.readFloat();
            s.set(b, buf);
        }
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
