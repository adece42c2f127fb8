package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import moglm.util.ByteLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 #2, #10, #12: oversized lines and broken gzip headers give errors naming the file. */
class ArpaRobustnessTest {
    @TempDir Path tmp;

    /** A stream of {@code n} bytes 'x' without a newline, generated (nothing is held in memory). */
    static InputStream endlessLine(long n) {
        return new InputStream() {
            long left = n;
            @Override public int read() { return left-- > 0 ? 'x' : -1; }
            @Override public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 'x');
                left -= k;
                return k;
            }
        };
    }

    @Test void aLineOverTheLimitIsAnErrorNotAnOverflow() {
        ByteLines r = new ByteLines(endlessLine(1 << 20), 100_000);
        IOException e = assertThrows(ByteLines.LineTooLongException.class, r::next);
        assertTrue(e.getMessage().contains("longer than 100000 bytes"), e.getMessage());
    }

    @Test void theDefaultLimitAppliesToArpaFiles() {
        // a first line just over the default limit (64 MiB) is refused with file and line
        ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> ArpaReader.read(
                endlessLine(ArpaReader.MAX_LINE + 10L), "huge.arpa", w -> 1, new ArpaReader.Options()));
        assertTrue(e.getMessage().startsWith("huge.arpa:1: line is longer than"), e.getMessage());
    }

    @Test void linesUpToTheLimitStillRead() throws IOException {
        byte[] b = new byte[300_001];
        java.util.Arrays.fill(b, (byte) 'y');
        b[300_000] = '\n';
        ByteLines r = new ByteLines(new ByteArrayInputStream(b), 300_000);
        assertTrue(r.next());
        assertEquals(300_000, r.end() - r.start());
    }

    @Test void unsupportedGzipMethodNamesTheFile() throws IOException {
        Path p = tmp.resolve("lm.arpa.gz");
        Files.write(p, new byte[] {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3});
        ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> ArpaReader.read(p, w -> 1));
        assertTrue(e.getMessage().startsWith(p + ":0: the file starts like gzip"), e.getMessage());
        assertTrue(e.getMessage().contains("Unsupported compression method"), e.getMessage());
    }

    @Test void truncatedGzipHeaderIsNotNull() throws IOException {
        Path p = tmp.resolve("cut.arpa.gz");
        Files.write(p, new byte[] {0x1f, (byte) 0x8b, 8});
        ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> ArpaReader.read(p, w -> 1));
        assertTrue(e.getMessage().contains("cut.arpa.gz") && e.getMessage().contains("truncated") && !e.getMessage().contains("null"),
                e.getMessage());
    }

    @Test void missingFileAndDirectoryAreNamed() throws IOException {
        IOException e = assertThrows(IOException.class, () -> ArpaReader.read(tmp.resolve("nope.arpa"), w -> 1));
        assertEquals(tmp.resolve("nope.arpa") + ": no such file or directory", e.getMessage());
        e = assertThrows(IOException.class, () -> ArpaReader.read(tmp, w -> 1));
        assertEquals(tmp + ": is a directory, expected a file", e.getMessage());
    }
}
