package moglm.kaldi.nbest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearNbestDirTest {
    @TempDir Path tmp;

    static List<UtteranceNbest> sample() {
        return List.of(
                new UtteranceNbest("a-b", List.of(
                        NbestHyp.kaldi(1, new String[] {"the", "cat"}, new int[] {5, 9}, 12.345678f, 180.18187f),
                        NbestHyp.kaldi(2, new String[0], new int[0], 3f, 0.1f))),
                new UtteranceNbest("c", List.of(
                        NbestHyp.kaldi(1, new String[] {"x"}, new int[] {1}, 1e-7f, 2516.8743f))));
    }

    @Test void preciseRoundTripIsExact() throws IOException {
        LinearNbestDir.write(tmp, sample(), LinearNbestDir.Style.PRECISE);
        assertEquals("a-b-1 12.345678\na-b-2 3\nc-1 0.0000001\n", Files.readString(tmp.resolve("lmcost")));
        assertEquals("a-b-1 the cat\na-b-2\nc-1 x\n", Files.readString(tmp.resolve("trans")));
        LinearNbestDir.Result r = LinearNbestDir.read(tmp);
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(sample(), r.lists());
    }

    @Test void kaldiStyleBytes() throws IOException {
        LinearNbestDir.write(tmp, sample(), LinearNbestDir.Style.KALDI);
        // Kaldi text archives: each value followed by a space; floats as C++ operator<< (%g)
        assertEquals("a-b-1 180.182 \na-b-2 0.1 \nc-1 2516.87 \n", Files.readString(tmp.resolve("accost")));
        assertEquals("a-b-1 5 9 \na-b-2 \nc-1 1 \n", Files.readString(tmp.resolve("trans.int")));
        assertEquals("a-b-1 12.3457 \na-b-2 3 \nc-1 1e-07 \n", Files.readString(tmp.resolve("lmcost")));
    }

    @Test void unsortedKeysGroupByUtteranceAndRank() throws IOException {
        Files.writeString(tmp.resolve("trans"), "u-10 j\nu-2 b\nu-1 a\nv-1 z\n");
        LinearNbestDir.Result r = LinearNbestDir.read(tmp);
        assertEquals(2, r.lists().size());
        assertEquals(List.of(1, 2, 10), r.lists().get(0).hyps().stream().map(NbestHyp::rank).toList());
        assertTrue(Float.isNaN(r.lists().get(0).hyps().get(0).lmCost()));
    }

    @Test void badEntriesAreReportedAndSkipped() throws IOException {
        Files.writeString(tmp.resolve("trans.int"), "u-1 1 2\nu-2 3\nu-3 x\nu-4 4\n");
        Files.writeString(tmp.resolve("lmcost"), "u-1 1.5\nu-2 abc\nu-3 2\n");
        LinearNbestDir.Result r = LinearNbestDir.read(tmp);
        assertEquals(1, r.hypotheses());
        assertEquals(3, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).contains("trans.int:3: key u-3: bad trans.int entry 'u-3 x'"), r.errors().get(0));
        assertTrue(r.errors().get(1).contains("lmcost:2: key u-2: bad lmcost entry 'u-2 abc'"), r.errors().get(1));
        assertTrue(r.errors().get(2).contains("key u-4 is missing from lmcost"), r.errors().get(2));
        assertEquals(1.5f, r.lists().get(0).hyps().get(0).lmCost());
    }

    @Test void directoryWithoutTranscriptsIsAnError() throws IOException {
        Files.writeString(tmp.resolve("lmcost"), "u-1 1\n");
        IOException e = assertThrows(IOException.class, () -> LinearNbestDir.read(tmp));
        assertTrue(e.getMessage().contains("neither trans nor trans.int"));
    }
}
