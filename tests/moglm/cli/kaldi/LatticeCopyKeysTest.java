package moglm.cli.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lattice-copy --include/--exclude key lists: strict UTF-8 with file:line errors, a byte order mark dropped. */
class LatticeCopyKeysTest {
    @TempDir Path tmp;

    @Test void keysAreTheFirstFieldOfEachLine() throws IOException {
        Path f = tmp.resolve("utts");
        Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'u', '1', ' ', 'x', '\r', '\n', '\n', ' ', 'u', '2', '\n'});
        assertEquals(Set.of("u1", "u2"), LatticeCopyCommand.keys(f.toString()));
    }

    @Test void keysThatAreNotUtf8AreAnErrorNamingFileAndLine() throws IOException {
        Path f = tmp.resolve("utts");
        Files.write(f, new byte[] {'u', '1', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        IOException e = assertThrows(IOException.class, () -> LatticeCopyCommand.keys(f.toString()));
        assertTrue(e.getMessage().startsWith(f + ":2: not valid UTF-8"), e.getMessage());
    }
}
