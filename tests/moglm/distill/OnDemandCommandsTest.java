package moglm.distill;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import moglm.cli.Main;
import moglm.modelfile.ModelFile;
import moglm.level.LevelMasks;
import moglm.level.Level;
import moglm.level.LevelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the command line on the bundled LJSpeech sample: {@code moglm train --levels}
 * (structured, online distillation) writes one file with every level; {@code moglm info},
 * {@code moglm ppl --level} and {@code moglm export} agree on each level's perplexity and size;
 * {@code moglm train --prune-to} keeps its pruned weights at exactly zero through Adam updates.
 */
class OnDemandCommandsTest {
    static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
    static final Path VALID = Path.of("tests/moglm/train/data/ljspeech_lm_valid60.txt");

    @TempDir Path dir;

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            int rc = Main.commandLine().execute(args);
            assertEquals(0, rc, "exit code of moglm " + String.join(" ", args) + "\n" + buf);
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    private static final String[] TINY = {"--embed-size=12", "--hidden-size=12", "--rounds=2", "--batch-size=4", "--bptt=10",
            "--epochs=2", "--lr=0.004", "--vocab-size=200", "--threads=1", "--checkpoint-minutes=0"};

    private String[] args(String... extra) throws Exception {
        Path train = dir.resolve("train.txt");
        if (!Files.exists(train)) Files.write(train, Files.readAllLines(TEXT).subList(0, 80));
        List<String> a = new java.util.ArrayList<>(List.of("train"));
        a.addAll(List.of(TINY));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test void onDemandStructuredLevelsThroughTrainInfoPplAndExport() throws Exception {
        Path out = dir.resolve("od");
        String[] a = args("--levels=0.25,0.5", "--granularity=unit", "--distill=online", "--kd-alpha=0.5", "--kd-temp=2", "--kd-hidden-weight=1",
                "--prune-schedule=cubic:0:20:10", "--valid-text=" + VALID, dir.resolve("train.txt").toString(), out.toString());
        assertTrue(run(a).contains("finished true"));
        Path model = out.resolve("final.mlm");
        try (ModelFile.Loaded m = ModelFile.read(model)) {
            LevelMasks masks = LevelLoader.masks(m);
            assertNotNull(masks, "model file carries the levels");
            assertEquals("unit", masks.granularity());
            assertTrue(masks.keptParams(1) < masks.keptParams(0));
        }
        String info = run("info", "--text=" + VALID, "--batch-size=1", "--threads=1", "--repeats=2", model.toString());
        for (String level : new String[] {"0.0", "0.25", "0.5"}) {
            Matcher row = Pattern.compile("(?m)^" + Pattern.quote(level) + "\\s.*?(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+(\\d+)$").matcher(info);
            assertTrue(row.find(), "row for level " + level + " in\n" + info);
            Matcher speed = Pattern.compile("(?m)^  level " + Pattern.quote(level)
                    + "\\s+tokens/s\\s+(\\d+)\\s+x-dense\\s+([0-9.]+)\\s+tokens/cpu-s\\s+(\\d+)$").matcher(info);
            assertTrue(speed.find(), "speed line for level " + level + " in\n" + info);
            assertEquals(row.group(5), speed.group(1), "the table's tokens/s is the side-by-side best round");
            assertTrue(Long.parseLong(speed.group(3)) > 0, "CPU-time speed measured\n" + info);
            if (level.equals("0.0")) assertEquals("1.00", speed.group(2), "the dense row is the x-dense reference");
            String ppl = row.group(4);
            String p = run("ppl", "--level=" + level, "--threads=1", model.toString(), VALID.toString());
            assertTrue(p.contains("ppl " + ppl + " "), "ppl --level " + level + " = info's " + ppl + "\n" + p);
            if (!level.equals("0.0")) {
                Path small = dir.resolve("small-" + level + ".mlm");
                run("export", "--level=" + level, "-o", small.toString(), model.toString());
                assertEquals(Long.parseLong(row.group(3)), Files.size(small), "info reports the export's file size");
                assertTrue(Files.size(small) < Files.size(model));
                String ps = run("ppl", "--threads=1", small.toString(), VALID.toString());
                double exported = Double.parseDouble(ps.replaceAll("(?s).*ppl ([0-9.]+) .*", "$1"));
                assertEquals(Double.parseDouble(ppl), exported, 1e-3 * exported, "exported model's perplexity");
            }
        }
    }

    @Test void prunedModelKeepsItsZerosThroughAdam() throws Exception {
        Path out = dir.resolve("pruned");
        String o = run(args("--prune-to=0.5", "--prune-schedule=oneshot:5", dir.resolve("train.txt").toString(), out.toString()));
        assertTrue(o.contains("finished true"), o);
        try (ModelFile.Loaded m = ModelFile.read(out.resolve("final.mlm"))) {
            for (String name : new String[] {"embed", "layer0.lstm.weight", "layer1.mog2.weight"}) {
                float[] w = m.model().getParam(name);
                int zeros = 0;
                for (float v : w) if (v == 0f) zeros++;
                assertEquals(Math.round(0.5 * w.length), zeros, String.format(Locale.ROOT, "zeros of %s after training", name));
            }
            LevelMasks masks = LevelLoader.masks(m);
            float[] mask = masks.flatMask(0);
            float[] p = new float[mask.length];
            m.model().getParams(p);
            for (int i = 0; i < p.length; i++) if (mask[i] == 0f) assertEquals(0f, Math.abs(p[i]), "pruned parameter " + i);
        }
        // the deployable element export is in sparse storage; info on it reports that file's size
        Path small = dir.resolve("pruned-0.5.mlm");
        run("export", "--level=0.5", "-o", small.toString(), out.resolve("final.mlm").toString());
        assertTrue(Files.size(small) < Files.size(out.resolve("final.mlm")), "sparse storage is smaller");
        String info = run("info", small.toString());
        Matcher row = Pattern.compile("(?m)^0\\.0\\s.*?(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(info);
        assertTrue(row.find(), info);
        assertEquals(Files.size(small), Long.parseLong(row.group(3)), "file-bytes of a model without levels\n" + info);
    }
}
