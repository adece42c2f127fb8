package moglm.kaldi.nbest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 #11, #13, #14: n-best directories with clashing keys, Latin-1 bytes or a BOM. */
class NbestRobustnessTest {
    @TempDir Path tmp;

    Path dir(String transInt, String lmcost, String accost) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("nb"));
        Files.writeString(d.resolve("trans.int"), transInt);
        Files.writeString(d.resolve("lmcost"), lmcost);
        Files.writeString(d.resolve("accost"), accost);
        return d;
    }

    @Test void rankClashIsSkippedNotFatal() throws IOException {
        Path d = dir("u1-1 3 4\nu1-01 3 5\nu1-2 4\nu2-1 7\n", "u1-1 1\nu1-01 2\nu1-2 3\nu2-1 4\n", "u1-1 1\nu1-01 2\nu1-2 3\nu2-1 4\n");
        LinearNbestDir.Result r = LinearNbestDir.read(d);
        assertEquals(2, r.lists().size());
        assertEquals(List.of(2), r.lists().get(0).hyps().stream().map(NbestHyp::rank).toList());
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).contains("utterance u1 has 2 entries of rank 1 (keys u1-1, u1-01)"), r.errors().toString());
    }

    @Test void latin1IsAnErrorWithFileAndLine() throws IOException {
        Path d = dir("u1-1 3\n", "u1-1 1\n", "u1-1 2\n");
        Files.write(d.resolve("trans"), new byte[] {'u', '1', '-', '1', ' ', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        IOException e = assertThrows(IOException.class, () -> LinearNbestDir.read(d));
        assertTrue(e.getMessage().startsWith(d.resolve("trans") + ":1: not valid UTF-8"), e.getMessage());
    }

    @Test void bomIsNotPartOfTheFirstKey() throws IOException {
        Path d = dir("\uFEFFu1-1 3\n", "\uFEFFu1-1 1\n", "u1-1 2\n");
        Files.write(d.resolve("trans.int"), ("\uFEFFu1-1 3\n").getBytes(StandardCharsets.UTF_8));
        LinearNbestDir.Result r = LinearNbestDir.read(d);
        assertEquals(List.of(), r.errors());
        assertEquals("u1", r.lists().get(0).utterance());
    }
}
