package moglm.distill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moglm.model.Dropout;
import moglm.model.MogrifierLM;
import moglm.model.State;
import moglm.modelfile.SectionFile;
import moglm.level.LevelMasksCodec;
import moglm.prune.PruneSchedule;
import moglm.level.SparsityLevels;
import moglm.train.Chunk;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.StepHook;
import moglm.train.StepRandom;
import moglm.train.TrainOptions;

/**
 * {@link StepHook} of {@code moglm train --levels ...} / {@code --prune-to ...}: runs
 * {@link OnDemandTraining} inside the trainer's loop. The schedule may be given, or derived from
 * the planned number of steps ({@link #defaultSchedule}).
 */
public final class OnDemandHook implements StepHook {
    /** Builds the options once the planned number of steps is known. */
    public interface OptionsFactory { OnDemandOptions create(long plannedSteps); }

    /** Section with the prune schedule's fraction in force when the file was written. */
    public static final String FRACTION_SECTION = moglm.modelfile.Sections.PRUNE_FRACTION;
    /** Checkpoint-only section: the exact in-flight state ({@link OnDemandTraining#resumeBytes}). */
    public static final String RESUME_SECTION = moglm.modelfile.Sections.PRUNE_RESUME;

    private final OptionsFactory factory;
    private final MogrifierLM teacher;
    private final long seed;
    private OnDemandTraining training;
    private MogrifierLM model;
    private boolean finalSeen;

    /** @param teacher fixed teacher (owned and closed by this hook) or null */
    public OnDemandHook(OptionsFactory factory, MogrifierLM teacher, long seed) {
        this.factory = factory;
        this.teacher = teacher;
        this.seed = seed;
    }

    /**
     * Default schedules. On-demand: dense training for the first half of the planned steps (the
     * sub-networks are not run while every level equals the dense network), then the levels grow
     * on a cubic schedule over the third quarter with 20 updates, and the last quarter trains
     * every level at its final sparsity. Masks taken from a trained network rank weights by a
     * meaningful importance; masks ranked at initialisation (the earlier default, cubic from step
     * 0 to half) were 4-8% worse at sparsities 0.2-0.6 on full PTB (recipes/ptb/results/on_demand.md). Fixed (--prune-to): one-shot at
     * half of the planned steps (dense training, then fine-tuning of the pruned model).
     */
    public static PruneSchedule defaultSchedule(boolean fixed, long plannedSteps) {
        long half = Math.max(1, plannedSteps / 2);
        if (fixed) return PruneSchedule.oneShot(half);
        long quarter = Math.max(1, plannedSteps / 4);
        long every = Math.max(1, quarter / 20);
        return PruneSchedule.gradual(half, half + Math.min(quarter, every * 20), every);
    }

    @Override public void start(MogrifierLM model, long plannedSteps) {
        OnDemandOptions opt = factory.create(plannedSteps);
        if (opt.prune().structured() && model.config().factored()) {
            throw new IllegalArgumentException("--granularity=unit removes hidden units from the dense LSTM and embedding"
                    + " matrices, but this model has factored ones (lstm rank " + model.config().lstmRank() + ", embed rank "
                    + model.config().embedRank() + "); use element pruning, or prune units before factoring");
        }
        this.model = model;
        this.training = new OnDemandTraining(model, opt, teacher);
    }

    /**
     * Restores the hook from a checkpoint. Checkpoints with {@value #RESUME_SECTION} resume
     * exactly; older ones (masks and fraction only) resume with the masks in force rebuilt
     * from the restored weights and fresh level states, which is close but not bit-identical.
     */
    @Override public void restore(SectionFile checkpoint) throws IOException {
        if (checkpoint.has(RESUME_SECTION)) {
            training.restoreResume(checkpoint.bytes(RESUME_SECTION), checkpoint.file().toString());
            finalSeen = training.fraction() >= 1;
            return;
        }
        if (checkpoint.has(LevelMasksCodec.SECTION) && checkpoint.has(FRACTION_SECTION)) {
            String f = new String(checkpoint.bytes(FRACTION_SECTION), java.nio.charset.StandardCharsets.UTF_8).trim();
            double fraction;
            try {
                fraction = Double.parseDouble(f);
            } catch (NumberFormatException e) {
                throw new IOException(checkpoint.file() + ": section " + FRACTION_SECTION + " is not a number: " + f);
            }
            training.restore(checkpoint.bytes(LevelMasksCodec.SECTION), fraction, checkpoint.file().toString());
            finalSeen = fraction >= 1;
        }
    }

