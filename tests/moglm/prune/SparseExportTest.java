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
import moglm.model.SparseKernels;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.train.Corpus;
import moglm.train.TextFormat;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import moglm.level.LevelMasks;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;
import moglm.level.Level;
import moglm.level.LevelLoader;

/**
 * Element levels deploy as sparse files: smaller than the dense model at every level, the masked
 * model's perplexity, and on the CSR kernel exactly where the density is at most the crossover
 * (the 80% level here), also when the level is selected at load time.
 */
class SparseExportTest {
    @TempDir Path dir;

    @Test void elementLevelsExportSparseAndRunOnCsrBelowTheCrossover() throws Exception {
        String text = LevelsFileTest.TEXT;
        Vocabulary vocab = Vocabulary.fromWords(List.of(text.split("\\s+")), "<unk>");
        Corpus corpus = Corpus.read(new BufferedReader(new StringReader(text)), vocab, TextFormat.PLAIN, "test text");
        ModelConfig c = new ModelConfig(vocab.size(), 16, 16, 2, 3, 0, true);
        try (MogrifierLM m = TinyModels.model(c, Precision.FLOAT, 8)) {
            SparsityLevels lv = SparsityLevels.parse("0.4,0.8");
            LevelMasks masks = PruneOptions.defaults(lv).build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c),
                    ModelMasks.magnitude(m));
            Path file = dir.resolve("od.mlm");
            LevelsFileTest.writeWithMasks(file, m, vocab, Map.of(), masks);
            Path denseExport = dir.resolve("dense.mlm");
            try (ModelFile.Loaded loaded = ModelFile.read(file)) {
                LevelExport.write(loaded, masks, Level.of(0), denseExport, Map.of());
            }
            long previous = Files.size(denseExport);
            for (int k = 0; k < lv.size(); k++) {
                ModelMasks.select(m, masks, k);
                double expected = LevelsFileTest.ppl(m, corpus);
                m.clearMasks();
                boolean csr = 1 - lv.sparsity(k) <= SparseKernels.CROSSOVER_DENSITY;
                Path small = dir.resolve("level-" + k + ".mlm");
                try (ModelFile.Loaded loaded = ModelFile.read(file)) {
                    LevelExport.Written w = LevelExport.write(loaded, masks, Level.of(lv.sparsity(k)), small, Map.of());
                    assertTrue(w.how().startsWith("element: sparse file"), w.how());
                }
                assertTrue(Files.size(small) < previous, "level " + lv.sparsity(k) + " file is smaller than the denser one");
                previous = Files.size(small);
                assertTrue(SectionFile.read(small, null).has("sparse/layer0.lstm.weight"), "pruned matrices in sparse storage");
                try (ModelFile.Loaded e = ModelFile.read(small); ModelFile.Loaded sel = LevelLoader.load(file, Level.of(lv.sparsity(k)))) {
                    for (MogrifierLM x : List.of(e.model(), sel.model())) {
                        for (String n : SparseKernels.eligible(x)) {
                            assertEquals(csr, x.sparseNonZeros(n) >= 0, n + " on CSR at level " + lv.sparsity(k));
                        }
                        assertEquals(expected, LevelsFileTest.ppl(x, corpus), 1e-5 * expected, "level " + lv.sparsity(k));
                    }
                }
            }
            assertTrue(Files.size(dir.resolve("level-1.mlm")) < 0.5 * Files.size(denseExport), "80% level: under half the bytes");
        }
    }
}
