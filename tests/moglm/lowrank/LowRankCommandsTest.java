package moglm.lowrank;

import static moglm.testutil.MoglmCli.run;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import moglm.modelfile.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental low-rank end to end on the bundled LJSpeech sample: a full-rank model, then
 * {@code train --granularity lowrank --rank 4 --init-from} and again to rank 2 from the rank-4
 * model; {@code export-rank} truncates one-shot (exactly the SVD truncation). Checks ranks,
 * sizes, the log lines of the initialisation, and the refusals.
 */
class LowRankCommandsTest {
    static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
    static final Path VALID = Path.of("tests/moglm/train/data/ljspeech_lm_valid60.txt");

    @TempDir Path dir;


    private String[] train(Path out, String... extra) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train", "--embed-size=12", "--hidden-size=12",
                "--rounds=2", "--batch-size=4", "--bptt=10", "--epochs=1", "--lr=0.004", "--threads=1", "--checkpoint-minutes=0",
                "--words=" + dir.resolve("words.txt"), "--valid-text=" + VALID));
        a.addAll(java.util.List.of(extra));
        a.add(dir.resolve("train.txt").toString());
        a.add(out.toString());
        return a.toArray(new String[0]);
    }

    /** A factored model trains from scratch, checkpoints, resumes, and its element masks see the factors. */
    @Test void factoredModelTrainsAndResumes() throws Exception {
        Files.write(dir.resolve("train.txt"), Files.readAllLines(TEXT).subList(0, 40));
        Path out = dir.resolve("fact");
        String[] base = {"train", "--embed-size=10", "--hidden-size=10", "--rounds=1", "--lstm-rank=6", "--embed-rank=5",
                "--batch-size=4", "--bptt=8", "--threads=1", "--vocab-size=120", "--checkpoint-minutes=0"};
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(base));
        a.addAll(java.util.List.of("--epochs=1", dir.resolve("train.txt").toString(), out.toString()));
        String log1 = run(0, a.toArray(new String[0]));
        assertTrue(log1.contains("lstm-rank=6 embed-rank=5"), log1);
        java.util.List<String> b = new java.util.ArrayList<>(java.util.List.of(base));
        b.addAll(java.util.List.of("--epochs=2", "--resume", dir.resolve("train.txt").toString(), out.toString()));
        String log2 = run(0, b.toArray(new String[0]));
        assertTrue(log2.contains("resuming from"), log2);
        try (ModelFile.Loaded m = ModelFile.read(out.resolve("final.mlm"))) {
            assertEquals(6, m.model().config().lstmRank());
            assertEquals(5, m.model().config().embedRank());
            assertEquals(moglm.level.PruneTarget.EMBEDDING, moglm.level.PruneTarget.of("embed.left"));
            assertEquals(moglm.level.PruneTarget.LSTM, moglm.level.PruneTarget.of("layer0.lstm.right"));
            assertEquals(moglm.level.PruneTarget.OUTPUT, moglm.level.PruneTarget.of("out.left"));
        }
    }

    @Test void incrementalRanksAndOneShotExport() throws Exception {
        Files.write(dir.resolve("train.txt"), Files.readAllLines(TEXT).subList(0, 60));
        Path full = dir.resolve("full");
        run(0, "train", "--embed-size=12", "--hidden-size=12", "--rounds=2", "--batch-size=4", "--bptt=10", "--epochs=1",
                "--threads=1", "--checkpoint-minutes=0", "--vocab-size=150", dir.resolve("train.txt").toString(), full.toString());
        Files.copy(full.resolve("words.txt"), dir.resolve("words.txt"));
        Path r4 = dir.resolve("r4"), r2 = dir.resolve("r2");
        String log4 = run(0, train(r4, "--rank=4", "--granularity=lowrank", "--init-from=" + full.resolve("final.mlm")));
        assertTrue(log4.contains("ranks mogrifier/lstm/embed full/full/full -> 4/full/full by SVD truncation"), log4);
        String log2 = run(0, train(r2, "--rank=2", "--granularity=lowrank", "--init-from=" + r4.resolve("final.mlm")));
        assertTrue(log2.contains("ranks mogrifier/lstm/embed 4/full/full -> 2/full/full by SVD truncation"), log2);
        // the chain goes on into factored LSTM and embedding/output matrices
        Path f8 = dir.resolve("f8");
        String logf = run(0, train(f8, "--rank=2", "--lstm-rank=8", "--embed-rank=6", "--granularity=lowrank",
                "--init-from=" + r2.resolve("final.mlm")));
        assertTrue(logf.contains("2/full/full -> 2/8/6 by SVD truncation"), logf);
        Path oneShotF = dir.resolve("f-oneshot.mlm");
        String ex = run(0, "export-rank", "--lstm-rank=8", "--embed-rank=6", "-o", oneShotF.toString(), r2.resolve("final.mlm").toString());
        assertTrue(ex.contains("ranks mogrifier 2, lstm 8, embed 6"), ex);
        try (ModelFile.Loaded t = ModelFile.read(f8.resolve("final.mlm")); ModelFile.Loaded o = ModelFile.read(oneShotF);
             ModelFile.Loaded src = ModelFile.read(r2.resolve("final.mlm"))) {
            assertEquals(src.model().config().withRanks(2, 8, 6), t.model().config());
            assertEquals(t.model().config(), o.model().config());
            assertTrue(o.model().numParams() < src.model().numParams());
            try (var direct = LowRank.toRanks(src.model(), 2, 8, 6)) {
                assertArrayEquals(direct.getParam("embed.left"), o.model().getParam("embed.left"), 0f);
                assertArrayEquals(direct.getParam("layer1.lstm.right"), o.model().getParam("layer1.lstm.right"), 0f);
            }
        }
        Path oneShot = dir.resolve("r2-oneshot.mlm");
        run(0, "export-rank", "--rank=2", "-o", oneShot.toString(), full.resolve("final.mlm").toString());
        try (ModelFile.Loaded f = ModelFile.read(full.resolve("final.mlm")); ModelFile.Loaded a = ModelFile.read(r4.resolve("final.mlm"));
             ModelFile.Loaded b = ModelFile.read(r2.resolve("final.mlm")); ModelFile.Loaded o = ModelFile.read(oneShot)) {
            assertEquals(4, a.model().config().rank());
            assertEquals(2, b.model().config().rank());
            assertEquals(2, o.model().config().rank());
            assertTrue(f.model().numParams() > a.model().numParams() && a.model().numParams() > b.model().numParams());
            assertEquals(b.model().numParams(), o.model().numParams());
            // the one-shot export is exactly the SVD truncation of the full model
            try (var direct = LowRank.toRank(f.model(), 2)) {
                assertArrayEquals(direct.getParam("layer1.mog2.left"), o.model().getParam("layer1.mog2.left"), 0f);
            }
        }
        assertTrue(run(1, train(dir.resolve("bad"), "--rank=2", "--granularity=lowrank")).contains("needs --init-from"));
        assertTrue(run(1, train(dir.resolve("bad2"), "--init-from=" + oneShot)).contains("--init-from goes with --granularity lowrank"));
        assertTrue(run(1, "export-rank", "--rank=40", "-o", dir.resolve("x.mlm").toString(), full.resolve("final.mlm").toString())
                .contains("rank (mogrifier) must be in 0..12"));
        assertTrue(run(1, "export-rank", "-o", dir.resolve("x.mlm").toString(), full.resolve("final.mlm").toString())
                .contains("give at least one of --rank, --lstm-rank, --embed-rank"));
    }
}
