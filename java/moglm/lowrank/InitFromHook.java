package moglm.lowrank;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.Dropout;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.train.Chunk;
import moglm.train.Corpus;
import moglm.train.StepHook;
import moglm.train.TrainOptions;
import moglm.model.Vocabulary;

/**
 * {@link StepHook} of {@code moglm train --granularity lowrank --rank K [--lstm-rank KL]
 * [--embed-rank KE] --init-from MODEL}: the new model starts from MODEL's weights with every
 * factorable matrix (mogrifier rounds, LSTM, embedding/output) replaced by its SVD truncation to
 * the new model's rank for it ({@link LowRank#toRanks}; 0 = dense), then trains normally
 * (fine-tuning). Run
 * once per target rank, each from the previous one's final.mlm, this is the incremental
 * low-rank schedule of Emili et al. (2023): several target sizes delivered one after another,
 * each fine-tuned from the previous. On {@code --resume} the checkpoint's weights win.
 */
public final class InitFromHook implements StepHook {
    private final Path init;
    private final Vocabulary vocab;
    private String line = "";

    /** @param vocab the training vocabulary, which MODEL must share */
    public InitFromHook(Path init, Vocabulary vocab) {
        this.init = init;
        this.vocab = vocab;
    }

    @Override public void start(MogrifierLM model, long plannedSteps) {
        try (ModelFile.Loaded src = ModelFile.read(init)) {
            ModelConfig a = src.model().config(), b = model.config();
            if (a.vocabSize() != b.vocabSize() || a.embedSize() != b.embedSize() || a.hiddenSize() != b.hiddenSize()
                    || a.layers() != b.layers() || a.rounds() != b.rounds() || a.tied() != b.tied()) {
                throw new IllegalArgumentException(init + ": architecture " + a + " differs from the one being trained " + b
                        + " (only --rank, --lstm-rank, --embed-rank may change)");
            }
            if (!src.vocabulary().toKaldiText().equals(vocab.toKaldiText())) {
                throw new IllegalArgumentException(init + ": its vocabulary differs from the training vocabulary (pass --words)");
            }
            if (a.equals(b) && (b.rank() == 0 || b.rounds() == 0) && !b.factored()) {
                for (var p : model.params()) model.setParamD(p.name(), src.model().getParamD(p.name()));
                line = "initialised from " + init + " (copied)";
            } else {
                try (MogrifierLM r = LowRank.toRanks(src.model(), b.rank(), b.lstmRank(), b.embedRank())) {
                    for (var p : model.params()) model.setParamD(p.name(), r.getParamD(p.name()));
                }
                line = "initialised from " + init + " (ranks mogrifier/lstm/embed " + ranks(a) + " -> " + ranks(b)
                        + " by SVD truncation)";
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --init-from " + init + ": " + e.getMessage(), e);
        }
    }

    private static String ranks(ModelConfig c) {
        return r(c.rank()) + "/" + r(c.lstmRank()) + "/" + r(c.embedRank());
    }

    private static String r(int k) {
        return k == 0 ? "full" : Integer.toString(k);
    }

    @Override public void restore(SectionFile checkpoint) {}
    @Override public void beforeStep(long step, Chunk chunk) {}
    @Override public boolean restartBestModel() { return false; }
    @Override public boolean replacesStep() { return false; }
    /** Only the start differs from plain training: the trainer's own step, its row-lazy update included. */
    @Override public boolean vocabularyRowsOnly() { return true; }
    @Override public MogrifierLM.LossResult step(long step, Chunk chunk, Dropout dropout, double weight) {
        throw new IllegalStateException("InitFromHook does not replace the training step");
    }
    @Override public Map<String, byte[]> sections() { return Map.of(); }
    @Override public List<String> report(MogrifierLM model, Corpus valid, TrainOptions opt) { return List.of(line); }
    @Override public void close() {}
}
