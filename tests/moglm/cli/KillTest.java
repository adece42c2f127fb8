package moglm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import moglm.modelfile.ModelFile;
import moglm.modelfile.ModelFiles;
import moglm.testutil.Checkpoints;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: {@code kill -9} at random moments. Training killed and resumed ends bit-identical to
 * an uninterrupted run; rescoring killed leaves its output as it was before or complete, never
 * a mix that a later step would read as whole.
 *
 * <p>Each test kills once per trial at a random moment of the run (seed printed for reproduction);
 * {@code -Dmoglm.killTrials=N} runs N trials ({@code recipes/fuzz/kill.sh}); CI runs 1.
 */
class KillTest {
    @TempDir Path tmp;

    static final int TRIALS = Integer.getInteger("moglm.killTrials", 1);
    static final long SEED = Long.getLong("moglm.killSeed", System.nanoTime());

    /** The command line that runs moglm in a fresh JVM (the build's classes and runtime jars). */
    static List<String> moglm(String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Path.of("target/classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).strip();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-cp", cp, "moglm.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    static Process start(Path log, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(moglm(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        return pb.start();
    }

    /** Runs to the end; returns the wall time in ms. */
    static long runToEnd(Path log, String... args) throws Exception {
        long t0 = System.nanoTime();
        Process p = start(log, args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", args));
        assertEquals(0, p.exitValue(), "moglm " + String.join(" ", args) + ":\n" + Files.readString(log));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Starts a run and kills it with SIGKILL after {@code ms}; true if it was still running. */
    static boolean killAfter(long ms, Path log, String... args) throws Exception {
        Process p = start(log, args);
        boolean ended = p.waitFor(ms, TimeUnit.MILLISECONDS);
        if (!ended) {
            p.destroyForcibly();   // SIGKILL on Linux
            p.waitFor();
        }
        return !ended;
    }

    static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) return m;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return m;
    }

    static boolean same(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (String k : a.keySet()) if (!Arrays.equals(a.get(k), b.get(k))) return false;
        return true;
    }

    // ------------------------------------------------------------------ training

    static void writeText(Path p, Random r, int sentences) throws IOException {
        String[] w = {"the", "printing", "press", "was", "a", "new", "art", "in", "those", "days", "of", "books"};
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            int n = 3 + r.nextInt(8);
            for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(w[r.nextInt(w.length)]);
            sb.append('\n');
        }
        Files.writeString(p, sb);
    }

