package moglm.distill;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import moglm.model.Dropout;
import moglm.model.MogrifierLM;
import moglm.prune.Criterion;
import moglm.level.LevelMasks;
import moglm.level.LevelMasksCodec;
import moglm.level.ModelMasks;
import moglm.prune.PruneSchedule;
import moglm.level.SparsityLevels;
import moglm.modelfile.SectionCodec;
import moglm.prune.TaylorAccumulator;

/**
 * Pruning inside the trainer's loop, the trainer calling:
 * <ol>
 * <li>{@link #beforeStep} at every step t: recomputes the masks of all levels when the schedule
 *     says so (scores: |w|, or Taylor scores accumulated from the dense passes since the last
 *     update), at each level's sparsity times the schedule's fraction;</li>
 * <li>on-demand mode: {@link #runStep} INSTEAD of the trainer's own forward/loss/backward (the
 *     dense pass plus sub-networks, {@link OnDemandStep}); fixed mode: the trainer's ordinary
 *     step, the model carrying the level's masks;</li>
 * <li>{@link #afterUpdate} after the optimizer: in fixed mode re-zeroes the pruned weights (an
 *     optimizer with momentum could move them; the forward ignores them anyway).</li>
 * </ol>
 * The masks go into the model file ({@link #sectionBytes}) so one file serves every level.
 */
public final class OnDemandTraining implements AutoCloseable {
    private final MogrifierLM model;
    private OnDemandOptions opt;
    private final OnDemandStep step;
    private final TaylorAccumulator taylor;
    private LevelMasks masks;
    private boolean pruned;
    private double fraction;

    /** @param teacher fixed teacher for {@code --distill teacher}, else null (not closed here) */
    public OnDemandTraining(MogrifierLM model, OnDemandOptions opt, MogrifierLM teacher) {
        this.model = model;
        this.opt = opt;
        this.masks = build(0.0);
        this.step = opt.fixed() ? null : new OnDemandStep(model, masks, opt.subnets(), opt.distill(), teacher);
        if (step != null) step.setSubnetsActive(false);
        this.taylor = opt.prune().criterion() == Criterion.TAYLOR ? new TaylorAccumulator(Math.toIntExact(model.numParams())) : null;
        if (step != null) step.setTaylor(taylor);
    }

    public boolean replacesStep() { return !opt.fixed(); }

    public LevelMasks masks() { return masks; }

    /** True once masks with non-zero sparsity exist. */
    public boolean pruned() { return pruned; }

    /**
     * Schedule bookkeeping before step t. {@code scoringPass} runs one dense forward/backward on
     * the step's batch into the gradients (used when Taylor scores are needed but none were
     * accumulated yet); the caller zeroes the gradients afterwards.
     */
    public void beforeStep(long t, Runnable scoringPass) {
        if (!opt.schedule().updatesAt(t)) return;
        if (taylor != null && taylor.batches() == 0) {
            model.clearMasks();
            scoringPass.run();
            float[] p = new float[Math.toIntExact(model.numParams())], g = new float[p.length];
            model.getParams(p);
            model.getGrads(g);
            taylor.add(p, g);
            model.zeroGrads();
        }
        double f = opt.schedule().fraction(t);
        masks = build(f);
        fraction = f;
        if (taylor != null) taylor.reset();
        pruned = f > 0;
        if (opt.fixed()) {
            ModelMasks.select(model, masks, 0);
            model.applyMasksToParams();
        } else {
            step.setMasks(masks);
            step.setSubnetsActive(pruned);
        }
    }

    private LevelMasks build(double fraction) {
        float[] scores = taylor != null && taylor.batches() > 0 ? taylor.scores() : ModelMasks.magnitude(model);
        return opt.prune().build(opt.prune().scaled(fraction), ModelMasks.tensors(model),
                ModelMasks.architecture(model.config()), scores);
    }

    /** The on-demand pass of one step (gradients accumulate; the caller zeroed them). */
    public OnDemandStep.Result runStep(int[] inputs, int[] targets, int T, int B, int[] resetRows, Dropout dropout, Random rng, double scale) {
        if (step == null) throw new IllegalStateException("fixed (--prune-to) mode uses the trainer's own step");
        return step.run(inputs, targets, T, B, resetRows, dropout, rng, scale);
    }

    public void resetStates() { if (step != null) step.resetStates(); }

    public void afterUpdate() {
        if (opt.fixed() && pruned) model.applyMasksToParams();
    }

