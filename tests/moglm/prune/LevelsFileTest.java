package moglm.prune;

import moglm.testutil.TinyModels;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import moglm.level.LevelMasks;
import moglm.level.PruneTarget;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;
import moglm.level.Ranking;
import java.io.IOException;
import moglm.level.LevelMasksCodec;
import moglm.modelfile.SectionFile;
import moglm.level.Level;
import moglm.level.LevelLoader;

/**
 * One file holds the weights and every level's masks: loading with a level gives that level's
 * perplexity (the in-memory masked model's), and a structured export is a smaller file with the
 * same perplexity.
 */
class LevelsFileTest {
    static final String TEXT = String.join("\n",
            "the cat sat on the mat", "a dog sat on a log", "the dog saw the cat", "a cat saw a dog on the mat",
            "the log is on the mat", "a mat is a mat");

    @TempDir Path dir;

    @Test void levelSelectedAtLoadTimeGivesThatLevelsPerplexity() throws Exception {
        Vocabulary vocab = Vocabulary.fromWords(List.of(TEXT.split("\\s+")), "<unk>");
        Corpus corpus = Corpus.read(new BufferedReader(new StringReader(TEXT)), vocab, TextFormat.PLAIN, "test text");
        for (boolean structured : List.of(false, true)) {
            ModelConfig c = new ModelConfig(vocab.size(), 8, 8, 2, 3, 0, true);
            try (MogrifierLM m = TinyModels.model(c, Precision.FLOAT, 21)) {
                SparsityLevels lv = SparsityLevels.parse("0.25,0.5");
                PruneOptions opt = new PruneOptions(lv, structured, Criterion.MAGNITUDE, Ranking.PER_MATRIX, PruneTarget.defaults(), false);
                LevelMasks masks = opt.build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c), ModelMasks.magnitude(m));
                Path file = dir.resolve("od-" + structured + ".mlm");
                writeWithMasks(file, m, vocab, Map.of(), masks);
                double densePpl = ppl(m, corpus);
                for (int k = 0; k < lv.size(); k++) {
                    ModelMasks.select(m, masks, k);
                    double expected = ppl(m, corpus);
                    m.clearMasks();
                    try (ModelFile.Loaded loaded = LevelLoader.load(file, Level.of(lv.sparsity(k)))) {
                        double got = ppl(loaded.model(), corpus);
                        assertEquals(expected, got, 1e-5 * expected, "level " + lv.sparsity(k) + " structured=" + structured);
                        assertNotEquals(densePpl, got, 1e-3, "a level is not the dense model");
                    }
                    if (structured) {
                        Path small = dir.resolve("small-" + k + ".mlm");
                        try (ModelFile.Loaded loaded = ModelFile.read(file)) {
                            LevelExport.Written w = LevelExport.write(loaded, masks, Level.of(lv.sparsity(k)), small, Map.of());
                            assertEquals(masks.keptParams(k), w.params());
                        }
                        assertTrue(Files.size(small) < Files.size(file), "exported file is smaller");
                        try (ModelFile.Loaded s = ModelFile.read(small)) {
                            assertTrue(s.model().numParams() < m.numParams());
                            assertEquals(expected, ppl(s.model(), corpus), 1e-5 * expected, "exported level's perplexity");
                        }
                    }
                }
                try (ModelFile.Loaded dense = LevelLoader.load(file, Level.of(0))) {
                    assertEquals(densePpl, ppl(dense.model(), corpus), 1e-9 * densePpl);
                }
                var e = assertThrows(ModelFileException.class, () -> LevelLoader.load(file, Level.of(0.3)));
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("0.25"), e.getMessage());
            }
        }
    }

    static double ppl(MogrifierLM m, Corpus c) {
        return Evaluator.evaluate(m, c, 1, 5, false).perplexity();
    }

    /** Writes a model file with the dense weights and (when non-null) the nested masks. */
    static void writeWithMasks(Path file, MogrifierLM model, Vocabulary vocab, Map<String, String> info, LevelMasks masks)
            throws IOException {
        SectionFile.Writer w = ModelFile.writer(ModelFile.CODEC, model, vocab, info);
        if (masks != null) w.bytes(LevelMasksCodec.SECTION, LevelMasksCodec.toBytes(masks));
        w.write(file);
    }
}
