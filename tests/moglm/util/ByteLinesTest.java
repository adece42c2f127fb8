package moglm.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one line splitter of text (TextLines) and ARPA (ArpaReader) input. */
class ByteLinesTest {
    /** Every line as "number@offset:text", read in reads of at most {@code chunk} bytes. */
    static List<String> split(byte[] b, int maxLine, int chunk) throws IOException {
        InputStream in = new ByteArrayInputStream(b) {
            @Override public synchronized int read(byte[] d, int off, int len) {
                return super.read(d, off, Math.min(len, chunk));
            }
        };
        ByteLines r = new ByteLines(in, maxLine);
        List<String> out = new ArrayList<>();
        while (r.next()) {
            out.add(r.lineNumber() + "@" + r.lineOffset() + ":"
                    + new String(r.buf(), r.start(), r.end() - r.start(), StandardCharsets.UTF_8));
        }
        assertFalse(r.next(), "stays at the end");
        return out;
    }

    @Test void linesOffsetsAndLineEnds() throws IOException {
        byte[] b = "ab\r\n\ncd\r\r\nlast".getBytes(StandardCharsets.UTF_8);
        List<String> want = List.of("1@0:ab", "2@4:", "3@5:cd\r", "4@10:last");
        assertEquals(want, split(b, 100, Integer.MAX_VALUE));
        assertEquals(want, split(b, 100, 1), "a stream that gives one byte at a time");
        assertEquals(List.of(), split(new byte[0], 10, 10));
        assertEquals(List.of("1@0:"), split(new byte[] {'\n'}, 10, 10));
    }

    @Test void linesAcrossBufferRefillsAndGrowth() throws IOException {
        // lines of random lengths up to 3x the initial 64 KiB buffer, with short reads
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder();
        List<String> want = new ArrayList<>();
        long offset = 0;
        for (int i = 1; i <= 60; i++) {
            int len = rnd.nextInt(4) == 0 ? rnd.nextInt(200_000) : rnd.nextInt(50);
            String line = String.valueOf((char) ('a' + i % 26)).repeat(len);
            want.add(i + "@" + offset + ":" + line);
            sb.append(line).append('\n');
            offset += len + 1;
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
        assertEquals(want, split(b, 200_000, 10_007));
        assertEquals(want, split(b, 200_000, Integer.MAX_VALUE));
    }

    @Test void moreThanTheLimitWithoutANewlineIsRefused() throws IOException {
        byte[] ok = ("x".repeat(1000) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(1, split(ok, 1000, 333).size());
        byte[] over = ("x".repeat(1400) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteLines.LineTooLongException e = assertThrows(ByteLines.LineTooLongException.class, () -> split(over, 1000, 333));
        assertEquals(1000, e.maxLine());
        assertTrue(e.getMessage().contains("line longer than 1000 bytes"), e.getMessage());
    }

    @Test void aLimitNearTheArrayLimitDoesNotOverflow() throws IOException {
        ByteLines r = new ByteLines(new ByteArrayInputStream("a\nb".getBytes(StandardCharsets.US_ASCII)), Integer.MAX_VALUE);
        assertTrue(r.next());
        assertTrue(r.next());
        assertEquals("b", r.lineText());
        assertFalse(r.next());
    }
}
