package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WerStatsTest {
    private static WerStats run(String ref, String hyp, WerMode mode, boolean ints) {
        Map<String, String[]> hyps = TranscriptReader.readAll(new BufferedReader(new StringReader(hyp)), "hyp");
        return ComputeWer.score(new TranscriptReader(new BufferedReader(new StringReader(ref)), "ref"), hyps, mode, ints);
    }

    private static final String REF = "u1 a b c d\nu2 x y\n\n  u3\tp q r\n";

    @Test void presentSkipsMissing() {
        WerStats s = run(REF, "u1 a b c d\nu3 p z r s\nu9 ignored\n", WerMode.PRESENT, false);
        assertEquals("%WER 28.57 [ 2 / 7, 1 ins, 0 del, 1 sub ] [PARTIAL]\n"
                + "%SER 50.00 [ 1 / 2 ]\n"
                + "Scored 2 sentences, 1 not present in hyp.\n", s.report());
    }

    @Test void allScoresMissingAsEmpty() {
        WerStats s = run(REF, "u1 a b c d\nu3 p z r s\n", WerMode.ALL, false);
        assertEquals("%WER 44.44 [ 4 / 9, 1 ins, 2 del, 1 sub ] [PARTIAL]\n"
                + "%SER 66.67 [ 2 / 3 ]\n"
                + "Scored 3 sentences, 1 not present in hyp.\n", s.report());
    }

    @Test void strictFailsOnMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(REF, "u1 a b c d\n", WerMode.STRICT, false));
        assertEquals("No hypothesis for key u2 and strict mode specifier.", e.getMessage());
    }

    @Test void emptyReferenceAndHypothesis() {
        WerStats s = run("u1\nu2 a\n", "u1 \nu2\n", WerMode.STRICT, false);
        assertEquals("%WER 100.00 [ 1 / 1, 0 ins, 1 del, 0 sub ]\n%SER 50.00 [ 1 / 2 ]\n"
                + "Scored 2 sentences, 0 not present in hyp.\n", s.report());
        WerStats none = run("", "", WerMode.STRICT, false);
        assertEquals("%WER -nan [ 0 / 0, 0 ins, 0 del, 0 sub ]\n%SER -nan [ 0 / 0 ]\n"
                + "Scored 0 sentences, 0 not present in hyp.\n", none.report());
    }

    @Test void integerModeComparesNumbers() {
        WerStats s = run("u1 1 2 3\n", "u1 1 02 4\n", WerMode.STRICT, true);
        assertEquals(1, s.wordErrors());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("u1 1 two\n", "u1 1\n", WerMode.STRICT, true));
        assertEquals("utterance u1: reference token 'two' is not an integer (use --text for word strings)", e.getMessage());
    }

    @Test void duplicateHypothesisKeyIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("u1 a\n", "u1 a\nu2 b\nu1 c\n", WerMode.STRICT, false));
        assertEquals("hyp line 3: duplicate key u1", e.getMessage());
    }
}
