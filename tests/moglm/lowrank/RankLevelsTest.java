package moglm.lowrank;

import static moglm.testutil.MoglmCli.run;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFileException;
import moglm.prune.LevelExport;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import moglm.level.RankLevels;

/**
 * Nested rank levels in one file ({@link RankLevels}): a level read from the file
 * ({@code LevelLoader.load} with level k >= 1) gives the log-probabilities of the physically exported
 * rank-k model ({@code moglm export --level k}) and of the one-shot SVD rank-k model, within
 * 1e-5; the section round-trips and bad levels are refused; end to end through
 * {@code export-rank --rank-levels}, {@code export --level}, {@code ppl --level} and {@code info}.
 */
class RankLevelsTest {
    static final List<String> WORDS = List.of("the cat sat on the mat a dog saw log is".split(" "));
    static final int T = 6, B = 2;

    @TempDir Path dir;

    @Test void levelFromFileEqualsExportedRankKModel() throws Exception {
        Vocabulary vocab = Vocabulary.fromWords(WORDS, "<unk>");
        ModelConfig c = new ModelConfig(vocab.size(), 7, 9, 2, 4, 0, false);
        int[] in = LowRankModelTest.words(T * B, c.vocabSize(), 5);
        Path file = dir.resolve("nested.mlm");
        try (MogrifierLM dense = model(c, 3); MogrifierLM r6 = LowRank.toRank(dense, 6)) {
            RankLevels levels = new RankLevels(6, 4, 2, 6);
            assertArrayEquals(new int[] {2, 4}, levels.ranks(), "sorted, full rank dropped");
            ModelFile.writer(ModelFile.CODEC, r6, vocab, Map.of()).bytes(RankLevels.SECTION, levels.toBytes()).write(file);
            float[] full;
            try (ModelFile.Loaded f = LevelLoader.load(file, Level.of(0))) {
                full = LowRankModelTest.logProbs(f.model(), in, T, B);
            }
            for (int k : new int[] {2, 4}) {
                float[] fromFile, exported, svd;
                try (ModelFile.Loaded f = LevelLoader.load(file, Level.of(k))) {
                    assertEquals(6, f.model().config().rank(), "selected in place, same shapes");
                    fromFile = LowRankModelTest.logProbs(f.model(), in, T, B);
                }
                Path out = dir.resolve("r" + k + ".mlm");
                try (ModelFile.Loaded f = ModelFile.read(file)) {
                    LevelExport.Written w = LevelExport.write(f, null, Level.of(k), out, LevelExport.info(f, "nested.mlm", Level.of(k)));
                    assertEquals(RankLevels.params(r6.config(), k), w.params());
                }
                try (ModelFile.Loaded e = ModelFile.read(out)) {
                    assertEquals(k, e.model().config().rank());
                    assertEquals(RankLevels.params(r6.config(), k), e.model().numParams());
                    assertEquals(Integer.toString(k), e.config().get("exported_level"));
                    assertFalse(e.file().has(RankLevels.SECTION), "the export is a plain model");
                    exported = LowRankModelTest.logProbs(e.model(), in, T, B);
                }
                assertTrue(Files.size(out) < Files.size(file));
                try (MogrifierLM direct = LowRank.toRank(dense, k)) {
                    svd = LowRankModelTest.logProbs(direct, in, T, B);
                }
                double d = LowRankModelTest.maxDiff(fromFile, exported), s = LowRankModelTest.maxDiff(fromFile, svd);
                System.out.printf("rank level %d: file vs export %.2e, file vs SVD rank-%d model %.2e, vs full %.2e%n", k, d, k, s,
                        LowRankModelTest.maxDiff(fromFile, full));
                assertTrue(d <= 1e-5, "level " + k + " from the file vs its export: " + d);
                assertTrue(s <= 1e-5, "level " + k + " vs the one-shot SVD rank-" + k + " model: " + s);
                assertTrue(LowRankModelTest.maxDiff(fromFile, full) > 1e-2, "level " + k + " differs from the full model");
            }
            try (ModelFile.Loaded f = LevelLoader.load(file, Level.of(6))) {
                assertEquals(0.0, LowRankModelTest.maxDiff(full, LowRankModelTest.logProbs(f.model(), in, T, B)), "level K = full");
            }
            assertThrows(IllegalArgumentException.class, () -> Level.of(2.5), "a rank level is an integer");
            for (double bad : new double[] {3, 7}) {
                var e = assertThrows(ModelFileException.class, () -> LevelLoader.load(file, Level.of(bad)));
                assertTrue(e.getMessage().contains("rank levels are 2,4"), e.getMessage());
            }
            var e = assertThrows(ModelFileException.class, () -> LevelLoader.load(file, Level.of(0.4)));
            assertTrue(e.getMessage().contains("ranks 2,4"), e.getMessage());
        }
        // a plain model has no rank levels
        Path plain = dir.resolve("plain.mlm");
        try (MogrifierLM dense = model(c, 3)) {
            ModelFile.write(plain, dense, vocab, Map.of());
        }
        var e = assertThrows(ModelFileException.class, () -> LevelLoader.load(plain, Level.of(2)));
        assertTrue(e.getMessage().contains("no rank levels"), e.getMessage());
    }