    @Test void trainingKilledAtRandomResumesBitIdentically() throws Exception {
        Random rnd = new Random(SEED);
        System.out.println("KillTest training seed " + SEED);
        Path train = tmp.resolve("train.txt"), valid = tmp.resolve("valid.txt");
        writeText(train, new Random(1), 400);
        writeText(valid, new Random(2), 40);
        String[] opts = {"train", "--valid-text=" + valid, "--hidden-size=8", "--embed-size=8", "--rounds=2", "--epochs=4",
                "--batch-size=4", "--bptt=8", "--threads=1", "--seed=3", "--checkpoint-minutes=0.0005",
                "--progress-interval=1000"};
        Path ref = tmp.resolve("ref");
        long ms = runToEnd(tmp.resolve("ref.log"), concat(opts, train.toString(), ref.toString()));
        for (int t = 0; t < TRIALS; t++) {
            Path out = tmp.resolve("killed" + t);
            long at = (long) (ms * (0.35 + 0.65 * rnd.nextDouble()));   // after JVM start-up, mostly
            boolean killed = killAfter(at, tmp.resolve("k" + t + ".log"), concat(opts, train.toString(), out.toString()));
            boolean canResume = Files.exists(out.resolve("checkpoint.mlmc"));
            String[] again = canResume ? concat(concat(opts, "--resume"), train.toString(), out.toString())
                    : concat(opts, train.toString(), out.toString());
            runToEnd(tmp.resolve("r" + t + ".log"), again);
            String what = "trial " + t + " killed at " + at + " ms of " + ms + (killed ? "" : " (had ended)")
                    + (canResume ? ", resumed" : ", restarted: no checkpoint yet");
            System.out.println("KillTest training " + what);
            assertArrayEquals(Checkpoints.params(ref.resolve("checkpoint.mlmc")), Checkpoints.params(out.resolve("checkpoint.mlmc")), what);
            try (ModelFile.Loaded a = ModelFile.read(ref.resolve("final.mlm")); ModelFile.Loaded b = ModelFile.read(out.resolve("final.mlm"))) {
                float[] pa = new float[(int) a.model().numParams()], pb = new float[pa.length];
                a.model().getParams(pa);
                b.model().getParams(pb);
                assertArrayEquals(pa, pb, what + ": final.mlm");
            }
            assertEquals(Checkpoints.metricsWithoutTimes(ref.resolve("metrics.jsonl")),
                    Checkpoints.metricsWithoutTimes(out.resolve("metrics.jsonl")), what + ": metrics");
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ------------------------------------------------------------------ rescoring

    @Test void rescoringKilledAtRandomLeavesOldOrCompleteOutput() throws Exception {
        Random rnd = new Random(SEED + 1);
        System.out.println("KillTest rescoring seed " + SEED);
        Path model = ModelFiles.writeTiny(tmp.resolve("tiny.mlm"));
        Vocabulary v = ModelFiles.vocabulary();
        Path arpa = tmp.resolve("lm.arpa");
        Files.writeString(arpa, String.join("\n", "\\data\\", "ngram 1=7", "", "\\1-grams:", "-1.0\t</s>", "-99\t<s>\t-0.5",
                "-0.7\ta", "-0.7\tb", "-0.8\tc", "-0.9\td", "-1.2\t<unk>", "", "\\end\\", ""));
        Path in = Files.createDirectories(tmp.resolve("nbest_in"));
        StringBuilder ti = new StringBuilder(), lm = new StringBuilder(), ac = new StringBuilder();
        Random r = new Random(5);
        for (int u = 0; u < 800; u++) {
            for (int k = 1; k <= 4; k++) {
                String key = "utt" + u + "-" + k;
                ti.append(key);
                for (int i = 0; i < 2 + r.nextInt(10); i++) ti.append(' ').append(v.kaldiId(ModelFiles.WORDS.get(r.nextInt(4))));
                ti.append('\n');
                lm.append(key).append(' ').append(10 + r.nextInt(100) / 7.0).append('\n');
                ac.append(key).append(' ').append(100 + r.nextInt(1000) / 3.0).append('\n');
            }
        }
        Files.writeString(in.resolve("trans.int"), ti);
        Files.writeString(in.resolve("lmcost"), lm);
        Files.writeString(in.resolve("accost"), ac);

        Path out = tmp.resolve("nbest_out");
        // the output of an earlier run (another lm-scale), and the complete output of this one
        runToEnd(tmp.resolve("old.log"), "nbest-rescore", "--lm-scale=0.25", arpa.toString(), model.toString(), in.toString(), out.toString());
        Map<String, byte[]> old = contents(out);
        Path full = tmp.resolve("full");
        long ms = runToEnd(tmp.resolve("full.log"), "nbest-rescore", arpa.toString(), model.toString(), in.toString(), full.toString());
        Map<String, byte[]> complete = contents(full);
        assertFalse(same(old, complete));
        for (int t = 0; t < TRIALS; t++) {
            long at = (long) (ms * (0.5 + 0.55 * rnd.nextDouble()));     // the writing is at the end
            killAfter(at, tmp.resolve("k" + t + ".log"), "nbest-rescore", arpa.toString(), model.toString(), in.toString(), out.toString());
            Map<String, byte[]> now = contents(out);
            System.out.println("KillTest rescoring trial " + t + " killed at " + at + " ms of " + ms + ": output "
                    + (same(now, old) ? "as before" : same(now, complete) ? "complete" : "MIXED"));
            assertTrue(same(now, old) || same(now, complete),
                    "trial " + t + ": killed at " + at + " ms of " + ms + ", the output directory is neither the old one nor complete: "
                            + now.keySet());
            old = now;   // the next trial starts from what this one left
        }
        // a later run cleans the temporaries that the killed runs left, and completes
        runToEnd(tmp.resolve("last.log"), "nbest-rescore", arpa.toString(), model.toString(), in.toString(), out.toString());
        assertTrue(same(contents(out), complete));
        try (Stream<Path> s = Files.list(tmp)) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".nbest_out.")).toList();
            assertEquals(List.of(), left, "temporaries of killed writers");
        }
    }
}
