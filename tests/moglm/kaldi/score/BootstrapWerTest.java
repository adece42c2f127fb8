package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

class BootstrapWerTest {
    @Test void glibcRandWithDefaultSeed() {
        GlibcRand r = new GlibcRand(1);
        // the well-known first values of rand() in a fresh glibc process
        int[] expected = {1804289383, 846930886, 1681692777, 1714636915, 1957747793, 424238335, 719885386, 1649760492};
        for (int e : expected) assertEquals(e, r.next());
    }

    /** Kaldi's wer_details/wer_bootci of every kaldi-digits decode dir, from its best hypotheses. */
    @Test void reproducesKaldiWerBootci() throws IOException {
        Path root = SharedData.require("kaldi-digits");
        int checked = 0;
        for (Path dir : KaldiDigitsWerTest.decodeDirs(root)) {
            Path details = dir.resolve("scoring_kaldi/wer_details");
            String lmwt = Files.readString(details.resolve("lmwt")).trim(), wip = Files.readString(details.resolve("wip")).trim();
            Map<String, String[]> hyps;
            try (BufferedReader h = Files.newBufferedReader(dir.resolve("scoring_kaldi/penalty_" + wip + "/" + lmwt + ".txt"))) {
                hyps = TranscriptReader.readAll(h, "hyp");
            }
            String got;
            try (BufferedReader r = Files.newBufferedReader(dir.resolve("scoring_kaldi/test_filt.txt"))) {
                got = BootstrapWer.report(new TranscriptReader(r, "ref"), hyps::get, WerMode.PRESENT, 10000);
            }
            assertEquals(Files.readString(details.resolve("wer_bootci")), got, dir.toString());
            checked++;
        }
        assertEquals(6, checked);
    }
}
