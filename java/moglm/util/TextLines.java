package moglm.util;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file line by line as strict UTF-8, the way every moglm text input is read
 * (training and ppl text, words.txt, n-best directories, references and hypotheses); the lines
 * are split by {@link ByteLines}:
 * <ul>
 *   <li>A UTF-8 byte order mark (EF BB BF) at the very start of the input is dropped: editors add
 *       it, and it would otherwise become part of the first word, symbol or key.</li>
 *   <li>Bytes that are not UTF-8 raise an {@link IOException} naming the input, the 1-based line
 *       and the byte offset of the line, instead of being decoded into replacement characters.</li>
 *   <li>Lines end at {@code \n}; a {@code \r} before it is dropped. The last line may lack its
 *       newline.</li>
 *   <li>A line longer than the limit (default {@value #DEFAULT_MAX_LINE} bytes) is an error, so a
 *       file without newlines cannot exhaust the heap.</li>
 * </ul>
 *
 * <pre>{@code
 * try (TextLines in = TextLines.open(path)) {
 *     for (String line; (line = in.next()) != null; ) use(in.lineNumber(), line);
 * }
 * }</pre>
 */
public final class TextLines implements Closeable {
    /** Default longest line, bytes (256 MiB). */
    public static final int DEFAULT_MAX_LINE = 1 << 28;

    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteLines lines;

    /**
     * @param in      the bytes (closed by {@link #close()})
     * @param name    names the input in error messages (a file name)
     * @param maxLine longest accepted line in bytes
     */
    public TextLines(InputStream in, String name, int maxLine) {
        this.in = in;
        this.name = name;
        this.lines = new ByteLines(in, maxLine);
    }

    /** Same with the default line limit. */
    public TextLines(InputStream in, String name) {
        this(in, name, DEFAULT_MAX_LINE);
    }

    /** Opens a file. */
    public static TextLines open(Path file) throws IOException {
        return new TextLines(InputFiles.open(file), file.toString());
    }

    /** Decodes a whole string-like byte array (e.g. a model file's text section) the same way. */
    public static String decode(byte[] bytes, String name) throws IOException {
        StringBuilder sb = new StringBuilder(bytes.length);
        try (TextLines t = new TextLines(new java.io.ByteArrayInputStream(bytes), name, Integer.MAX_VALUE - 16)) {
            for (String l; (l = t.next()) != null; ) sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /**
     * The bytes as a String, unchanged (line ends and a byte order mark kept: for text that is
     * copied, e.g. a reference file), when they are UTF-8; else the error {@link #next()} gives,
     * naming {@code name}, the line and the byte.
     */
    public static String decodeExact(byte[] bytes, String name) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // the same bytes line by line: the first bad line throws the message with its number
            try (TextLines t = new TextLines(new java.io.ByteArrayInputStream(bytes), name, Integer.MAX_VALUE - 16)) {
                while (t.next() != null) {
                    // until the bad line
                }
            }
            throw new IOException(name + ": not valid UTF-8 text", e);
        }
    }

    /** 1-based number of the line last returned by {@link #next()}. */
    public long lineNumber() { return lines.lineNumber(); }

    /** The input's name as given. */
    public String name() { return name; }

    /** The next line without its line end, or null at the end of the input. */
    public String next() throws IOException {
        try {
            if (!lines.next()) return null;
        } catch (ByteLines.LineTooLongException e) {
            throw new IOException(name + ":" + (lines.lineNumber() + 1) + ": " + e.getMessage(), e);
        }
        byte[] buf = lines.buf();
        int start = lines.start(), end = lines.end();
        if (lines.lineNumber() == 1 && end - start >= 3 && (buf[start] & 0xff) == 0xEF && (buf[start + 1] & 0xff) == 0xBB
                && (buf[start + 2] & 0xff) == 0xBF) {
            start += 3; // byte order mark
        }
        try {
            return decoder.decode(ByteBuffer.wrap(buf, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalid(buf, start, end);
            throw new IOException(name + ":" + lines.lineNumber() + ": not valid UTF-8 text (byte 0x"
                    + String.format("%02X", buf[bad] & 0xff) + " at byte offset " + (lines.lineOffset() + bad - lines.start())
                    + " of the file); moglm reads text as UTF-8: convert the file, e.g. iconv -f latin1 -t utf-8");
        }
    }

    /** Index of the first byte of the first invalid UTF-8 sequence in b[from..to) (approximate
     *  for overlong forms and surrogates: then the start of the multi-byte sequence found first). */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from, firstMulti = -1;
        while (i < to) {
            int c = b[i] & 0xff, n;
            if (c < 0x80) n = 0;
            else if (c >= 0xC2 && c <= 0xDF) n = 1;
            else if (c >= 0xE0 && c <= 0xEF) n = 2;
            else if (c >= 0xF0 && c <= 0xF4) n = 3;
            else return i;
            for (int k = 1; k <= n; k++) if (i + k >= to || (b[i + k] & 0xC0) != 0x80) return i;
            if (n > 0 && firstMulti < 0) firstMulti = i;
            i += n + 1;
        }
        return firstMulti >= 0 ? firstMulti : from;
    }

    @Override public void close() throws IOException {
        in.close();
    }
}
