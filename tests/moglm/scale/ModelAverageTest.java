package moglm.scale;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import moglm.cli.Main;
import moglm.distill.OnDemandHook;
import moglm.distill.OnDemandTraining;
import moglm.modelfile.KeyValues;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.level.LevelMasksCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moglm average-models} and the multi-job path of {@code moglm train} ({@code --init-only},
 * {@code --start-from}) on the bundled LJSpeech sample: the mean of identical models is the model
 * bit for bit; the mean of two models is the element-wise weighted mean of a plain reference, for
 * parameters and Adam's moments; mismatched architectures, vocabularies and step counts are refused;
 * on-demand jobs with a schedule aligned to iterations average, misaligned ones are refused.
 */
class ModelAverageTest {
    static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");

    @TempDir Path dir;
    Path a, b;

    private static final List<String> TINY = List.of("--embed-size=12", "--hidden-size=12", "--rounds=2", "--batch-size=4", "--bptt=10",
            "--threads=1", "--checkpoint-minutes=0");

    private static int run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        System.setErr(new PrintStream(buf, true));
        try {
            return Main.commandLine().execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            lastOutput = buf.toString();
        }
    }

    static String lastOutput = "";

    private static void ok(String... args) {
        int rc = run(args);
        assertEquals(0, rc, "moglm " + String.join(" ", args) + "\n" + lastOutput);
    }

    private void train(Path out, String... extra) {
        List<String> l = new ArrayList<>(List.of("train"));
        l.addAll(TINY);
        l.addAll(List.of(extra));
        ok(l.toArray(new String[0]));
    }

    @BeforeEach void splits() throws Exception {
        List<String> all = Files.readAllLines(TEXT);
        a = dir.resolve("a.txt");
        b = dir.resolve("b.txt");
        Files.write(a, all.subList(0, 100));
        Files.write(b, all.subList(100, 200));
    }

    /** An initial checkpoint and two jobs of one iteration started from it (30 updates each). */
    private Path[] twoJobs(String... pruning) {
        Path init = dir.resolve("init");
        List<String> i = new ArrayList<>(List.of("--vocab-size=150", "--init-only"));
        i.addAll(List.of(pruning));
        i.addAll(List.of(TEXT.toString(), init.toString()));
        train(init, i.toArray(new String[0]));
        Path[] out = new Path[2];
        for (int j = 0; j < 2; j++) {
            out[j] = dir.resolve("job" + (j + 1));
            List<String> l = new ArrayList<>(List.of("--words=" + init.resolve("words.txt"), "--start-from=" + init.resolve("checkpoint.mlmc"),
                    "--epochs=50", "--max-steps=30", "--seed=" + (101 + j)));
            l.addAll(List.of(pruning));
            l.addAll(List.of((j == 0 ? a : b).toString(), out[j].toString()));
            train(out[j], l.toArray(new String[0]));
        }
        return new Path[] {out[0].resolve("checkpoint.mlmc"), out[1].resolve("checkpoint.mlmc")};
    }

    @Test void averageOfIdenticalModelsIsTheModelBitForBit() throws Exception {
        Path[] ck = twoJobs();
        Path avg = dir.resolve("same.mlmc");
        ok("average-models", ck[0].toString(), ck[0].toString(), ck[0].toString(), avg.toString());
        SectionFile in = SectionFile.read(ck[0], null), out = SectionFile.read(avg, null);
        int compared = 0;
        for (String name : in.names()) {
            if (name.startsWith("param/") || name.startsWith("optimizer/")) {
                assertArrayEquals(in.floats(name).data(), out.floats(name).data(), name);
                compared++;
            }
        }
        assertTrue(compared > 5, "parameters and optimiser slots compared: " + compared);
        assertEquals(in.text("vocabulary"), out.text("vocabulary"));
        // the model-file form too
        Path m = dir.resolve("same.mlm");
        ok("average-models", ck[0].toString(), ck[0].toString(), m.toString());
        try (ModelFile.Loaded x = ModelFile.read(m); ModelFile.Loaded y = ModelFile.read(ck[0])) {
            assertEquals(ModelFile.CODEC, x.file().codec());
            for (var p : y.model().params()) assertArrayEquals(y.model().getParam(p.name()), x.model().getParam(p.name()), p.name());
            assertFalse(x.file().has("optimizer/m") || x.file().has("trainer"), "a model file carries no training state");
        }
    }

    @Test void averageOfTwoModelsIsElementWise() throws Exception {
        Path[] ck = twoJobs();
        Path avg = dir.resolve("avg.mlmc");
        ok("average-models", "--weights=2:1", ck[0].toString(), ck[1].toString(), avg.toString());
        SectionFile x = SectionFile.read(ck[0], null), y = SectionFile.read(ck[1], null), z = SectionFile.read(avg, null);
        double wx = 2 / 3.0, wy = 1 / 3.0;
        int differing = 0;
        for (String name : x.names()) {
            if (!name.startsWith("param/") && !name.startsWith("optimizer/")) continue;
            float[] p = x.floats(name).data(), q = y.floats(name).data(), r = z.floats(name).data();
            for (int i = 0; i < p.length; i++) {
                float want = (float) (wx * p[i] + wy * q[i]);   // the plain reference
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(r[i]), name + "[" + i + "]");
                if (p[i] != q[i]) differing++;
            }
        }
        assertTrue(differing > 1000, "the two jobs' models differ (different text and seeds): " + differing);
        var tm = KeyValues.parse(z.text("trainer"), "trainer");
        assertEquals("30", tm.get("step"), "the step count of the jobs");
        assertEquals(Long.parseLong(KeyValues.parse(x.text("trainer"), "x").get("tokens"))
                + Long.parseLong(KeyValues.parse(y.text("trainer"), "y").get("tokens")), Long.parseLong(tm.get("tokens")));
        for (float v : z.floats("state").data()) assertEquals(0f, v, "the averaged checkpoint carries a zero state");
        // the next iteration starts from the average: the step count goes on
        Path next = dir.resolve("next");
        train(next, "--start-from=" + avg, "--epochs=50", "--max-steps=40", a.toString(), next.toString());
        assertTrue(lastOutput.contains("steps 40 tokens 400 "), lastOutput);
    }

    @Test void mismatchedModelsAreRefused() throws Exception {
        Path[] ck = twoJobs();
        Path other = dir.resolve("other");
        train(other, "--vocab-size=150", "--layers=1", "--init-only", TEXT.toString(), other.toString());
        assertEquals(1, run("average-models", ck[0].toString(), other.resolve("checkpoint.mlmc").toString(), dir.resolve("x.mlmc").toString()));
        assertTrue(lastOutput.contains("different models: layers is 2 in"), lastOutput);
        Path vocab = dir.resolve("vocab");
        train(vocab, "--vocab-size=120", "--init-only", TEXT.toString(), vocab.toString());
        assertEquals(1, run("average-models", ck[0].toString(), vocab.resolve("checkpoint.mlmc").toString(), dir.resolve("x.mlmc").toString()));
        assertTrue(lastOutput.contains("different models: vocab_size"), lastOutput);
        assertEquals(1, run("average-models", ck[0].toString(), dir.resolve("init/checkpoint.mlmc").toString(), dir.resolve("x.mlmc").toString()));
        assertTrue(lastOutput.contains("different numbers of updates: 30 in"), lastOutput);
        assertEquals(1, run("average-models", ck[0].toString(), dir.resolve("job1/final.mlm").toString(), dir.resolve("x.mlmc").toString()));
        assertTrue(lastOutput.contains("is a 'moglm-model' file"), lastOutput);
        assertEquals(1, run("average-models", "--weights=1:0", ck[0].toString(), ck[1].toString(), dir.resolve("x.mlmc").toString()));
        assertTrue(lastOutput.contains("weights must be positive"), lastOutput);
        assertFalse(Files.exists(dir.resolve("x.mlmc")), "nothing written on a refusal");
    }

    @Test void startFromRefusesACheckpointOfAnotherArchitecture() throws Exception {
        Path[] ck = twoJobs();
        List<String> l = new ArrayList<>(List.of("train"));
        l.addAll(TINY);
        l.addAll(List.of("--layers=1", "--start-from=" + ck[0], "--max-steps=40", a.toString(), dir.resolve("bad").toString()));
        assertEquals(1, run(l.toArray(new String[0])));
        assertTrue(lastOutput.contains("the checkpoint's model is ModelConfig[") && lastOutput.contains("layers=2"), lastOutput);
    }

    @Test void onDemandJobsAverageWhenTheScheduleUpdatesAtIterationStarts() throws Exception {
        // masks updated at steps 0 (fraction 0) and 30 (final): the jobs run steps 0..29, so their masks in force agree
        Path[] ck = twoJobs("--levels=0.3,0.6", "--distill=online", "--prune-schedule=cubic:0:30:30");
        Path avg = dir.resolve("od.mlmc");
        ok("average-models", ck[0].toString(), ck[1].toString(), avg.toString());
        SectionFile z = SectionFile.read(avg, null);
        assertTrue(z.has(OnDemandHook.RESUME_SECTION));
        assertFalse(z.has(LevelMasksCodec.SECTION), "before the final levels the per-job level previews are left out");
        assertEquals(0.0, OnDemandTraining.peekResume(z.bytes(OnDemandHook.RESUME_SECTION), "avg").fraction());
        // the next iteration reaches the final levels at its first step, in every job alike, from the averaged weights
        Path[] next = new Path[2];
        for (int j = 0; j < 2; j++) {
            Path o = dir.resolve("od" + j);
            train(o, "--levels=0.3,0.6", "--distill=online", "--prune-schedule=cubic:0:30:30", "--start-from=" + avg, "--epochs=50",
                    "--max-steps=60", "--seed=" + (201 + j), (j == 0 ? a : b).toString(), o.toString());
            next[j] = o.resolve("checkpoint.mlmc");
        }
        Path avg2 = dir.resolve("od2.mlm");
        ok("average-models", next[0].toString(), next[1].toString(), avg2.toString());
        SectionFile m = SectionFile.read(avg2, null);
        assertTrue(m.has(LevelMasksCodec.SECTION), "final levels: the masks are kept");
        assertArrayEquals(SectionFile.read(next[0], null).bytes(LevelMasksCodec.SECTION), m.bytes(LevelMasksCodec.SECTION));
        ok("ppl", "--level=0.6", "--threads=1", avg2.toString(), a.toString());
    }

    @Test void onDemandJobsWithAnUpdateInsideTheIterationAreRefused() throws Exception {
        Path[] ck = twoJobs("--levels=0.3,0.6", "--prune-schedule=cubic:10:20:10");
        assertEquals(1, run("average-models", ck[0].toString(), ck[1].toString(), dir.resolve("x.mlmc").toString()));
        assertTrue(lastOutput.contains("masks in force differ"), lastOutput);
    }
}
