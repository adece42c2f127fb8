package moglm.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 17 #11/#14: text is strict UTF-8 with file:line errors; a leading BOM is dropped. */
class TextLinesTest {
    static List<String> lines(byte[] b, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (TextLines t = new TextLines(new ByteArrayInputStream(b), "in.txt", max)) {
            for (String l; (l = t.next()) != null; ) out.add(l);
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test void bomAtStartIsDroppedOnlyThere() throws IOException {
        byte[] b = bytes("\uFEFFthe cat\r\nsat \uFEFFx\nlast");
        assertEquals(List.of("the cat", "sat \uFEFFx", "last"), lines(b, 100));
    }

    @Test void latin1IsAnErrorNamingFileLineAndByte() {
        byte[] b = {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'};   // "café" in Latin-1
        IOException e = assertThrows(IOException.class, () -> lines(b, 100));
        assertTrue(e.getMessage().startsWith("in.txt:2: not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("0xE9 at byte offset 6"), e.getMessage());
    }

    @Test void truncatedSequenceAtEndOfLine() {
        byte[] b = {'a', (byte) 0xC3};
        IOException e = assertThrows(IOException.class, () -> lines(b, 100));
        assertTrue(e.getMessage().contains("0xC3 at byte offset 1"), e.getMessage());
    }

    @Test void lineLimitStopsABigLineWithoutNewlines() {
        byte[] b = new byte[5000];
        java.util.Arrays.fill(b, (byte) 'x');
        IOException e = assertThrows(IOException.class, () -> lines(b, 1000));
        assertTrue(e.getMessage().contains("in.txt:1: line longer than 1000 bytes"), e.getMessage());
    }

    @Test void emptyInputAndMissingLastNewline() throws IOException {
        assertEquals(List.of(), lines(new byte[0], 10));
        assertEquals(List.of("", "a"), lines(bytes("\na"), 10));
        try (TextLines t = new TextLines(new ByteArrayInputStream(bytes("x\n")), "n", 10)) {
            assertEquals("x", t.next());
            assertEquals(1, t.lineNumber());
            assertNull(t.next());
        }
    }
}