    /**
     * A fork must start before any mask exists (schedule fraction 0), and neither run may use the
     * Taylor criterion, whose scores accumulate from the run's start. The dense network's
     * recurrent state continues: an on-demand source keeps it in its resume section, a fixed or
     * plain source in the trainer's state; it goes where this run keeps it.
     */
    @Override public void fork(SectionFile checkpoint, State trainerState) throws IOException {
        String where = checkpoint.file().toString();
        if (training.options().prune().criterion() == moglm.prune.Criterion.TAYLOR) {
            throw new IOException(where + ": --criterion taylor accumulates scores from the start of the run; fork only"
                    + " magnitude-pruned runs");
        }
        if (checkpoint.has(FRACTION_SECTION)) {
            String f = new String(checkpoint.bytes(FRACTION_SECTION), java.nio.charset.StandardCharsets.UTF_8).trim();
            double fraction;
            try {
                fraction = Double.parseDouble(f);
            } catch (NumberFormatException e) {
                throw new IOException(where + ": section " + FRACTION_SECTION + " is not a number: " + f);
            }
            if (fraction != 0) {
                throw new IOException(where + ": taken after pruning began (schedule fraction " + f
                        + "); a fork must start from a checkpoint before the first mask");
            }
        }
        float[] dense = null;
        if (checkpoint.has(RESUME_SECTION)) dense = OnDemandTraining.forkableDenseState(checkpoint.bytes(RESUME_SECTION), where);
        if (dense == null) {
            float[] row = new float[trainerState.sizePerSequence()];
            dense = new float[trainerState.batch() * row.length];
            for (int b = 0; b < trainerState.batch(); b++) {
                trainerState.get(b, row);
                System.arraycopy(row, 0, dense, b * row.length, row.length);
            }
        }
        try {
            training.forkDenseState(dense, trainerState);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage());
        }
    }
    /** The level (and teacher) recurrent states start from zero on the new text, like the trainer's. */
    @Override public void newText() { training.resetStates(); }

    @Override public void beforeStep(long step, Chunk chunk) {
        training.beforeStep(step, () -> {
            try (State s = model.newState(chunk.batch())) {
                s.zero();
                model.forward(chunk.inputs(), chunk.steps(), chunk.batch(), s, null, true);
                model.loss(chunk.targets(), 1.0 / chunk.targetCount(), null, 0.0, 1.0);
                model.backward(null);
            }
        });
    }

    /** The masks reached their final levels at this step: only later models are "pruned models". */
    @Override public boolean restartBestModel() {
        boolean now = training.fraction() >= 1 && !finalSeen;
        if (now) finalSeen = true;
        return now;
    }

    @Override public boolean replacesStep() { return training.replacesStep(); }

    /**
     * On-demand levels (not {@code --prune-to}, whose masks stay on the model and are folded into
     * the weights after every update): the dense pass and every level's pass touch only the
     * step's rows, and the level masks are installed per step over those rows only
     * ({@link moglm.level.ModelMasks#select}). The masks themselves are still ranked over whole
     * matrices, at the schedule's updates only.
     */
    @Override public boolean vocabularyRowsOnly() { return training.replacesStep(); }

    @Override public MogrifierLM.LossResult step(long step, Chunk chunk, Dropout dropout, double weight) {
        // a random stream of its own, derived from (seed, step) like the trainer's dropout stream
        OnDemandStep.Result r = training.runStep(chunk.inputs(), chunk.targets(), chunk.steps(), chunk.batch(),
                chunk.resetRows(), dropout, StepRandom.of(seed ^ 0x5DEECE66DL, step), weight);
        return new MogrifierLM.LossResult(r.denseLoss(), r.denseCrossEntropy(), r.count());
    }

    @Override public Map<String, byte[]> sections() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        if (training != null) {
            m.put(LevelMasksCodec.SECTION, training.sectionBytes());
            m.put(FRACTION_SECTION, Double.toString(training.fraction()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return m;
    }

    /** The model-file sections plus {@value #RESUME_SECTION}. */
    @Override public Map<String, byte[]> checkpointSections() {
        Map<String, byte[]> m = sections();
        if (training != null) m.put(RESUME_SECTION, training.resumeBytes());
        return m;
    }

    @Override public List<String> report(MogrifierLM m, Corpus valid, TrainOptions opt) {
        List<String> out = new ArrayList<>();
        if (!training.pruned()) {
            out.add("on-demand: the prune schedule did not start; the levels are the dense network");
        }
        if (valid == null) return out;
        Map<Double, Double> ppl = training.evaluateLevels(
                x -> Evaluator.evaluate(x, valid, opt.evalBatch, opt.bptt, opt.resetAtSentenceStart).perplexity());
        for (Map.Entry<Double, Double> e : ppl.entrySet()) {
            int k = e.getKey() == 0 ? SparsityLevels.DENSE : training.masks().levels().indexOf(e.getKey());
            long kept = k == SparsityLevels.DENSE ? m.numParams() : training.masks().keptParams(k);
            out.add(String.format(Locale.ROOT, "level %s: valid ppl %.3f, %d parameters kept", SparsityLevels.format(e.getKey()),
                    e.getValue(), kept));
        }
        return out;
    }

    @Override public void close() {
        if (training != null) training.close();
        if (teacher != null) teacher.close();
    }
}
