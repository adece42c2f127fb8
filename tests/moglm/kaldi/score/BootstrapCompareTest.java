package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moglm.testutil.MoglmCli;
import org.junit.jupiter.api.Test;

/**
 * compute-wer-bootci with two systems ({@link BootstrapWer#compare}, {@code moglm compute-wer-bootci})
 * against the output of a plain C reference on glibc's own rand() (bootci/README.md).
 */
class BootstrapCompareTest {
    static final Path DIR = Path.of("tests/moglm/kaldi/score/bootci");

    private static List<Transcript> refs(int limit) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(DIR.resolve("ref.txt"))) {
            List<Transcript> all = new java.util.ArrayList<>();
            new TranscriptReader(r, "ref").forEachRemaining(all::add);
            return all.subList(0, Math.min(limit, all.size()));
        }
    }

    private static Map<String, String[]> hyps(String file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(DIR.resolve(file))) {
            return TranscriptReader.readAll(r, file);
        }
    }

    @Test void matchesThePlainReference() throws IOException {
        Map<String, String[]> h1 = hyps("hyp1.txt"), h2 = hyps("hyp2.txt");
        assertEquals(Files.readString(DIR.resolve("expected.txt")),
                BootstrapWer.compare(refs(1000).iterator(), h1::get, h2::get, WerMode.STRICT, 10000));
        assertEquals(Files.readString(DIR.resolve("expected_777.txt")),
                BootstrapWer.compare(refs(1000).iterator(), h1::get, h2::get, WerMode.STRICT, 777));
        // one utterance: Kaldi's RandInt(0, 0) draws no random number
        assertEquals(Files.readString(DIR.resolve("expected_one_utt.txt")),
                BootstrapWer.compare(refs(1).iterator(), h1::get, h2::get, WerMode.STRICT, 100));
    }

    @Test void set1IsTheSingleSystemReportAndIdenticalSystemsNeverImprove() throws IOException {
        Map<String, String[]> h1 = hyps("hyp1.txt");
        String single = BootstrapWer.report(refs(1000).iterator(), h1::get, WerMode.STRICT, 2000);
        String same = BootstrapWer.compare(refs(1000).iterator(), h1::get, h1::get, WerMode.STRICT, 2000);
        String[] lines = same.split("\n");
        assertEquals(single, lines[0] + "\n");
        assertEquals("Probability of Set2 improving Set1: 0.00", lines[2]);
        // the reference itself as system 2 improves on every resample with an error
        Map<String, String[]> perfect = new HashMap<>();
        for (Transcript t : refs(1000)) perfect.put(t.key(), t.words());
        assertTrue(BootstrapWer.compare(refs(1000).iterator(), h1::get, perfect::get, WerMode.STRICT, 500)
                .endsWith("Probability of Set2 improving Set1: 100.00\n"));
    }

    @Test void modesDecideWhatAMissingHypothesisMeans() {
        List<Transcript> refs = List.of(new Transcript("u1", new String[] {"a", "b"}), new Transcript("u2", new String[] {"c", "d", "e"}));
        Map<String, String[]> one = Map.of("u1", new String[] {"a", "b"}, "u2", new String[] {"c", "d", "e"});
        Map<String, String[]> other = Map.of("u1", new String[] {"a", "x"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootstrapWer.compare(refs.iterator(), one::get, other::get, WerMode.STRICT, 10));
        assertEquals("No hypothesis for key u2 in both transcripts comparison is not possible.", e.getMessage());
        // present: only u1 (1 error in 2 words for system 1 ... here system 2 has it): every resample is u1
        String present = BootstrapWer.compare(refs.iterator(), other::get, one::get, WerMode.PRESENT, 10);
        assertTrue(present.startsWith("Set1: %WER 50.00 "), present);
        assertTrue(present.endsWith("Probability of Set2 improving Set1: 100.00\n"), present);
        // all: the missing u2 counts as 3 errors of 3 words
        String all = BootstrapWer.compare(refs.iterator(), other::get, one::get, WerMode.ALL, 4000);
        double set1 = Double.parseDouble(all.substring("Set1: %WER ".length(), all.indexOf(" 95%")));
        assertTrue(set1 > 50 && set1 < 100, all);
        assertThrows(IllegalArgumentException.class,
                () -> BootstrapWer.compare(refs.iterator(), Map.<String, String[]>of()::get, one::get, WerMode.PRESENT, 10));
    }

    private static MoglmCli.Output run(String... args) {
        return MoglmCli.capture(args);
    }

    @Test void command() throws IOException {
        String ref = "ark:" + DIR.resolve("ref.txt"), h1 = "ark:" + DIR.resolve("hyp1.txt"), h2 = "ark:" + DIR.resolve("hyp2.txt");
        MoglmCli.Output two = run("compute-wer-bootci", ref, h1, h2);
        assertEquals(0, two.rc(), two.err());
        assertEquals(Files.readString(DIR.resolve("expected.txt")), two.out());
        assertTrue(two.err().startsWith("moglm compute-wer-bootci ark:"), two.err());
        MoglmCli.Output reps = run("compute-wer-bootci", "--replications=777", "--mode=present", ref, h1, h2);
        assertEquals(Files.readString(DIR.resolve("expected_777.txt")), reps.out());
        MoglmCli.Output one = run("compute-wer-bootci", ref, h1);
        assertEquals(0, one.rc(), one.err());
        assertEquals(BootstrapWer.report(refs(1000).iterator(), hyps("hyp1.txt")::get, WerMode.STRICT, 10000), one.out());
        MoglmCli.Output missing = run("compute-wer-bootci", ref, "ark:echo LJ900-0000 which|", h2);
        assertEquals(1, missing.rc());
        assertTrue(missing.err().contains("No hypothesis for key LJ900-0001 in both transcripts"), missing.err());
        MoglmCli.Output badReps = run("compute-wer-bootci", "--replications=0", ref, h1);
        assertEquals(1, badReps.rc());
        assertTrue(badReps.err().contains("--replications must be at least 1"), badReps.err());
        MoglmCli.Output usage = run("compute-wer-bootci", ref);
        assertEquals(1, usage.rc());
    }
}