    /** Every parameter uniform(-0.8, 0.8) (double): inputs and states large enough that the mogrifier ranks matter. */
    static MogrifierLM model(ModelConfig c, long seed) {
        MogrifierLM m = new MogrifierLM(c, moglm.model.Precision.DOUBLE);
        java.util.Random r = new java.util.Random(seed);
        for (var p : m.params()) {
            double[] v = new double[(int) p.size()];
            for (int i = 0; i < v.length; i++) v[i] = 1.6 * r.nextDouble() - 0.8;
            m.setParamD(p.name(), v);
        }
        return m;
    }

    @Test void sectionRoundTripsAndRefusesBadBytes() throws IOException {
        RankLevels r = RankLevels.parse("8, 2,4", 16);
        assertEquals("2,4,8", r.toString());
        RankLevels back = RankLevels.fromBytes(r.toBytes(), 16, "f");
        assertArrayEquals(r.ranks(), back.ranks());
        assertThrows(IOException.class, () -> RankLevels.fromBytes(r.toBytes(), 6, "f"), "level 8 of a rank-6 model");
        byte[] b = r.toBytes();
        assertThrows(IOException.class, () -> RankLevels.fromBytes(java.util.Arrays.copyOf(b, b.length - 2), 16, "f"));
        assertThrows(IllegalArgumentException.class, () -> RankLevels.parse("0,2", 16));
        assertThrows(IllegalArgumentException.class, () -> RankLevels.parse("17", 16));
        assertThrows(IllegalArgumentException.class, () -> RankLevels.parse("16", 16), "only the full rank: no level");
        assertThrows(IllegalArgumentException.class, () -> RankLevels.parse("x", 16));
        assertEquals(2, r.rankOf(2));
        assertEquals(new Level.Rank(2), Level.of(2.0));
        assertEquals(Level.DENSE, Level.parse("0"));
        assertEquals(new Level.Sparsity(0.4), Level.parse("0.4"));
        assertThrows(IllegalArgumentException.class, () -> Level.of(-0.1));
        assertEquals(16, r.rankOf(16));
        assertThrows(IllegalArgumentException.class, () -> r.rankOf(3));
    }


    /** export-rank --rank-levels, then ppl --level k equals ppl of export --level k; info lists the rank levels. */
    @Test void commandsHandleRankLevels() throws Exception {
        Vocabulary vocab = Vocabulary.fromWords(WORDS, "<unk>");
        ModelConfig c = new ModelConfig(vocab.size(), 8, 8, 2, 3, 0, true);
        Path src = dir.resolve("src.mlm"), nested = dir.resolve("nested.mlm"), text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat\na dog saw the log\nthe mat is a log\n");
        try (MogrifierLM m = model(c, 9)) {
            ModelFile.write(src, m, vocab, Map.of());
        }
        String ex = run(0, "export-rank", "--rank=5", "--rank-levels=1,3", "-o", nested.toString(), src.toString());
        assertTrue(ex.contains("rank levels 1 (") && ex.contains(" 3 ("), ex);
        Path r3 = dir.resolve("r3.mlm");
        run(0, "export", "--level=3", "-o", r3.toString(), nested.toString());
        String a = pplLine(run(0, "ppl", "--level=3", nested.toString(), text.toString()));
        String b = pplLine(run(0, "ppl", r3.toString(), text.toString()));
        assertEquals(a, b, "ppl of rank level 3 from the nested file = ppl of its export");
        assertNotEquals(a, pplLine(run(0, "ppl", nested.toString(), text.toString())), "level 3 is not the full model");
        String info = run(0, "info", "--text=" + text, nested.toString());
        assertTrue(info.contains("rank levels (nested low-rank, full rank 5 = level 0): 1,3"), info);
        assertTrue(info.contains("low-rank: rank 3 of 5") && info.contains("low-rank: rank 1 of 5"), info);
        assertTrue(run(1, "export", "--level=2", "-o", dir.resolve("x.mlm").toString(), nested.toString()).contains("no rank level 2"));
        // the rescoring commands' loader (lattice-lmrescore-pruned / nbest-rescore --level) selects the same rank level
        try (var loaded = moglm.rescore.neural.ModelLoader.load(nested, Level.of(3), 3, 1 << 20); var f = LevelLoader.load(nested, Level.of(3))) {
            float[] want = new float[(int) f.model().numParams()], got = new float[want.length];
            f.model().getParams(want);
            loaded.file().model().getParams(got);
            assertArrayEquals(want, got, "rescoring loader, rank level 3");
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> moglm.rescore.neural.ModelLoader.load(nested, Level.of(2), 3, 1 << 20));
        assertTrue(bad.getMessage().startsWith("--level=2"), bad.getMessage());
        assertTrue(run(1, "ppl", "--level=4", src.toString(), text.toString()).contains("no rank levels"));
        assertTrue(run(1, "export-rank", "--rank=5", "--rank-levels=6", "-o", dir.resolve("y.mlm").toString(), src.toString())
                .contains("rank level 6 outside 1..5"));
    }

    /** The "ppl N.NNN" part of ppl's result line (timings differ between runs). */
    private static String pplLine(String out) {
        var m = java.util.regex.Pattern.compile("ppl [0-9.]+ \\([^)]*\\)").matcher(out);
        assertTrue(m.find(), out);
        return m.group();
    }
}
