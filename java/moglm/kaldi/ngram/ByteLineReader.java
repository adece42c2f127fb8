package moglm.kaldi.ngram;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an input stream line by line as byte ranges of an internal buffer, without creating a
 * String per line (ARPA files have tens of millions of lines). After {@link #next()} returns true
 * the current line is {@code buf()[start() .. end())}, without its {@code \n} or {@code \r\n}.
 * The range is valid until the next call.
 */
final class ByteLineReader {
    /** Longest accepted line, bytes: an ARPA line is a few words and numbers; this is generous. */
    static final int DEFAULT_MAX_LINE = 1 << 26;

    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int pos, limit;          // unread bytes are buf[pos..limit)
    private int start, end;
    private long lineNumber;
    private boolean eof;

    ByteLineReader(InputStream in) {
        this(in, DEFAULT_MAX_LINE);
    }

    /** @param maxLine longest accepted line in bytes; a longer one is an {@link IOException} */
    ByteLineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Thrown for a line longer than the limit (the caller adds the file name). */
    static final class LineTooLongException extends IOException {
        LineTooLongException(String message) { super(message); }
    }

    byte[] buf() { return buf; }
    int start() { return start; }
    int end() { return end; }

    /** 1-based number of the current line. */
    long lineNumber() { return lineNumber; }

    /** Advances to the next line; false at end of input. */
    boolean next() throws IOException {
        int scanned = 0; // bytes after pos already known to hold no '\n'
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            scanned = limit - pos;
            if (scanned > maxLine) {
                throw new LineTooLongException("line is longer than " + maxLine
                        + " bytes (not an ARPA file, or a file without line breaks)");
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    /** Keeps the unread bytes buf[pos..limit) (moving them to the front, or growing the buffer
     *  for a very long line) and appends what the stream gives next. */
    private void fill() throws IOException {
        int unread = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
            pos = 0;
            limit = unread;
        } else if (limit == buf.length) {
            // grow up to just past the line limit (never past the array limit: doubling overflows int)
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLine + 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }

    private void setLine(int s, int e) {
        if (e > s && buf[e - 1] == '\r') e--;
        start = s;
        end = e;
        lineNumber++;
    }

    /** The current line as a String (UTF-8), for error messages. */
    String lineText() {
        return new String(buf, start, Math.min(end - start, 200), java.nio.charset.StandardCharsets.UTF_8);
    }
}
