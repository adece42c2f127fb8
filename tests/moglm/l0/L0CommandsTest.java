package moglm.l0;

import static moglm.testutil.MoglmCli.run;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moglm.modelfile.ModelFile;
import moglm.train.Corpus;
import moglm.train.Evaluator;
import moglm.train.TextFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the bundled LJSpeech sample: {@code moglm train --granularity l0 --target-size}
 * writes the gates into final.mlm, {@code moglm export-l0} writes a smaller model whose
 * perplexity is that of the model with its deterministic gates applied as masks.
 */
class L0CommandsTest {
    static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
    static final Path VALID = Path.of("tests/moglm/train/data/ljspeech_lm_valid60.txt");

    @TempDir Path dir;


    @Test void trainL0ThenExportSmallerModel() throws Exception {
        Path train = dir.resolve("train.txt");
        Files.write(train, Files.readAllLines(TEXT).subList(0, 80));
        Path out = dir.resolve("l0");
        String log = run(0, "train", "--embed-size=12", "--hidden-size=12", "--rounds=2", "--batch-size=4", "--bptt=10",
                "--epochs=3", "--lr=0.004", "--vocab-size=200", "--threads=1", "--checkpoint-minutes=0",
                "--granularity=l0", "--target-size=0.6", "--l0-warmup=20", "--l0-lr=0.1", "--l0-lambda-lr=0.2", "--kd-hidden-weight=2",
                "--valid-text=" + VALID, train.toString(), out.toString());
        assertTrue(log.contains("l0: expected size"), log);
        Path model = out.resolve("final.mlm");
        Path small = dir.resolve("small.mlm");
        String ex = run(0, "export-l0", "-o", small.toString(), model.toString());
        try (ModelFile.Loaded m = ModelFile.read(model); ModelFile.Loaded s = ModelFile.read(small)) {
            UnitGates g = UnitGates.fromBytes(m.model().config(), m.file().bytes(L0Hook.GATES_SECTION), "model");
            int keep = g.deterministicKeep();
            assertEquals(keep, s.model().config().hiddenSize(), ex);
            assertTrue(keep < 12, "the gates closed some units: " + ex + "\n" + log);
            assertTrue(s.model().numParams() < m.model().numParams());
            assertTrue(Files.size(small) < Files.size(model));
            Corpus valid = Corpus.read(VALID, m.vocabulary(), TextFormat.PLAIN);
            g.apply(m.model(), g.deterministic(keep));
            double gated = Evaluator.evaluate(m.model(), valid, 1, 20, false).perplexity();
            double exported = Evaluator.evaluate(s.model(), valid, 1, 20, false).perplexity();
            assertEquals(gated, exported, 1e-4 * gated, "exported model = gated model");
        }
        run(1, "export-l0", "-o", dir.resolve("x.mlm").toString(), small.toString());   // no gates: refused
        List<String> bad = List.of("train", "--target-size=0.5", train.toString(), dir.resolve("bad").toString());
        assertTrue(run(1, bad.toArray(new String[0])).contains("--target-size goes with --granularity l0"));
        assertTrue(run(1, "train", "--kd-hidden-weight=1", train.toString(), dir.resolve("bad2").toString())
                .contains("--kd-hidden-weight goes with --granularity l0 or with --levels"));
        assertTrue(run(1, "train", "--levels=0.5", "--kd-hidden-weight=1", train.toString(), dir.resolve("bad3").toString())
                .contains("--kd-hidden-weight needs a teacher"));
    }

    /**
     * {@code --l0-structures=units,gate-rows,mog}: final.mlm carries the structure gates;
     * export-l0 writes a sparse file, smaller than the trained model, whose perplexity is that of
     * the model with its deterministic gates as masks, and whose non-zero count it prints.
     * embed on a tied model and --l0-structures without --granularity l0 are refused.
     */
    @Test void trainStructuresThenExport() throws Exception {
        Path train = dir.resolve("train.txt");
        Files.write(train, Files.readAllLines(TEXT).subList(0, 80));
        Path out = dir.resolve("l0s");
        List<String> common = List.of("train", "--embed-size=12", "--hidden-size=12", "--rounds=2", "--batch-size=4", "--bptt=10",
                "--epochs=3", "--lr=0.004", "--vocab-size=200", "--threads=1", "--checkpoint-minutes=0",
                "--granularity=l0", "--target-size=0.6", "--l0-warmup=20", "--l0-lr=0.1", "--l0-lambda-lr=0.2");
        List<String> args = new java.util.ArrayList<>(common);
        args.addAll(List.of("--l0-structures=units,gate-rows,mog", "--valid-text=" + VALID, train.toString(), out.toString()));
        String log = run(0, args.toArray(new String[0]));
        assertTrue(log.contains("l0: the deterministic model keeps units"), log);
        Path model = out.resolve("final.mlm");
        Path small = dir.resolve("small.mlm");
        String ex = run(0, "export-l0", "-o", small.toString(), model.toString());
        assertTrue(ex.contains(" non-zero ("), ex);
        try (ModelFile.Loaded m = ModelFile.read(model); ModelFile.Loaded s = ModelFile.read(small)) {
            assertFalse(m.file().has(L0Hook.GATES_SECTION));
            StructureGates g = StructureGates.fromBytes(m.model().config(), m.file().bytes(L0Hook.STRUCTURE_GATES_SECTION), "model");
            assertTrue(Files.size(small) < Files.size(model), ex);
            long nonZero = moglm.prune.LevelExport.nonZero(s.model());
            assertTrue(ex.contains(" " + nonZero + " non-zero"), ex);
            assertTrue(nonZero < 0.8 * m.model().numParams(), ex + "\n" + log);
            Corpus valid = Corpus.read(VALID, m.vocabulary(), TextFormat.PLAIN);
            g.apply(m.model(), g.deterministic());
            double gated = Evaluator.evaluate(m.model(), valid, 1, 20, false).perplexity();
            m.model().clearMasks();
            double exported = Evaluator.evaluate(s.model(), valid, 1, 20, false).perplexity();
            assertEquals(gated, exported, 1e-4 * gated, "exported model = gated model");
        }
        assertTrue(run(1, "export-l0", "--keep=3", "-o", dir.resolve("k.mlm").toString(), model.toString()).contains("--keep applies"));
        List<String> embed = new java.util.ArrayList<>(common);
        embed.addAll(List.of("--l0-structures=units,embed", train.toString(), dir.resolve("bad-embed").toString()));
        assertTrue(run(1, embed.toArray(new String[0])).contains("top layer's hidden units"));
        assertTrue(run(1, "train", "--l0-structures=mog", train.toString(), dir.resolve("bad-s").toString())
                .contains("--l0-structures goes with --granularity l0"));
    }
}
