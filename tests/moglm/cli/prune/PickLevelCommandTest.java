package moglm.cli.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.modelfile.ModelFile;
import moglm.prune.LevelExport;
import moglm.level.LevelMasks;
import moglm.prune.LevelTable;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.level.ModelMasks;
import moglm.prune.PruneOptions;
import moglm.level.SparsityLevels;
import moglm.testutil.MoglmCli;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moglm pick-level}: stored table, recomputed sizes, budgets in parameters, bytes and measured speed. */
class PickLevelCommandTest {
    @TempDir Path dir;

    private Path onDemandModel() throws Exception {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) words.add("w" + i);
        Vocabulary vocab = Vocabulary.fromWords(words, "<unk>");
        ModelConfig c = new ModelConfig(vocab.size(), 16, 16, 1, 2, 0, true);
        Path file = dir.resolve("od.mlm");
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(5);
            SparsityLevels lv = SparsityLevels.parse("0.4,0.8");
            LevelMasks masks = PruneOptions.defaults(lv).build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c), ModelMasks.magnitude(m));
            moglm.modelfile.ModelFile.writer(moglm.modelfile.ModelFile.CODEC, m, vocab, Map.of()).bytes(moglm.level.LevelMasksCodec.SECTION, moglm.level.LevelMasksCodec.toBytes(masks)).write(file);
        }
        return file;
    }

    /** {level -> {non-zero, bytes}} of the real exports. */
    private long[] export(Path model, double level) throws Exception {
        Path out = dir.resolve("e-" + level + ".mlm");
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            LevelExport.Written w = LevelExport.write(m, LevelLoader.masks(m), Level.of(level), out, LevelExport.info(m, model.toString(), Level.of(level)));
            return new long[] {w.nonZero(), Files.size(out)};
        }
    }

    @Test void recomputesSizesWithoutAStoredTableAndPicksByParamsOrBytes() throws Exception {
        Path model = onDemandModel();
        long[] d = export(model, 0), l4 = export(model, 0.4), l8 = export(model, 0.8);
        assertTrue(d[0] > l4[0] && l4[0] > l8[0] && d[1] > l4[1] && l4[1] > l8[1]);

        String out = MoglmCli.run(0, "pick-level", model.toString());
        assertTrue(out.contains("recomputed"), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "%,d", l4[0])), out);
        assertFalse(out.contains("pick:"), "no budget: only the list\n" + out);

        out = MoglmCli.run(0, "pick-level", "--max-params=" + (l4[0] + 1), model.toString());
        assertEquals("0.4", picked(out), out);
        out = MoglmCli.run(0, "pick-level", "--max-params=" + (l4[0] - 1), model.toString());
        assertEquals("0.8", picked(out), out);
        out = MoglmCli.run(0, "pick-level", "--max-bytes=" + l8[1], model.toString());
        assertEquals("0.8", picked(out), out);
        out = MoglmCli.run(0, "pick-level", "--max-bytes=" + d[1], model.toString());
        assertEquals("0", picked(out), out);
        assertTrue(out.contains("dev perplexity unknown"), out);
        out = MoglmCli.run(1, "pick-level", "--max-bytes=" + (l8[1] - 1), model.toString());
        assertTrue(out.contains("no level fits"), out);
    }

    @Test void readsTheStoredTableAndSaysWhatTheLevelCosts() throws Exception {
        Path model = onDemandModel();
        long[] l4 = export(model, 0.4);
        Path tsv = dir.resolve("results.tsv");
        Files.writeString(tsv, "method\tlevel\tnonzero\tfile_bytes\tdev_ppl\tlat_wer\n"
                + "kd\t0\t\t\t200\t29.5\n" + "kd\t0.4\t\t\t210\t29.7\n" + "kd\t0.8\t\t\t260\t30.9\n" + "other\t0.4\t1\t1\t1\t1\n");
        String out = MoglmCli.run(0, "pick-level", "--store=" + tsv, "--method=kd", model.toString());
        assertTrue(out.contains("3 levels"), out);
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            assertEquals(3, LevelTable.of(m).rows().size());
        }
        out = MoglmCli.run(0, "pick-level", "--max-params=" + l4[0], model.toString());
        assertEquals("0.4", picked(out), out);
        assertTrue(out.contains("table stored in the model"), out);
        assertTrue(out.contains("dev perplexity 210.00 (+5.0% against the dense network's 200.00)"), out);
        assertTrue(out.contains("dev lattice %WER 29.70 (dense 29.50)"), out);
        // sizes the table lacked were recomputed from the exports
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "%,d", l4[0])), out);

        Path tsvBad = dir.resolve("bad.tsv");
        Files.writeString(tsvBad, "level\tdev_ppl\n0\t1\n0.5\t2\n");
        out = MoglmCli.run(1, "pick-level", "--store=" + tsvBad, model.toString());
        assertTrue(out.contains("0.5"), out);
    }

    @Test void measuresMillisecondsPerStateOnThisMachine() throws Exception {
        Path model = onDemandModel();
        String out = MoglmCli.run(0, "pick-level", "--max-ms-per-state=1000", "--calls=20", model.toString());
        assertEquals("0", picked(out), "every level fits a generous limit; the best is dense\n" + out);
        Matcher m = Pattern.compile("(?m)^0\\s+\\S+\\s+\\S+\\s+([0-9.]+)\\s").matcher(out);
        assertTrue(m.find(), out);
        double ms = Double.parseDouble(m.group(1));
        assertTrue(ms > 0 && ms < 1000, out);
        out = MoglmCli.run(1, "pick-level", "--max-ms-per-state=1e-9", "--calls=20", model.toString());
        assertTrue(out.contains("no level fits"), out);
    }

    @Test void unitLevelsAreTimedOnTheirSmallerExport() throws Exception {
        // V = 3000, H = 64: the output product dominates a state; the 0.75 unit level keeps 16 units
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) words.add("w" + i);
        Vocabulary vocab = Vocabulary.fromWords(words, "<unk>");
        ModelConfig c = new ModelConfig(vocab.size(), 64, 64, 1, 2, 0, true);
        Path file = dir.resolve("unit.mlm");
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(7);
            SparsityLevels lv = SparsityLevels.parse("0.75");
            PruneOptions unit = new PruneOptions(lv, true, PruneOptions.defaults(lv).criterion(), PruneOptions.defaults(lv).ranking(),
                    PruneOptions.defaults(lv).targets(), false);
            LevelMasks masks = unit.build(lv.toArray(), ModelMasks.tensors(m), ModelMasks.architecture(c), ModelMasks.magnitude(m));
            assertEquals("unit", masks.granularity());
            ModelFile.writer(ModelFile.CODEC, m, vocab, Map.of()).bytes(moglm.level.LevelMasksCodec.SECTION,
                    moglm.level.LevelMasksCodec.toBytes(masks)).write(file);
        }
        String out = MoglmCli.run(0, "pick-level", "--max-ms-per-state=1000", "--calls=100", file.toString());
        assertTrue(out.contains("unit levels on their smaller export"), out);
        Matcher dense = Pattern.compile("(?m)^0\\s+\\S+\\s+\\S+\\s+([0-9.]+)\\s.*\\s([0-9]+)%$").matcher(out);
        Matcher small = Pattern.compile("(?m)^0\\.75\\s+\\S+\\s+\\S+\\s+([0-9.]+)\\s.*\\s([0-9]+)%$").matcher(out);
        assertTrue(dense.find() && small.find(), out);
        double msDense = Double.parseDouble(dense.group(1)), msSmall = Double.parseDouble(small.group(1));
        // a quarter of the hidden units: the masked model would cost the dense time, the export about a quarter
        assertTrue(msSmall < 0.7 * msDense, "0.75 unit level " + msSmall + " ms vs dense " + msDense + " ms\n" + out);
        int share = Integer.parseInt(dense.group(2));
        assertTrue(share > 30 && share <= 100, "the V x H product dominates a state here\n" + out);
    }

    @Test void aModelWithoutLevelsIsAClearError() throws Exception {
        Vocabulary vocab = Vocabulary.fromWords(List.of("a", "b"), "<unk>");
        Path file = dir.resolve("dense.mlm");
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(vocab.size(), 4, 4, 1, 0, 0, true), Precision.FLOAT)) {
            m.initRandom(1);
            ModelFile.write(file, m, vocab, Map.of());
        }
        String out = MoglmCli.run(1, "pick-level", "--max-params=10", file.toString());
        assertTrue(out.contains("no on-demand sparsity levels") && out.contains(file.toString()), out);
    }

    private static String picked(String out) {
        Matcher m = Pattern.compile("pick: --level=(\\S+) ").matcher(out);
        return m.find() ? m.group(1) : null;
    }
}