    /**
     * Evaluates every level (and dense, key 0) with {@code eval} (returns a perplexity); the
     * model's masks are restored afterwards.
     */
    public Map<Double, Double> evaluateLevels(ToDoubleFunction<MogrifierLM> eval) {
        Map<Double, Double> out = new LinkedHashMap<>();
        if (opt.fixed()) {
            out.put(opt.prune().levels().sparsity(0) * (pruned ? 1 : 0), eval.applyAsDouble(model));
            return out;
        }
        model.clearMasks();
        out.put(0.0, eval.applyAsDouble(model));
        SparsityLevels lv = masks.levels();
        for (int k = 0; k < lv.size(); k++) {
            ModelMasks.select(model, masks, k);
            out.put(lv.sparsity(k), eval.applyAsDouble(model));
        }
        model.clearMasks();
        return out;
    }

    /**
     * The masks section for the model file / checkpoint: the current masks once the schedule
     * has reached the final levels; before that, masks at the final levels computed now from
     * the current weights (a file always holds what its level names promise).
     */
    public byte[] sectionBytes() {
        return LevelMasksCodec.toBytes(fraction >= 1 ? masks : build(1.0));
    }

    /** The schedule fraction in force (0 before pruning starts, 1 at the final levels). */
    public double fraction() { return fraction; }

    /**
     * Restores the state saved by {@link #sectionBytes} and {@link #fraction} (resume): the
     * masks in force are rebuilt when the schedule was part-way (the next update recomputes them
     * anyway), the saved final masks are used when it had finished.
     */
    public void restore(byte[] section, double savedFraction, String where) throws IOException {
        LevelMasks m = LevelMasksCodec.fromBytes(section, where);
        if (!m.levels().equals(masks.levels())) throw new IOException(where + ": checkpoint levels " + m.levels() + " != " + masks.levels());
        fraction = savedFraction;
        masks = fraction >= 1 ? m : build(fraction);
        pruned = fraction > 0;
        if (opt.fixed()) {
            if (pruned) ModelMasks.select(model, masks, 0);
        } else {
            step.setMasks(masks);
            step.setSubnetsActive(pruned);
        }
    }

    private static final String RESUME_MAGIC = "MGOR";
    /** 1: big-endian (read only); 2: little-endian ({@link SectionCodec}). */
    private static final int RESUME_VERSION = 2;

    /**
     * Everything this object carries between steps, for a checkpoint from which a resumed run
     * continues bit for bit: the schedule fraction in force, the masks in force (built at the
     * last schedule update from the weights of THAT step, so they cannot be rebuilt later), the
     * Taylor accumulator, and the on-demand step's recurrent states. The schedule is saved too:
     * a default schedule depends on the planned steps, which change when a resumed run is given
     * more {@code --epochs}; the resumed run keeps the schedule it started with.
     * <pre>
     * magic "MGOR", version 2 ({@link SectionCodec}), str schedule, f64 fraction, boolean pruned,
     * i32 n + n bytes  LevelMasksCodec of the masks in force,
     * boolean + TaylorAccumulator.write,  boolean + OnDemandStep.writeState
     * </pre>
     */
    public byte[] resumeBytes() {
        SectionCodec.Writer out = SectionCodec.writer(RESUME_MAGIC, RESUME_VERSION);
        out.writeString(opt.schedule().toString());
        out.writeDouble(fraction);
        out.writeBoolean(pruned);
        byte[] m = LevelMasksCodec.toBytes(masks);
        out.writeInt(m.length);
        out.write(m);
        out.writeBoolean(taylor != null);
        if (taylor != null) taylor.write(out);
        out.writeBoolean(step != null);
        if (step != null) step.writeState(out);
        return out.toBytes();
    }

    /**
     * The run-wide part of a {@link #resumeBytes} section, read without a model: what every job
     * of a multi-job iteration must agree on before their models are averaged.
     *
     * @param schedule the prune schedule in force ({@link PruneSchedule#toString})
     * @param masks    the masks in force, {@link LevelMasksCodec} bytes
     * @param taylor   whether Taylor scores (accumulated per job, from its own data) follow
     */
    public record ResumeHeader(String schedule, double fraction, boolean pruned, byte[] masks, boolean taylor) {}

    /** Reads the header of a {@link #resumeBytes} section; {@code where} names the file. */
    public static ResumeHeader peekResume(byte[] section, String where) throws IOException {
        SectionCodec.Reader in = SectionCodec.read(section, OnDemandHook.RESUME_SECTION, RESUME_MAGIC, RESUME_VERSION, where);
        String schedule = in.readString();
        double f = in.readDouble();
        boolean p = in.readBoolean();
        int n = in.readInt();
        if (n <= 0 || n > section.length) throw new IOException(where + ": bad mask length " + n + " in the on-demand resume state");
        byte[] mb = new byte[n];
        in.readFully(mb);
        return new ResumeHeader(schedule, f, p, mb, in.readBoolean());
    }

