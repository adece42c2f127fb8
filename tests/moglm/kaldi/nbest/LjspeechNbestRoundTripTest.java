package moglm.kaldi.nbest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LJSpeech 100-best lists read, grouped, written back (precise style) and re-read unchanged. */
class LjspeechNbestRoundTripTest {
    @TempDir Path tmp;

    @Test void readWriteReadIsExact() throws IOException {
        Path dir = SharedData.require("ljspeech-asr/nbest_dev");
        LinearNbestDir.Result r = LinearNbestDir.read(dir);
        assertTrue(r.errors().isEmpty());
        assertEquals(185, r.lists().size());
        assertEquals(18333, r.hypotheses());
        assertEquals("LJ001-0001", r.lists().get(0).utterance());
        assertEquals(100, r.lists().get(0).hyps().size());
        LinearNbestDir.write(tmp, r.lists(), LinearNbestDir.Style.PRECISE);
        assertEquals(r.lists(), LinearNbestDir.read(tmp).lists());
        // word files are byte-identical (same key order, same spacing)
        for (String f : new String[] {"trans", "trans.int"}) {
            assertEquals(Files.readString(dir.resolve(f)), Files.readString(tmp.resolve(f)), f);
        }
    }
}
