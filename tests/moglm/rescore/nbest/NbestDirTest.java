package moglm.rescore.nbest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NbestDirTest {
    @TempDir Path tmp;

    @Test
    void readsTheLjspeechHundredBestAndWritesItBackIdentically() throws IOException {
        Path dir = SharedData.require("ljspeech-asr/nbest_dev");
        LinkedHashMap<String, List<NbestHyp>> nb = NbestDir.read(dir);
        assertEquals(185, nb.size());
        assertEquals(18333, nb.values().stream().mapToInt(List::size).sum());
        NbestHyp first = nb.get("LJ001-0001").get(0);
        assertEquals("LJ001-0001-1", first.key());
        assertEquals(180.18187, first.graphCost(), 1e-9);
        assertEquals(2516.8743, first.acousticCost(), 1e-9);
        NbestDir.write(tmp, nb);
        for (String f : List.of("trans.int", "lmcost", "accost")) {
            List<String> want = Files.readAllLines(dir.resolve(f)), got = Files.readAllLines(tmp.resolve(f));
            assertEquals(want.size(), got.size(), f);
            for (int i = 0; i < want.size(); i++) if (!want.get(i).equals(got.get(i))) assertEquals(want.get(i), got.get(i), f + " line " + (i + 1));
        }
    }

    @Test
    void groupsByUtteranceAndReportsMissingCosts() throws IOException {
        Files.writeString(tmp.resolve("trans.int"), "a-b-1 3 4\na-b-2 5\nc-1\n");
        Files.writeString(tmp.resolve("lmcost"), "a-b-1 1.5\na-b-2 2\nc-1 0\n");
        Files.writeString(tmp.resolve("accost"), "a-b-1 10\na-b-2 20\n");
        IOException e = assertThrows(IOException.class, () -> NbestDir.read(tmp));
        assertTrue(e.getMessage().contains("accost") && e.getMessage().contains("c-1"), e.getMessage());
        Files.writeString(tmp.resolve("accost"), "a-b-1 10\na-b-2 20\nc-1 7\n");
        LinkedHashMap<String, List<NbestHyp>> nb = NbestDir.read(tmp);
        assertEquals(List.of("a-b", "c"), List.copyOf(nb.keySet()));
        assertArrayEquals(new int[] {3, 4}, nb.get("a-b").get(0).words());
        assertEquals(0, nb.get("c").get(0).words().length);
        Files.writeString(tmp.resolve("lmcost"), "a-b-1 x\n");
        e = assertThrows(IOException.class, () -> NbestDir.read(tmp));
        assertTrue(e.getMessage().contains("lmcost:1"), e.getMessage());
    }
}