    /** Inverse of {@link #resumeBytes} (same options required); {@code where} names the file. */
    public void restoreResume(byte[] section, String where) throws IOException {
        SectionCodec.Reader in = SectionCodec.read(section, OnDemandHook.RESUME_SECTION, RESUME_MAGIC, RESUME_VERSION, where);
        String savedSchedule = in.readString();
        PruneSchedule schedule;
        try {
            schedule = PruneSchedule.parse(savedSchedule);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": bad saved prune schedule: " + e.getMessage());
        }
        double f = in.readDouble();
        boolean p = in.readBoolean();
        int n = in.readInt();
        if (n <= 0 || n > section.length) throw new IOException(where + ": bad mask length " + n + " in the on-demand resume state");
        byte[] mb = new byte[n];
        in.readFully(mb);
        LevelMasks m = LevelMasksCodec.fromBytes(mb, where);
        if (!m.levels().equals(masks.levels()) || !m.granularity().equals(masks.granularity())) {
            throw new IOException(where + ": checkpoint masks are " + m.granularity() + " " + m.levels() + ", the run has "
                    + masks.granularity() + " " + masks.levels());
        }
        if (m instanceof moglm.level.ElementLevelMasks e) {
            try {
                e.masks().checkCompatible(ModelMasks.tensors(model), where);
            } catch (IllegalArgumentException ex) {
                throw new IOException(ex.getMessage());
            }
        }
        if (in.readBoolean() != (taylor != null)) throw new IOException(where + ": checkpoint and run differ in --criterion taylor");
        if (taylor != null) taylor.read(in, where);
        if (in.readBoolean() != (step != null)) throw new IOException(where + ": checkpoint and run differ in --levels / --prune-to");
        if (step != null) step.readState(in, where);
        in.end();
        opt = new OnDemandOptions(opt.prune(), schedule, opt.fixed(), opt.subnets(), opt.distill());
        fraction = f;
        pruned = p;
        masks = m;
        if (opt.fixed()) {
            if (pruned) ModelMasks.select(model, masks, 0);
        } else {
            step.setMasks(masks);
        }
    }

    /**
     * The dense network's recurrent state saved in an on-demand resume section ({@link #resumeBytes}),
     * B x per values, or null when the run had none yet; an IOException when the section carries
     * state a fresh run cannot take over (masks in force, Taylor scores).
     */
    public static float[] forkableDenseState(byte[] section, String where) throws IOException {
        SectionCodec.Reader in = SectionCodec.read(section, OnDemandHook.RESUME_SECTION, RESUME_MAGIC, RESUME_VERSION, where);
        in.readString();
        double f = in.readDouble();
        boolean p = in.readBoolean();
        if (f != 0 || p) {
            throw new IOException(where + ": taken after pruning began (schedule fraction " + f + "); a fork must start from a"
                    + " checkpoint before the first mask");
        }
        int n = in.readInt();
        if (n <= 0 || n > section.length) throw new IOException(where + ": bad mask length " + n + " in the on-demand resume state");
        in.readFully(new byte[n]);
        if (in.readBoolean()) throw new IOException(where + ": the run used --criterion taylor, whose scores cannot be forked");
        if (!in.readBoolean()) return null;           // fixed (--prune-to) run: the trainer's state is the dense state
        in.readBoolean();                              // subnets active: false before any mask
        if (!in.readBoolean()) return null;           // no step ran yet
        int B = in.readInt(), per = in.readInt();
        if (B < 1 || per < 1) throw new IOException(where + ": bad saved state shape " + B + " x " + per);
        float[] out = new float[Math.multiplyExact(B, per)];
        for (int i = 0; i < out.length; i++) out[i] = in.readFloat();
        return out;
    }

    /**
     * Starts this (fresh) run from a fork point: the dense network's recurrent state {@code dense}
     * (B x per) goes to the on-demand step, or, for a fixed (--prune-to) run, which trains through
     * the trainer's own state, into {@code trainerState}.
     */
    public void forkDenseState(float[] dense, moglm.model.State trainerState) {
        int B = trainerState.batch(), per = trainerState.sizePerSequence();
        if (dense.length != (long) B * per) throw new IllegalArgumentException("fork state of " + dense.length + " values, the run has " + B + " x " + per);
        if (opt.fixed()) {
            for (int b = 0; b < B; b++) trainerState.set(b, java.util.Arrays.copyOfRange(dense, b * per, (b + 1) * per));
        } else {
            step.setDenseState(dense, B);
        }
    }

    public OnDemandOptions options() { return opt; }

    @Override public void close() { if (step != null) step.close(); }
}
