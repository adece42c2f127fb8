package moglm.train;

import moglm.model.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import moglm.model.MogrifierLM;
import moglm.model.State;
import moglm.modelfile.KeyValues;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.modelfile.SectionFile;
import moglm.modelfile.Sections;
import moglm.train.optim.Optimizer;

/**
 * A training checkpoint ({@code checkpoint.mlmc}): the model file's sections (codec
 * {@value #CODEC}) plus what a resumed run needs to continue exactly:
 * {@code options} (TEXT, the training options), {@code trainer} (TEXT, {@link TrainingState}),
 * {@code metrics} (TEXT, the JSON-lines log so far), {@code optimizer/SLOT} (FLOATS, one per
 * optimiser slot, with the step count in {@code trainer}) and {@code state} (FLOATS, batch x
 * (2*layers*hidden): the recurrent state carried into the next chunk, by {@link State#get}).
 * The random stream needs no saving ({@link StepRandom}). Written atomically.
 */
public final class Checkpoint {
    public static final String CODEC = ModelFile.CHECKPOINT_CODEC;

    private Checkpoint() {}

    public static void save(Path file, MogrifierLM model, Vocabulary vocab, TrainOptions opt, TrainingState st,
                            Optimizer optimizer, State state) throws IOException {
        save(file, model, vocab, opt, st, optimizer, state, Map.of());
    }

    /** Same, with extra named BYTES sections (e.g. a {@link StepHook}'s pruning masks). */
    public static void save(Path file, MogrifierLM model, Vocabulary vocab, TrainOptions opt, TrainingState st,
                            Optimizer optimizer, State state, Map<String, byte[]> extra) throws IOException {
        // tensors streamed from the model while writing (no heap copy of it); optimizer slots as they are
        SectionFile.Writer w = ModelFile.streamingWriter(CODEC, model, vocab, Map.of());
        for (Map.Entry<String, byte[]> e : extra.entrySet()) w.bytes(e.getKey(), e.getValue());
        w.text(Sections.OPTIONS, KeyValues.format(opt.toMap()));
        Map<String, String> tm = st.toMap();
        tm.put("optimizer", optimizer.name());
        tm.put("optimizer_steps", "" + optimizer.steps());
        w.text(Sections.TRAINER, KeyValues.format(tm));
        w.text(Sections.METRICS, String.join("\n", st.metrics));
        for (Map.Entry<String, float[]> e : optimizer.slots().entrySet()) {
            w.floats(Sections.OPTIMIZER_PREFIX + e.getKey(), e.getValue().length, 1, e.getValue());
        }
        int per = state.sizePerSequence();
        float[] all = new float[state.batch() * per];
        float[] one = new float[per];
        for (int b = 0; b < state.batch(); b++) {
            state.get(b, one);
            System.arraycopy(one, 0, all, b * per, per);
        }
        w.floats(Sections.STATE, state.batch(), per, all);
        w.write(file);
    }

    /** A read checkpoint: the model (owned by the caller) and the saved training state. */
    public record Loaded(ModelFile.Loaded model, Map<String, String> options, TrainingState state,
                         String optimizerName, long optimizerSteps, SectionFile file) {}

    public static Loaded read(Path file) throws IOException {
        SectionFile f = SectionFile.read(file, CODEC);
        ModelFile.Loaded m = ModelFile.load(f);
        try {
            Map<String, String> options = KeyValues.parse(f.text(Sections.OPTIONS), file + " [options]");
            Map<String, String> tm = KeyValues.parse(f.text(Sections.TRAINER), file + " [trainer]");
            String metricsText = f.text(Sections.METRICS);
            List<String> metrics = new ArrayList<>();
            for (String l : metricsText.split("\n")) if (!l.isBlank()) metrics.add(l);
            TrainingState st = TrainingState.fromMap(tm, metrics);
            String name = tm.get("optimizer");
            long steps = Long.parseLong(tm.getOrDefault("optimizer_steps", "0"));
            return new Loaded(m, options, st, name, steps, f);
        } catch (IllegalArgumentException e) {
            m.close();
            throw new ModelFileException(file, e.getMessage());
        } catch (IOException e) {
            m.close();
            throw e;
        }
    }

    /** Copies the saved optimiser slots into {@code optimizer} (same name and sizes required). */
    public static void restoreOptimizer(Loaded ck, Optimizer optimizer) throws IOException {
        if (!optimizer.name().equals(ck.optimizerName())) {
            throw new ModelFileException(ck.file().file(), "checkpoint was written with optimizer '" + ck.optimizerName()
                    + "', the run uses '" + optimizer.name() + "'");
        }
        for (Map.Entry<String, float[]> e : optimizer.slots().entrySet()) {
            SectionFile.Floats t = ck.file().floats(Sections.OPTIMIZER_PREFIX + e.getKey());
            if (t.data().length != e.getValue().length) {
                throw new ModelFileException(ck.file().file(), "optimizer slot '" + e.getKey() + "' has " + t.data().length
                        + " values, expected " + e.getValue().length);
            }
            System.arraycopy(t.data(), 0, e.getValue(), 0, t.data().length);
        }
        optimizer.setSteps(ck.optimizerSteps());
    }

    /** Copies the saved recurrent state into {@code state} (same batch and size required). */
    public static void restoreState(Loaded ck, State state) throws IOException {
        SectionFile.Floats t = ck.file().floats(Sections.STATE);
        if (t.rows() != state.batch() || t.cols() != state.sizePerSequence()) {
            throw new ModelFileException(ck.file().file(), "saved state is " + t.rows() + "x" + t.cols() + ", the run needs "
                    + state.batch() + "x" + state.sizePerSequence() + " (batch size changed?)");
        }
        float[] one = new float[t.cols()];
        for (int b = 0; b < t.rows(); b++) {
            System.arraycopy(t.data(), b * t.cols(), one, 0, t.cols());
            state.set(b, one);
        }
    }
}
