package moglm.train;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import moglm.model.Dropout;
import moglm.model.MogrifierLM;
import moglm.modelfile.SectionFile;

/**
 * Extension point of the {@link Trainer} for training schemes that run more than the plain
 * forward/loss/backward (on-demand pruning, {@code moglm.distill.OnDemandHook}). The trainer
 * calls, in order: {@link #start} once the model exists (and {@link #restore} on resume); per
 * step {@link #beforeStep}, then {@link #step} instead of its own forward/loss/backward when
 * {@link #replacesStep()}; the optimizer update and {@code applyMasksToParams()} stay the
 * trainer's. Every model file it writes carries {@link #sections()}, every checkpoint
 * {@link #checkpointSections()}; after
 * training it prints {@link #report}.
 */
public interface StepHook extends AutoCloseable {
    /** The model is ready (new or restored); {@code plannedSteps} = chunks per epoch x epochs. */
    void start(MogrifierLM model, long plannedSteps);

    /** Restores the hook's sections from a checkpoint (after {@link #start}). */
    void restore(SectionFile checkpoint) throws IOException;

    /**
     * Starts this fresh hook at another run's checkpoint ({@link Trainer#forkFrom}), after
     * {@link #start} and with {@code trainerState} already restored from it: takes over what it
     * can (e.g. the recurrent state the source kept outside the trainer), or refuses a checkpoint
     * it cannot start from (IOException naming the file). By default every checkpoint is accepted
     * as it is.
     */
    default void fork(SectionFile checkpoint, moglm.model.State trainerState) throws IOException {}

    /**
     * After {@link #restore}, when the run starts from another run's checkpoint on new text
     * ({@code moglm train --start-from}): forget state tied to the old data position (carried
     * recurrent states); masks, schedule and accumulated scores stay. Default: nothing.
     */
    default void newText() {}

    /** Before step {@code step} on {@code chunk} (gradients are zero; they are zeroed again after). */
    void beforeStep(long step, Chunk chunk);

    /**
     * True (once) when the weights changed meaning before this step (e.g. the pruning masks
     * reached their final levels): the trainer then forgets its best validation loss, so the
     * model file it keeps is chosen among models of the new kind only.
     */
    boolean restartBestModel();

    /**
     * True when, with the sampled output ({@code --output=sampled}), this hook keeps every step to
     * the step's vocabulary rows: its {@link #step} (or the trainer's own, when it does not
     * replace it) reads and writes only the rows of the step's input words and output sample of
     * the vocabulary-sized tensors, sets masks only through {@code moglm.level.ModelMasks} (or
     * row-sized mask setters) and leaves none set after the step, and {@link #beforeStep} leaves
     * the gradients zero. The trainer then, for each step, restricts the model's mask
     * operations to those rows ({@link MogrifierLM#restrictToRows}) and updates only those rows of
     * the vocabulary tensors ({@code LazyRowUpdate}): a step's cost does not depend on the
     * vocabulary size. Default false: the dense optimizer step over all parameters.
     */
    default boolean vocabularyRowsOnly() { return false; }

    /** True when {@link #step} replaces the trainer's forward/loss/backward. */
    boolean replacesStep();

    /**
     * Forward/loss/backward of one step with every loss term weighted by {@code weight};
     * returns the dense network's result (crossEntropy = its summed, unweighted cross-entropy).
     */
    MogrifierLM.LossResult step(long step, Chunk chunk, Dropout dropout, double weight);

    /** Extra named sections for model files and checkpoints. */
    Map<String, byte[]> sections();

    /**
     * Sections for checkpoints: by default {@link #sections()}; a hook with state that a
     * resumed run needs but a model file should not carry (recurrent states, accumulators)
     * adds it here, so that resuming continues exactly as the uninterrupted run.
     */
    default Map<String, byte[]> checkpointSections() { return sections(); }

    /** Lines to print after training (e.g. validation perplexity per level); valid may be null. */
    List<String> report(MogrifierLM model, Corpus valid, TrainOptions opt);

    @Override void close();
}
