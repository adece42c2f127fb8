package moglm.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.level.LevelMasks;
import moglm.level.LevelMasksCodec;
import moglm.level.ModelMasks;
import moglm.level.SparsityLevels;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.modelfile.SectionFile;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-level table: parsing a recipe's table, the stored form, storing it in a model, choosing a level. */
class LevelTableTest {
    @TempDir Path dir;

    static final String RECIPE_TSV = "method\tlevel\tparams\tnonzero\tfile_bytes\theldout_ppl\tdev_ppl\tlat_wer\tlat_rtf_cpu\tnbest_wer\n"
            + "kd\t0\t100\t100\t500\t150.5\t160.25\t29.5\t0.04\t29.7\n"
            + "kd\t0.5\t100\t50\t300\t155\t165\t29.8\t0.03\t\n"
            + "kd\t0.8\t100\t20\t150\t170\t180.5\t30.4\t0.02\t30.6\n"
            + "pruned-0.5\t0.5\t100\t50\t300\t158\t168\t30.1\t0.03\t\n";

    @Test void parsesSelectedRowsAndRoundTripsItsStoredForm() {
        LevelTable t = LevelTable.parse(RECIPE_TSV, "r.tsv", "method", "kd");
        assertEquals(3, t.rows().size());
        LevelTable.Row r = t.row(0.5);
        assertEquals(50, r.nonZero());
        assertEquals(300, r.fileBytes());
        assertEquals(165, r.devPpl(), 0);
        assertTrue(Double.isNaN(r.nbestWer()), "an empty field is unknown");
        assertEquals(180.5, t.row(0.8).devPpl(), 0);
        LevelTable again = LevelTable.parse(t.format(), "stored", null, null);
        assertEquals(t.rows(), again.rows());
        assertEquals(4, LevelTable.parse(RECIPE_TSV.replace("pruned-0.5\t0.5", "pruned-0.5\t0.6"), "r.tsv", null, null).rows().size());
    }

    @Test void badTablesNameTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> LevelTable.parse("level\tnonzero\n0\t12\n0.5\tmany\n", "t.tsv", null, null));
        assertTrue(e.getMessage().contains("t.tsv line 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LevelTable.parse("nonzero\n12\n", "t.tsv", null, null));
        assertTrue(e.getMessage().contains("'level'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LevelTable.parse("level\tx\n0\t1\t2\n", "t.tsv", null, null));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LevelTable.parse(RECIPE_TSV, "r.tsv", "method", "none"));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LevelTable.parse("level\n0.5\n0.5\n", "t.tsv", null, null));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test void storedInTheModelFileWithEverySectionKept() throws Exception {
        Vocabulary vocab = Vocabulary.fromWords(List.of("a", "b", "c", "d"), "<unk>");
        ModelConfig c = new ModelConfig(vocab.size(), 4, 4, 1, 2, 0, true);
        Path file = dir.resolve("od.mlm");
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(3);
            SparsityLevels lv = SparsityLevels.parse("0.5,0.8");
            LevelMasks masks = PruneOptions.defaults(lv).build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c), ModelMasks.magnitude(m));
            moglm.modelfile.ModelFile.writer(moglm.modelfile.ModelFile.CODEC, m, vocab, Map.of("note", "x")).bytes(moglm.level.LevelMasksCodec.SECTION, moglm.level.LevelMasksCodec.toBytes(masks)).write(file);
        }
        SectionFile before = SectionFile.read(file, null);
        LevelTable t = LevelTable.parse(RECIPE_TSV, "r.tsv", "method", "kd");
        t.store(file);
        SectionFile after = SectionFile.read(file, null);
        assertEquals(before.names().size() + 1, after.names().size());
        for (String n : before.names()) assertTrue(after.has(n), n);
        assertArrayEquals(before.bytes(LevelMasksCodec.SECTION), after.bytes(LevelMasksCodec.SECTION));
        assertEquals(before.text("config"), after.text("config"));
        try (ModelFile.Loaded l = ModelFile.read(file)) {
            assertEquals(t.rows(), LevelTable.of(l).rows());
        }
        // storing again replaces the table
        new LevelTable(List.of("second"), List.of(t.row(0))).store(file);
        try (ModelFile.Loaded l = ModelFile.read(file)) {
            assertEquals(1, LevelTable.of(l).rows().size());
            assertEquals(List.of("second"), LevelTable.of(l).comments());
        }
        // a level the file does not have is refused, and the file is left as it was
        byte[] bytes = Files.readAllBytes(file);
        LevelTable wrong = LevelTable.parse("level\n0\n0.4\n", "w.tsv", null, null);
        var e = assertThrows(ModelFileException.class, () -> wrong.store(file));
        assertTrue(e.getMessage().contains("0.4") && e.getMessage().contains(file.toString()), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test void budgetPicksTheBestFittingLevel() {
        LevelTable t = LevelTable.parse(RECIPE_TSV, "r.tsv", "method", "kd");
        assertEquals(0.5, new LevelBudget(60, -1, Double.NaN).choose(t.rows(), Map.of()).level());
        assertEquals(0.8, new LevelBudget(-1, 200, Double.NaN).choose(t.rows(), Map.of()).level());
        assertEquals(0.0, new LevelBudget(1000, 1000, Double.NaN).choose(t.rows(), Map.of()).level());
        assertNull(new LevelBudget(10, -1, Double.NaN).choose(t.rows(), Map.of()));
        Map<Double, Double> ms = Map.of(0.0, 0.5, 0.5, 0.3, 0.8, 0.1);
        assertEquals(0.5, new LevelBudget(-1, -1, 0.3).choose(t.rows(), ms).level());
        assertNull(new LevelBudget(-1, -1, 0.05).choose(t.rows(), ms));
        assertNull(new LevelBudget(-1, -1, 1.0).choose(t.rows(), Map.of()), "a speed limit needs a measured speed");
        // the least sparse level that fits, whatever a (noisy) dev perplexity says
        LevelTable odd = LevelTable.parse("level\tnonzero\tdev_ppl\n0\t100\t150\n0.2\t80\t170\n0.4\t60\t160\n", "odd", null, null);
        assertEquals(0.2, new LevelBudget(90, -1, Double.NaN).choose(odd.rows(), Map.of()).level());
        assertEquals(0.0, new LevelBudget(100, -1, Double.NaN).choose(odd.rows(), Map.of()).level());
    }

    @Test void sizesWithSuffixes() {
        assertEquals(2_500_000, LevelBudget.parseSize("2.5M", "--max-bytes"));
        assertEquals(8 * 1024 * 1024, LevelBudget.parseSize("8Mi", "--max-bytes"));
        assertEquals(1500, LevelBudget.parseSize("1.5k", "--max-params"));
        assertEquals(123, LevelBudget.parseSize("123", "--max-params"));
        var e = assertThrows(IllegalArgumentException.class, () -> LevelBudget.parseSize("lots", "--max-bytes"));
        assertTrue(e.getMessage().contains("--max-bytes") && e.getMessage().contains("lots"));
        assertThrows(IllegalArgumentException.class, () -> LevelBudget.parseSize("-5", "--max-bytes"));
    }
}
