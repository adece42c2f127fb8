package moglm.kaldi.nbest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EspnetNbestTest {
    @TempDir Path tmp;

    private void write(String rel, String text) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test void readsRankDirectoriesAndTensorScores() throws IOException {
        write("1best_recog/text", "utt-1 hello world\nutt2 \n");
        write("1best_recog/score", "utt-1 tensor(-1.2500)\nutt2 tensor(-7.5, device='cuda:0')\n");
        write("2best_recog/text", "utt-1 hello word\n");
        write("2best_recog/score", "utt-1 -3.0\n");
        write("10best_recog/token", "utt-1 ▁hel lo\n");
        write("10best_recog/score", "utt-1 tensor(-inf)\n");
        EspnetNbest.Result r = EspnetNbest.read(tmp);
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(2, r.lists().size());
        UtteranceNbest u = r.lists().get(0);
        assertEquals("utt-1", u.utterance());
        assertEquals(3, u.hyps().size());
        assertArrayEquals(new String[] {"hello", "world"}, u.hyps().get(0).words());
        assertEquals(-1.25, u.hyps().get(0).score());
        assertEquals(-3.0, u.hyps().get(1).score());
        assertEquals(10, u.hyps().get(2).rank());
        assertArrayEquals(new String[] {"▁hel", "lo"}, u.hyps().get(2).words());
        assertEquals(Double.NEGATIVE_INFINITY, u.hyps().get(2).score());
        assertEquals(0, r.lists().get(1).hyps().get(0).length());
        assertEquals(-7.5, r.lists().get(1).hyps().get(0).score());
    }

    @Test void badScoreIsReportedAndSkipped() throws IOException {
        write("1best_recog/text", "a x\nb y\n");
        write("1best_recog/score", "a tensor(oops)\n");
        EspnetNbest.Result r = EspnetNbest.read(tmp);
        assertEquals(0, r.lists().size());
        assertEquals(2, r.errors().size());
        assertTrue(r.errors().get(0).contains("bad score 'tensor(oops)' for a"), r.errors().get(0));
        assertTrue(r.errors().get(1).contains("no score for b"), r.errors().get(1));
    }

    @Test void notAnEspnetDirectory() {
        assertThrows(IOException.class, () -> EspnetNbest.read(tmp));
    }
}
