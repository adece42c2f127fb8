package moglm.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits an input stream into lines as byte ranges of an internal buffer, without creating a
 * String per line (ARPA files have tens of millions of lines). After {@link #next()} returns true
 * the current line is {@code buf()[start() .. end())}, without its {@code \n} or {@code \r\n}; the
 * range is valid until the next call. The last line may lack its newline. A line longer than the
 * limit is a {@link LineTooLongException}, so a file without newlines cannot exhaust the heap.
 * {@link TextLines} decodes these lines as strict UTF-8.
 */
public final class ByteLines {
    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int pos, limit;          // unread bytes are buf[pos..limit)
    private int start, end;
    private long lineNumber, offset, lineOffset;
    private boolean eof;

    /**
     * @param in      the bytes (not closed here)
     * @param maxLine longest accepted line in bytes, without its line end
     */
    public ByteLines(InputStream in, int maxLine) {
        if (maxLine < 1) throw new IllegalArgumentException("maxLine must be >= 1, got " + maxLine);
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Thrown for a line longer than the limit; the caller adds the input's name and line. */
    public static final class LineTooLongException extends IOException {
        private final int maxLine;

        LineTooLongException(int maxLine) {
            super("line longer than " + maxLine + " bytes");
            this.maxLine = maxLine;
        }

        /** The limit that the line exceeded, bytes. */
        public int maxLine() { return maxLine; }
    }

    /** The buffer holding the current line. */
    public byte[] buf() { return buf; }

    /** Index in {@link #buf()} of the current line's first byte. */
    public int start() { return start; }

    /** Index in {@link #buf()} just past the current line's last byte (line end excluded). */
    public int end() { return end; }

    /** 1-based number of the current line (0 before the first); the line after it is the one that failed. */
    public long lineNumber() { return lineNumber; }

    /** Byte offset in the stream of the current line's first byte. */
    public long lineOffset() { return lineOffset; }

    /** Advances to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        int scanned = 0; // bytes after pos already known to hold no '\n'
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(i, i + 1);
                    return true;
                }
            }
            scanned = limit - pos;
            if (scanned > maxLine) throw new LineTooLongException(maxLine);
            if (eof) {
                if (pos < limit) {
                    setLine(limit, limit);
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    /** The current line as a String (UTF-8, at most 200 bytes, lenient), for error messages. */
    public String lineText() {
        return new String(buf, start, Math.min(end - start, 200), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Makes buf[pos..e) the current line (a '\r' before e dropped) and continues at {@code next}. */
    private void setLine(int e, int next) {
        start = pos;
        if (e > start && buf[e - 1] == '\r') e--;
        end = e;
        lineNumber++;
        lineOffset = offset;
        offset += next - pos;
        pos = next;
    }

    /** Keeps the unread bytes buf[pos..limit) (moving them to the front, or growing the buffer
     *  for a long line) and appends what the stream gives next. */
    private void fill() throws IOException {
        int unread = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
            pos = 0;
            limit = unread;
        } else if (limit == buf.length) {
            // grow up to just past the line limit, never past the array limit (doubling overflows int)
            long grown = Math.min((long) buf.length * 2, (long) maxLine + 2);
            if (grown > Integer.MAX_VALUE - 16) grown = Integer.MAX_VALUE - 16;
            if (grown <= buf.length) throw new LineTooLongException(maxLine);
            buf = Arrays.copyOf(buf, (int) grown);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }
}
