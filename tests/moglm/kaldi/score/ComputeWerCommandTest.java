package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moglm.testutil.MoglmCli;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moglm compute-wer} end to end: Kaldi's argument forms, output, echo and exit codes. */
class ComputeWerCommandTest {
    @TempDir Path tmp;

    private static MoglmCli.Output run(String... args) {
        return MoglmCli.capture(args);
    }

    @Test void kaldiDigitsWerFile() throws IOException {
        Path dir = SharedData.require("kaldi-digits/exp/tri3/decode_test");
        MoglmCli.Output r = run("compute-wer", "--text", "--mode=present", "ark:" + dir.resolve("scoring_kaldi/test_filt.txt"),
                "ark,p:" + dir.resolve("scoring_kaldi/penalty_0.0/15.txt"));
        assertEquals(0, r.rc(), r.err());
        List<String> expected = Files.readAllLines(dir.resolve("wer_15_0.0"));
        assertEquals(String.join("\n", expected.subList(1, 4)) + "\n", r.out());
        assertTrue(r.err().startsWith("moglm compute-wer --text --mode=present ark:"), r.err());
    }

    @Test void integerTranscriptsModesAndErrors() throws IOException {
        Files.writeString(tmp.resolve("ref"), "u1 1 2 3\nu2 4 5\n");
        Files.writeString(tmp.resolve("hyp"), "u1 1 2 3 9\n");
        MoglmCli.Output r = run("compute-wer", "--mode=all", "ark:" + tmp.resolve("ref"), "ark:" + tmp.resolve("hyp"));
        assertEquals(0, r.rc(), r.err());
        assertEquals("%WER 60.00 [ 3 / 5, 1 ins, 2 del, 0 sub ] [PARTIAL]\n%SER 100.00 [ 2 / 2 ]\n"
                + "Scored 2 sentences, 1 not present in hyp.\n", r.out());
        MoglmCli.Output strict = run("compute-wer", "ark:" + tmp.resolve("ref"), "ark:" + tmp.resolve("hyp"));
        assertEquals(1, strict.rc());
        assertTrue(strict.err().contains("No hypothesis for key u2 and strict mode specifier."), strict.err());
        MoglmCli.Output badMode = run("compute-wer", "--mode=most", "ark:" + tmp.resolve("ref"), "ark:" + tmp.resolve("hyp"));
        assertEquals(1, badMode.rc());
        assertTrue(badMode.err().contains("--mode option invalid"), badMode.err());
        Files.writeString(tmp.resolve("words"), "u1 one two\n");
        MoglmCli.Output notInts = run("compute-wer", "ark:" + tmp.resolve("words"), "ark:" + tmp.resolve("words"));
        assertEquals(1, notInts.rc());
        MoglmCli.Output stats = run("compute-wer", "--text", "ark:echo u1 a b c d|", "ark:echo u1 a x c d e|", "-");
        assertEquals("correct a\nsubstitution b x\ncorrect c\ncorrect d\ninsertion e\n"
                + "%WER 50.00 [ 2 / 4, 1 ins, 0 del, 1 sub ]\n%SER 100.00 [ 1 / 1 ]\nScored 1 sentences, 0 not present in hyp.\n", stats.out());
        MoglmCli.Output statsInt = run("compute-wer", "ark:echo u1 1 2 3|", "ark:echo u1 1 3|", tmp.resolve("st").toString());
        assertEquals(0, statsInt.rc(), statsInt.err());
        assertEquals("correct 1\ndeletion -1\ncorrect 3\n", Files.readString(tmp.resolve("st")));
        MoglmCli.Output pipe = run("compute-wer", "--text=true", "ark:echo u1 a b|", "ark:echo u1 a c|");
        assertEquals(0, pipe.rc(), pipe.err());
        assertTrue(pipe.out().startsWith("%WER 50.00 [ 1 / 2, 0 ins, 0 del, 1 sub ]\n"), pipe.out());
    }
}
