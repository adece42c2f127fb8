package moglm.distill;

import moglm.modelfile.SectionCodec;

import java.util.Arrays;
import java.util.Random;
import moglm.model.Dropout;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.State;
import moglm.level.LevelMasks;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;
import moglm.prune.TaylorAccumulator;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One on-demand training step: the dense network and a set of sparse sub-networks (nested masks
 * over the SAME weights) run on the same batch, and their gradients are summed into the shared
 * gradient vector. With online distillation the dense logits of this step are the sparse levels'
 * teacher:
 * <pre>
 *   L = CE(dense) + sum over run levels s of [alpha T^2 KL(p_dense^T || p_s^T) + (1 - alpha) CE(s)]
 * </pre>
 * (a copy of the logits: the KL term sends no gradient into the dense pass). With
 * {@link DistillOptions#hiddenWeight()} W > 0 each distilled network also gets
 * {@code W sum_l MSE(h_l, h_l of the teacher)} ({@link HiddenDistillation}): in online mode the
 * dense pass's hidden outputs (same dropout sample) teach the levels, in teacher mode the fixed
 * teacher's teach every network. The caller zeroes the gradients before and applies the
 * optimizer after.
 *
 * <p>The returned losses include the distillation terms.
 *
 * <p>Recurrent state (truncated BPTT): every network carries its own state from step to step. A
 * level that did not run in the previous step has a stale state, so it starts this step from
 * the dense network's state at the start of the step instead. All passes of a step share one
 * dropout sample.
 */
public final class OnDemandStep implements AutoCloseable {
    /** Summed losses of one step (nats over {@code count} targets); NaN for levels not run. */
    public record Result(double denseLoss, double denseCrossEntropy, long count, double[] levelLoss, double[] levelCrossEntropy) {}

    private final MogrifierLM model;
    private LevelMasks masks;
    private final SubnetSelection selection;
    private final DistillOptions distill;
    private final MogrifierLM teacher;
    private final HiddenDistillation hidden;
    private boolean subnetsActive = true;
    private TaylorAccumulator taylor;

    private State dense;
    private State teacherState;
    private State[] levelStates;
    private boolean[] ranLastStep;
    private Pointer teacherLogits;
    private long teacherLogitsSize;
    private float[] seqBuf;
    private float[] taylorParams, taylorGrads;   // reused by restricted steps (only their ranges are read)

    /**
     * @param teacher separate fixed teacher for {@link DistillOptions.Mode#TEACHER} (not closed
     *                here), else null
     */
    public OnDemandStep(MogrifierLM model, LevelMasks masks, SubnetSelection selection, DistillOptions distill,
                        MogrifierLM teacher) {
        if ((distill.mode() == DistillOptions.Mode.TEACHER) != (teacher != null)) {
            throw new IllegalArgumentException("a separate teacher model is needed exactly for --distill teacher");
        }
        if (teacher != null) {
            if (teacher.config().vocabSize() != model.config().vocabSize()) {
                throw new IllegalArgumentException("teacher vocabulary " + teacher.config().vocabSize()
                        + " != student " + model.config().vocabSize());
            }
            if (teacher.precision() != model.precision()) throw new IllegalArgumentException("teacher precision differs");
            if (distill.hiddenWeight() > 0 && (teacher.config().layers() != model.config().layers()
                    || teacher.config().hiddenSize() != model.config().hiddenSize())) {
                throw new IllegalArgumentException("--kd-hidden-weight needs a teacher with the student's layers and hidden size: teacher "
                        + teacher.config().layers() + " x " + teacher.config().hiddenSize() + ", student " + model.config().layers()
                        + " x " + model.config().hiddenSize());
            }
        }
        this.model = model;
        this.masks = masks;
        this.selection = selection;
        this.distill = distill;
        this.teacher = teacher;
        this.hidden = distill.hiddenWeight() > 0 ? new HiddenDistillation(distill.hiddenWeight()) : null;
    }

    /** Replaces the masks (schedule update); the level list must stay the same. */
    public void setMasks(LevelMasks m) {
        if (!m.levels().equals(masks.levels())) throw new IllegalArgumentException("levels changed");
        this.masks = m;
    }

    public LevelMasks masks() { return masks; }

    /** Before the prune schedule starts every level equals the dense network: skip the subnets. */
    public void setSubnetsActive(boolean active) { this.subnetsActive = active; }

    /** Accumulate Taylor scores from the dense pass's gradients (null = off). */
    public void setTaylor(TaylorAccumulator acc) { this.taylor = acc; }

    /** The dense network's state (e.g. for the trainer's state resets). */
    public State denseState() { return dense; }

    /**
     * Sets the dense network's state (batch B) to {@code source}'s, every level's to zero and "not
     * run last step" (a level then starts from the dense state): the start of a fork.
     */
    public void setDenseState(float[] source, int B) {
        closeStates();
        ensureStates(B);
        int per = dense.sizePerSequence();
        if (source.length != (long) B * per) throw new IllegalArgumentException("dense state of " + source.length + " values, expected " + B + " x " + per);
        for (int b = 0; b < B; b++) dense.set(b, java.util.Arrays.copyOfRange(source, b * per, (b + 1) * per));
    }

    /** Zeroes every network's state (epoch start). */
    public void resetStates() {
        if (dense == null) return;
        dense.zero();
        if (teacherState != null) teacherState.zero();
        for (State s : levelStates) s.zero();
    }

    /**
     * Runs the step on time-major {@code inputs}/{@code targets} of T x B; {@code resetRows}
     * (may be null) lists sequences whose state is zeroed first (sentence starts); {@code rng}
     * draws the sub-networks of this step; every loss term is multiplied by {@code scale} (e.g.
     * 1/targets for mean losses; the returned losses are then scaled too, the cross-entropies
     * not). Gradients accumulate into {@code model.gradPointer()}.
     */
    public Result run(int[] inputs, int[] targets, int T, int B, int[] resetRows, Dropout dropout, Random rng, double scale) {
        ensureStates(B);
        int levels = masks.levels().size();
        if (resetRows != null) {
            for (int b : resetRows) {
                dense.zero(b);
                if (teacherState != null) teacherState.zero(b);
                for (State s : levelStates) s.zero(b);
            }
        }
        int[] chosen = subnetsActive ? selection.choose(levels, rng) : new int[0];
        float[][] denseStart = null;
        for (int k : chosen) {
            if (!ranLastStep[k]) {
                denseStart = snapshot(dense, B);
                break;
            }
        }
        if (teacher != null && model.outputWidth() != model.config().vocabSize())
            throw new IllegalStateException("--distill teacher is not available with --output=sampled (use --distill online: it distills over the step's sampled words)");
        boolean useTeacher = distill.mode() != DistillOptions.Mode.NONE;
        long logitCount = (long) T * B * model.outputWidth();   // the sample's width with --output=sampled
        if (useTeacher) ensureTeacherBuffer(logitCount);
        if (teacher != null) {
            teacher.forward(inputs, T, B, teacherState, null, false);
            teacher.copyLogits(teacherLogits);
            if (hidden != null) hidden.captureTeacher(teacher);
        }

        model.clearMasks();
        model.forward(inputs, T, B, dense, dropout, true);
        double denseHidden = teacher != null && hidden != null ? hidden.attach(model, targets, scale) : 0;
        MogrifierLM.LossResult d = teacher != null
                ? model.loss(targets, scale * distill.ceWeight(), teacherLogits, scale * distill.kdWeight(), distill.temperature())
                : model.loss(targets, scale, null, 0.0, 1.0);
        model.backward(null);
        if (taylor != null) {
            int[][] live = model.precision() == Precision.FLOAT ? model.restrictedRanges() : null;
            if (live == null) {
                float[] p = new float[Math.toIntExact(model.numParams())];
                float[] g = new float[p.length];
                model.getParams(p);
                model.getGrads(g);
                taylor.add(p, g);
            } else {   // a sampled step restricted to its rows: elsewhere the gradient is zero
                if (taylorParams == null) {
                    taylorParams = new float[Math.toIntExact(model.numParams())];
                    taylorGrads = new float[taylorParams.length];
                }
                FloatPointer p = (FloatPointer) model.paramPointer(), g = (FloatPointer) model.gradPointer();
                for (int i = 0; i < live[0].length; i++) {
                    int f = live[0][i], len = live[1][i] - f;
                    p.position(f).get(taylorParams, f, len);
                    g.position(f).get(taylorGrads, f, len);
                }
                taylor.addRanges(taylorParams, taylorGrads, live[0], live[1]);
            }
        }
        if (distill.mode() == DistillOptions.Mode.ONLINE && chosen.length > 0) {
            model.copyLogits(teacherLogits);
            if (hidden != null) hidden.captureTeacher(model);   // the dense pass's outputs (backward leaves them)
        }

        double[] lossOut = new double[levels], ceOut = new double[levels];
        Arrays.fill(lossOut, Double.NaN);
        Arrays.fill(ceOut, Double.NaN);
        boolean[] ran = new boolean[levels];
        for (int k : chosen) {
            if (!ranLastStep[k]) restore(levelStates[k], denseStart, B);
            ModelMasks.select(model, masks, k);
            model.forward(inputs, T, B, levelStates[k], dropout, true);
            double levelHidden = hidden != null ? hidden.attach(model, targets, scale) : 0;
            MogrifierLM.LossResult r = useTeacher
                    ? model.loss(targets, scale * distill.ceWeight(), teacherLogits, scale * distill.kdWeight(), distill.temperature())
                    : model.loss(targets, scale, null, 0.0, 1.0);
            model.backward(null);
            lossOut[k] = r.loss() + levelHidden;
            ceOut[k] = r.crossEntropy();
            ran[k] = true;
        }
        model.clearMasks();
        ranLastStep = ran;
        return new Result(d.loss() + denseHidden, d.crossEntropy(), d.count(), lossOut, ceOut);
    }

    /**
     * Writes what this step carries from one call to the next, for a checkpoint: whether the
     * sub-networks are active, and (once a step has run) the batch size, the recurrent state of
     * the dense network, of the fixed teacher (if any) and of every level, and which levels ran
     * in the last step. States are written as floats (exact for the trainer's FLOAT models).
     */
    public void writeState(SectionCodec.Writer out) {
        out.writeBoolean(subnetsActive);
        out.writeBoolean(dense != null);
        if (dense == null) return;
        int B = dense.batch();
        out.writeInt(B);
        out.writeInt(dense.sizePerSequence());
        writeStateOf(out, dense);
        out.writeBoolean(teacherState != null);
        if (teacherState != null) {
            out.writeInt(teacherState.sizePerSequence());
            writeStateOf(out, teacherState);
        }
        out.writeInt(levelStates.length);
        for (int k = 0; k < levelStates.length; k++) {
            writeStateOf(out, levelStates[k]);
            out.writeBoolean(ranLastStep[k]);
        }
    }

    /** Inverse of {@link #writeState}; {@code where} names the file for error messages. */
    public void readState(SectionCodec.Reader in, String where) throws java.io.IOException {
        subnetsActive = in.readBoolean();
        if (!in.readBoolean()) {
            closeStates();
            return;
        }
        int B = in.readInt(), per = in.readInt();
        if (B < 1 || per != 2 * model.config().layers() * model.config().hiddenSize()) {
            throw new java.io.IOException(where + ": saved on-demand states are " + B + " x " + per + ", the model needs "
                    + 2 * model.config().layers() * model.config().hiddenSize() + " per sequence");
        }
        closeStates();
        ensureStates(B);
        readStateOf(in, dense);
        boolean hasTeacher = in.readBoolean();
        if (hasTeacher != (teacherState != null)) {
            throw new java.io.IOException(where + ": saved on-demand state " + (hasTeacher ? "has" : "lacks")
                    + " a teacher state, this run " + (teacherState != null ? "has" : "has no") + " teacher");
        }
        if (hasTeacher) {
            int tp = in.readInt();
            if (tp != teacherState.sizePerSequence()) throw new java.io.IOException(where + ": teacher state size " + tp
                    + " != " + teacherState.sizePerSequence());
            readStateOf(in, teacherState);
        }
        int n = in.readInt();
        if (n != levelStates.length) throw new java.io.IOException(where + ": states of " + n + " levels saved, the run has " + levelStates.length);
        for (int k = 0; k < n; k++) {
            readStateOf(in, levelStates[k]);
            ranLastStep[k] = in.readBoolean();
        }
    }

    private void writeStateOf(SectionCodec.Writer out, State s) {
        float[] buf = new float[s.sizePerSequence()];
        for (int b = 0; b < s.batch(); b++) {
            s.get(b, buf);
            for (float v : buf) out.writeFloat(v);
        }
    }

    private static void readStateOf(SectionCodec.Reader in, State s) throws java.io.IOException {
        float[] buf = new float[s.sizePerSequence()];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < buf.length; i++) buf[i] = in.readFloat();
            s.set(b, buf);
        }
    }

    private void ensureStates(int B) {
        if (dense != null && dense.batch() == B) return;
        closeStates();
        dense = model.newState(B);
        dense.zero();
        if (teacher != null) {
            teacherState = teacher.newState(B);
            teacherState.zero();
        }
        levelStates = new State[masks.levels().size()];
        for (int k = 0; k < levelStates.length; k++) {
            levelStates[k] = model.newState(B);
            levelStates[k].zero();
        }
        ranLastStep = new boolean[levelStates.length];
        seqBuf = new float[dense.sizePerSequence()];
    }

    private void ensureTeacherBuffer(long n) {
        if (teacherLogits != null && teacherLogitsSize >= n) return;   // sampled widths vary by step: keep the largest
        if (teacherLogits != null) teacherLogits.close();
        teacherLogits = model.precision() == Precision.DOUBLE ? new DoublePointer(n) : new FloatPointer(n);
        teacherLogitsSize = n;
    }

    private float[][] snapshot(State s, int B) {
        float[][] out = new float[B][];
        for (int b = 0; b < B; b++) {
            s.get(b, seqBuf);
            out[b] = seqBuf.clone();
        }
        return out;
    }

    private static void restore(State s, float[][] src, int B) {
        for (int b = 0; b < B; b++) s.set(b, src[b]);
    }

    private void closeStates() {
        if (dense != null) dense.close();
        if (teacherState != null) teacherState.close();
        if (levelStates != null) for (State s : levelStates) s.close();
        dense = null;
        teacherState = null;
        levelStates = null;
    }

    @Override public void close() {
        closeStates();
        if (teacherLogits != null) teacherLogits.close();
        teacherLogits = null;
    }

    /** Level sparsity of index k, for reports. */
    public double sparsity(int k) { return k == SparsityLevels.DENSE ? 0 : masks.levels().sparsity(k); }
}
