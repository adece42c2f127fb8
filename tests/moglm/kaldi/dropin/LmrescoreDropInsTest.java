package moglm.kaldi.dropin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import moglm.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance test of recipes/kaldi/lmrescore_pruned.sh and lmrescore_nbest.sh: they run with
 * Kaldi's argument order on a Kaldi-layout experiment built from the bundled lattices
 * (lattices/ljspeech-dev20: 4 utterances, in 2 jobs for the pruned script and 1 for the n-best
 * one) and model (lattices/model), and their outputs
 * equal what the moglm commands give directly; Kaldi's option-parsing rules hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LmrescoreDropInsTest {
    /** Four of the smallest bundled lattices (fast); job 1 gets the first two. */
    static final String[] UTTS = {"LJ001-0002", "LJ001-0004", "LJ001-0008", "LJ001-0010"};
    @TempDir static Path work;
    Path repo, moglm, bundle, model, arpa;

    /** Result of one script run. */
    record Run(int exitCode, String output) {}

    @BeforeAll void layout() throws IOException {
        repo = Paths.get("").toAbsolutePath();
        Path cpFile = repo.resolve("target/test-classpath.txt");
        Assumptions.assumeTrue(Files.exists(cpFile), "skipped: target/test-classpath.txt not generated");
        Assumptions.assumeTrue(Files.isExecutable(Paths.get("/bin/bash")), "skipped: no bash");
        moglm = work.resolve("moglm");
        Files.writeString(moglm, "#!/bin/sh\nexec '" + Paths.get(System.getProperty("java.home"), "bin", "java")
                + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '" + repo.resolve("target/classes") + ":" + Files.readString(cpFile).trim()
                + "' moglm.cli.Main \"$@\"\n");
        moglm.toFile().setExecutable(true);
        bundle = repo.resolve("lattices/ljspeech-dev20");
        model = repo.resolve("lattices/model/ljspeech-od.mlm");
        arpa = repo.resolve("lattices/model/lm_3gram.arpa.gz");
        // a Kaldi experiment: data/lang (words.txt, the old LM), exp/moglm (final.mlm), data/dev, exp/decode
        Files.createDirectories(work.resolve("data/lang"));
        Files.createDirectories(work.resolve("data/dev"));
        Files.createDirectories(work.resolve("exp/moglm"));
        Files.createDirectories(work.resolve("exp/decode"));
        Files.copy(bundle.resolve("words.txt"), work.resolve("data/lang/words.txt"));
        Files.copy(arpa, work.resolve("data/lang/G.arpa.gz"));
        Files.copy(model, work.resolve("exp/moglm/final.mlm"));
        List<String> text = new ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve("text")))
            for (String u : UTTS) if (line.startsWith(u + " ")) text.add(line);
        Files.write(work.resolve("data/dev/text"), text);
        for (int job = 1; job <= 2; job++) {
            Path include = work.resolve("utts." + job);
            Files.write(include, List.of(UTTS).subList(2 * (job - 1), 2 * job));
            cli("lattice-copy", "--include=" + include, "ark:gunzip -c " + bundle.resolve("lat.1.gz") + "|",
                    "ark:|gzip -c >" + work.resolve("exp/decode/lat." + job + ".gz"));
        }
        Files.writeString(work.resolve("exp/decode/num_jobs"), "2\n");
        Files.createDirectories(work.resolve("exp/decode1"));
        Files.write(work.resolve("utts.all"), List.of(UTTS));
        cli("lattice-copy", "--include=" + work.resolve("utts.all"), "ark:gunzip -c " + bundle.resolve("lat.1.gz") + "|",
                "ark:|gzip -c >" + work.resolve("exp/decode1/lat.1.gz"));
        Files.writeString(work.resolve("exp/decode1/num_jobs"), "1\n");
    }

    @Test void prunedDropInEqualsTheCommandAndScores() throws Exception {
        Run r = script("lmrescore_pruned.sh", "--cmd", "run.pl", "--weight", "0.5", "--max-ngram-order", "4",
                "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/decode_rnnlm");
        assertEquals(0, r.exitCode(), r.output());
        Path out = work.resolve("exp/decode_rnnlm");
        assertEquals("2", Files.readString(out.resolve("num_jobs")).trim());
        for (int job = 1; job <= 2; job++) {
            Path direct = work.resolve("direct_pruned." + job);
            // Kaldi's defaults: weight 0.5, acwt 0.1, max-ngram-order 4, lattice-prune-beam 8
            cli("lattice-lmrescore-pruned", "--lm-scale=0.5", "--acoustic-scale=0.1", "--max-ngram-order=4",
                    "--lattice-compose-beam=8", arpa.toString(), model.toString(),
                    "ark:gunzip -c " + work.resolve("exp/decode/lat." + job + ".gz") + "|", "ark,t:" + direct);
            assertArrayEquals(Files.readAllBytes(direct), gunzip(out.resolve("lat." + job + ".gz")), "lat." + job + ".gz");
            assertTrue(Files.readString(out.resolve("log/rescorelm." + job + ".log")).contains("--threads=1 "),
                    "the job's command line carries --threads");
        }
        assertTrue(!Files.exists(out.resolve("lat.1.gz.tmp")) && !Files.exists(out.resolve("lat.2.gz.tmp")));
        assertScored(out, r.output());
    }

    @Test void nbestDropInTakesKaldisSixArgumentsAndEqualsTheCommand() throws Exception {
        Run r = script("lmrescore_nbest.sh", "--cmd", "run.pl", "--N", "10", "--inv-acwt", "10",
                "0.5", "data/lang", "exp/moglm", "data/dev", "exp/decode1", "exp/decode_rnnlm_nbest");
        assertEquals(0, r.exitCode(), r.output());
        Path out = work.resolve("exp/decode_rnnlm_nbest");
        // stages 1 and 3: the 10-best lists equal the bundled ones (made from the full dev set's 100-best lists)
        List<String> bundledKeys = new ArrayList<>(), bundledWords = new ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve("nbest10.trans.int"))) {
            for (String u : UTTS) {
                if (line.startsWith(u + "-")) {
                    bundledKeys.add(line.split(" ")[0]);
                    bundledWords.add(line.strip());
                }
            }
        }
        List<String> keys = new ArrayList<>(), words = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("archives.1/trans.int"))) {
            keys.add(line.split(" ")[0]);
            words.add(line.strip());
        }
        assertEquals(bundledKeys, keys);
        assertEquals(bundledWords, words);
        // stage 6: nbest-rescore run directly on the same lists gives the same rescored lists and 1-best
        {
            Path archive = out.resolve("archives.1"), direct = work.resolve("direct_nbest");
            cli("nbest-rescore", "--lm-scale=0.5", "--acoustic-scale=0.1", arpa.toString(), model.toString(),
                    archive.toString(), direct.toString());
            for (String f : new String[] {"trans.int", "lmcost", "accost", "text"})
                assertArrayEquals(Files.readAllBytes(direct.resolve(f)), Files.readAllBytes(archive.resolve("rescored/" + f)), f);
            // the rescored lattices' best path at LM weight 10 (= acoustic scale 0.1), no penalty, is the command's 1-best
            List<String> oneBest = Files.readAllLines(direct.resolve("text"));
            List<String> scored = new ArrayList<>();
            for (String line : Files.readAllLines(out.resolve("scoring_kaldi/penalty_0.0/10.txt"))) {
                for (String u : oneBest) if (u.split(" ")[0].equals(line.split(" ")[0])) scored.add(line.strip());
            }
            assertEquals(oneBest, scored, "1-best at LM weight 10");
        }
        assertTrue(Files.readString(out.resolve("log/rnnlm_compute_scores.1.log")).contains("--threads=1 "));
        assertScored(out, r.output());
    }

    @Test void booleanOptionsAcceptOnlyTrueOrFalse() throws Exception {
        for (String bad : new String[] {"yes", "True"}) {
            Run r = script("lmrescore_nbest.sh", "--skip-scoring", bad, "0.5", "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/x");
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("expected \"true\" or \"false\""), r.output());
            r = script("lmrescore_pruned.sh", "--normalize=" + bad, "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/x");
            assertEquals(1, r.exitCode(), r.output());
        }
        assertTrue(!Files.exists(work.resolve("exp/x")), "nothing ran");
        Run r = script("lmrescore_pruned.sh", "--no-such-option", "1", "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/x");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("invalid option --no-such-option"), r.output());
        // Kaldi's old 5-argument form of lmrescore_nbest.sh is a usage error
        r = script("lmrescore_nbest.sh", "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/x");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("<rnn-weight> <old-lang-dir>"), r.output());
    }

    @Test void configFileIsReadAndLocalScoreShIsUsed() throws Exception {
        Path out = work.resolve("exp/decode_cfg");
        Files.createDirectories(out);
        // --config sets skip_scoring=true, the command line wins for --stage; stage 1 = scoring only
        Files.writeString(work.resolve("rescore.conf"), "skip_scoring=true\nstage=0\n");
        Run r = script("lmrescore_pruned.sh", "--config", "rescore.conf", "--stage", "1",
                "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/decode_cfg");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Not scoring because --skip-scoring was specified."), r.output());
        assertTrue(!Files.exists(out.resolve("lat.1.gz")), "stage 1 does not rescore");
        // a recipe's local/score.sh is called as Kaldi's scripts call it
        Path local = work.resolve("local/score.sh");
        Files.createDirectories(local.getParent());
        Files.writeString(local, "#!/bin/sh\necho \"$@\" > local/score.args\n");
        local.toFile().setExecutable(true);
        try {
            r = script("lmrescore_pruned.sh", "--stage", "1", "--cmd", "run.pl --mem 2G",
                    "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/decode_cfg");
            assertEquals(0, r.exitCode(), r.output());
            String args = Files.readString(work.resolve("local/score.args")).strip();
            assertTrue(args.matches("--cmd \\S*run\\.pl --mem 2G data/dev data/lang exp/decode_cfg"), args);
        } finally {
            Files.delete(local);
        }
    }

    @Test void wordListMismatchIsRefused() throws Exception {
        Path lang = work.resolve("data/lang_other");
        Files.createDirectories(lang);
        Files.copy(arpa, lang.resolve("G.arpa.gz"));
        List<String> words = new ArrayList<>(Files.readAllLines(bundle.resolve("words.txt")));
        words.set(5, "not-a-model-word " + words.get(5).split(" ")[1]);
        Files.write(lang.resolve("words.txt"), words);
        Run r = script("lmrescore_nbest.sh", "--skip-scoring", "true", "0.5", "data/lang_other", "exp/moglm", "data/dev", "exp/decode", "exp/y");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("word lists differ at id 5") && r.output().contains("not-a-model-word"), r.output());
        assertTrue(!Files.exists(work.resolve("exp/y/lat.1.gz")));
    }

    /** A job that dies after writing part of its output leaves no lat.N.gz that a later step could read. */
    @Test void aFailedJobLeavesNoOutput() throws Exception {
        Path out = work.resolve("exp/decode_killed");
        Files.createDirectories(out);
        Files.writeString(out.resolve("lat.1.gz"), "stale output of an earlier run");
        // a moglm whose rescoring writes half an archive, then dies; other commands are the real ones
        Path dying = work.resolve("dying-moglm");
        Files.writeString(dying, "#!/bin/bash\n"
                + "if [ \"$1\" = lattice-lmrescore-pruned ]; then\n"
                + "  out=${@: -1}; out=${out#*>}\n"
                + "  printf 'LJ001-0002 \\n0 1 1 1 \\n' | gzip -c > \"$out\"; kill -9 $$\n"
                + "fi\n"
                + "exec '" + moglm + "' \"$@\"\n");
        dying.toFile().setExecutable(true);
        Run r = script("lmrescore_pruned.sh", "--moglm", dying.toString(), "--skip-scoring", "true",
                "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/decode_killed");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(Files.exists(out.resolve("lat.1.gz.tmp")), "the job did write, under the temporary name");
        assertTrue(!Files.exists(out.resolve("lat.1.gz")) && !Files.exists(out.resolve("lat.2.gz")), "no output to read:\n" + r.output());
    }

    /**
     * bin/moglm takes the JVM's options from MOGLM_JAVA_OPTS, which a grid job does not get (only
     * PATH): --java-opts puts them on each job's command line. Through queue.pl and the qsub stub,
     * whose tasks have only PATH (and the task id) in their environment.
     */
    @Test void javaOptionsReachGridJobs() throws Exception {
        Path seen = work.resolve("java-opts.seen");
        Path recording = work.resolve("recording-moglm");
        Files.writeString(recording, "#!/bin/bash\necho \"$1: ${MOGLM_JAVA_OPTS-none}\" >> '" + seen + "'\nexec '" + moglm + "' \"$@\"\n");
        recording.toFile().setExecutable(true);
        Map<String, String> grid = Map.of("PATH", repo.resolve("recipes/kaldi/test/bin") + ":" + System.getenv("PATH"));
        Run r = script(grid, "lmrescore_pruned.sh", "--moglm", recording.toString(), "--cmd", repo.resolve("recipes/kaldi/utils/queue.pl").toString(),
                "--java-opts", "-Xmx700m -XX:+UseSerialGC", "--skip-scoring", "true",
                "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/decode_grid");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(Files.exists(work.resolve("exp/decode_grid/lat.1.gz")) && Files.exists(work.resolve("exp/decode_grid/lat.2.gz")), r.output());
        List<String> runs = Files.readAllLines(seen);
        assertEquals(List.of("model-words: -Xmx700m -XX:+UseSerialGC", "lattice-lmrescore-pruned: -Xmx700m -XX:+UseSerialGC",
                "lattice-lmrescore-pruned: -Xmx700m -XX:+UseSerialGC"), runs, "each run, the two grid jobs included");
        String log = Files.readString(work.resolve("exp/decode_grid/log/rescorelm.1.log"));
        assertTrue(log.contains("env \"MOGLM_JAVA_OPTS=-Xmx700m -XX:+UseSerialGC\" "), log);

        // without --java-opts a grid job gets none, whatever this process has
        Files.delete(seen);
        Map<String, String> gridWithVariable = new java.util.HashMap<>(grid);
        gridWithVariable.put("MOGLM_JAVA_OPTS", "-Xmx600m");
        r = script(gridWithVariable, "lmrescore_pruned.sh", "--moglm", recording.toString(), "--cmd", repo.resolve("recipes/kaldi/utils/queue.pl").toString(),
                "--skip-scoring", "true", "data/lang", "exp/moglm", "data/dev", "exp/decode", "exp/decode_grid2");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("model-words: -Xmx600m", "lattice-lmrescore-pruned: none", "lattice-lmrescore-pruned: none"),
                Files.readAllLines(seen));
    }

    private void assertScored(Path out, String output) throws IOException {
        for (int lmwt = 7; lmwt <= 17; lmwt++)
            for (String wip : new String[] {"0.0", "0.5", "1.0"})
                assertTrue(Files.exists(out.resolve("wer_" + lmwt + "_" + wip)), "wer_" + lmwt + "_" + wip);
        String best = Files.readString(out.resolve("scoring_kaldi/best_wer")).strip();
        assertTrue(best.matches("%WER [0-9.]+ \\[ \\d+ / \\d+, \\d+ ins, \\d+ del, \\d+ sub \\] .*wer_\\d+_[0-9.]+"), best);
        double wer = Double.parseDouble(best.split(" ")[1]);
        assertTrue(wer >= 0 && wer < 50, "WER of a small LM on 4 LJSpeech utterances: " + best);
        assertTrue(output.contains("scoring with") && output.contains("score_kaldi.sh"), output);
    }

    private Run script(String name, String... args) throws IOException, InterruptedException {
        return script(Map.of(), name, args);
    }

    /** Runs the script with {@code env} added to the environment. */
    private Run script(Map<String, String> env, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", repo.resolve("recipes/kaldi/" + name).toString()));
        cmd.addAll(List.of(args));
        cmd.add(2, "--moglm=" + moglm);  // our option: this build's classes instead of bin/moglm
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in 300 s: " + String.join(" ", cmd));
        }
        reader.join();
        return new Run(p.exitValue(), buf.toString(StandardCharsets.UTF_8));
    }

    private static void cli(String... args) {
        assertEquals(0, Main.commandLine().execute(args), String.join(" ", args));
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
