package moglm.kaldi.table;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * A buffered byte stream for Kaldi objects: one-byte look-ahead ({@link #peek()}), little-endian
 * primitives for OpenFst / Kaldi binary data, whitespace-delimited tokens and lines for the text
 * forms, and the byte position (used in error messages and for {@code ark,scp} offsets).
 *
 * <p>Every read that runs out of data throws {@link EOFException} naming the source and the
 * position; gzip corruption surfaces as an {@link IOException} saying the gzip data is truncated
 * or corrupt. Nothing here allocates in proportion to a count read from the data: callers grow
 * their arrays as bytes actually arrive.
 *
 * <p>Closing releases the underlying stream and, for a pipe ({@code "gunzip -c x.gz |"}), waits
 * for the command and reports a non-zero exit status (see {@link KaldiIo#openInput(String)}).
 */
public final class KaldiInput implements Closeable {
    private final InputStream in;
    private final String name;
    private final Closeable onClose;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private long bufStart;   // stream position of buf[0]
    private boolean eof;

    /**
     * @param in      the raw stream (not buffered further)
     * @param name    printable source name for messages
     * @param onClose what closing does (closes {@code in}, waits for a pipe); null closes {@code in}
     * @param startPosition byte position of the first byte of {@code in} (offset for {@code file:123})
     */
    public KaldiInput(InputStream in, String name, Closeable onClose, long startPosition) {
        this.in = in;
        this.name = name;
        this.onClose = onClose != null ? onClose : in;
        this.bufStart = startPosition;
    }

    /** Wraps a stream that starts at position 0 and is closed on {@link #close()}. */
    public KaldiInput(InputStream in, String name) {
        this(in, name, null, 0);
    }

    /** Printable name of the source (file name, command, "standard input"). */
    public String name() {
        return name;
    }

    /** Position of the next byte to be read, counted from the start of the source. */
    public long position() {
        return bufStart + pos;
    }

    /** "name, byte N" for messages. */
    public String where() {
        return name + ", byte " + position();
    }

    private boolean fill() throws IOException {
        if (pos < lim) return true;
        if (eof) return false;
        bufStart += lim;
        pos = 0;
        lim = 0;
        int n;
        try {
            n = in.read(buf, 0, buf.length);
        } catch (EOFException | ZipException e) {
            throw new IOException(name + ": gzip data is truncated or corrupt near byte " + bufStart + " ("
                    + e.getMessage() + ")", e);
        }
        if (n <= 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }

    /** The next byte (0..255) without consuming it, or -1 at end of data. */
    public int peek() throws IOException {
        if (pos < lim || fill()) return buf[pos] & 0xff;
        return -1;
    }

    /** Consumes and returns the next byte (0..255), or -1 at end of data. */
    public int read() throws IOException {
        if (pos < lim || fill()) return buf[pos++] & 0xff;
        return -1;
    }

    /** Reads exactly {@code len} bytes or throws {@link EOFException} saying what was being read. */
    public void readFully(byte[] dst, int off, int len, String what) throws IOException {
        while (len > 0) {
            if (pos >= lim && !fill()) throw eof(what);
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    private EOFException eof(String what) {
        return new EOFException(name + ": unexpected end of data at byte " + position() + " while reading " + what);
    }

    private void require(int n, String what) throws IOException {
        if (lim - pos >= n) return;
        // move the remainder to the front and top up
        int rem = lim - pos;
        System.arraycopy(buf, pos, buf, 0, rem);
        bufStart += pos;
        pos = 0;
        lim = rem;
        while (lim < n) {
            if (eof) throw eof(what);
            int r;
            try {
                r = in.read(buf, lim, buf.length - lim);
            } catch (EOFException | ZipException e) {
                throw new IOException(name + ": gzip data is truncated or corrupt near byte " + (bufStart + lim) + " ("
                        + e.getMessage() + ")", e);
            }
            if (r <= 0) {
                eof = true;
                throw eof(what);
            }
            lim += r;
        }
    }

    /** Little-endian int32. */
    public int readInt32(String what) throws IOException {
        require(4, what);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** Little-endian int64. */
    public long readInt64(String what) throws IOException {
        require(8, what);
        long lo = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24;
        long hi = (buf[pos + 4] & 0xffL) | (buf[pos + 5] & 0xffL) << 8 | (buf[pos + 6] & 0xffL) << 16 | (buf[pos + 7] & 0xffL) << 24;
        pos += 8;
        return lo | hi << 32;
    }

    /** Little-endian IEEE float32 (bit pattern preserved). */
    public float readFloat32(String what) throws IOException {
        return Float.intBitsToFloat(readInt32(what));
    }

    /** Little-endian IEEE float64. */
    public double readFloat64(String what) throws IOException {
        return Double.longBitsToDouble(readInt64(what));
    }

    /** Skips ASCII whitespace (space, tab, newline, CR, VT, FF). */
    public void skipWhitespace() throws IOException {
        int c;
        while ((c = peek()) != -1 && isSpace(c)) pos++;
    }

    /** True for the bytes C's isspace() accepts in the "C" locale. */
    public static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    /**
     * Skips whitespace and reads a token (maximal run of non-whitespace bytes) as strict UTF-8,
     * like C++ {@code is >> str}. Returns null at end of data.
     *
     * @throws IOException when the token is longer than {@code maxBytes} or not valid UTF-8
     */
    public String readToken(int maxBytes, String what) throws IOException {
        skipWhitespace();
        if (peek() == -1) return null;
        byte[] tok = new byte[64];
        int n = 0;
        int c;
        while ((c = peek()) != -1 && !isSpace(c)) {
            if (n == maxBytes) throw new IOException(where() + ": " + what + " longer than " + maxBytes + " bytes");
            if (n == tok.length) tok = java.util.Arrays.copyOf(tok, Math.min(maxBytes, n * 2));
            tok[n++] = (byte) c;
            pos++;
        }
        return decodeUtf8(tok, 0, n, what);
    }

    /**
     * Reads the bytes up to the next newline (consumed, not returned; a trailing CR is dropped).
     * Returns null at end of data; the last line may lack its newline.
     *
     * @throws IOException when the line is longer than {@code maxBytes}
     */
    public byte[] readLineBytes(int maxBytes, String what) throws IOException {
        if (peek() == -1) return null;
        byte[] line = new byte[128];
        int n = 0;
        while (true) {
            if (pos >= lim && !fill()) break;
            // scan the buffer for '\n'
            int start = pos;
            int i = start;
            while (i < lim && buf[i] != '\n') i++;
            int chunk = i - start;
            if (n + chunk > maxBytes) {
                throw new IOException(where() + ": " + what + ": line longer than " + maxBytes + " bytes");
            }
            if (n + chunk > line.length) line = java.util.Arrays.copyOf(line, Math.max(n + chunk, line.length * 2));
            System.arraycopy(buf, start, line, n, chunk);
            n += chunk;
            pos = i;
            if (i < lim) { // found newline
                pos++;
                break;
            }
        }
        if (n > 0 && line[n - 1] == '\r') n--;
        return java.util.Arrays.copyOf(line, n);
    }

    /** Strict UTF-8 decoding with an error naming the source and position. */
    public String decodeUtf8(byte[] b, int off, int len, String what) throws IOException {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) if (b[i] < 0) { ascii = false; break; }
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(where() + ": " + what + " is not valid UTF-8");
        }
    }

    /** True once the source has reported end of data and every buffered byte was consumed. */
    public boolean reachedEnd() {
        return eof && pos >= lim;
    }

    /** True when no byte is left. */
    public boolean atEnd() throws IOException {
        return peek() == -1;
    }

    @Override public void close() throws IOException {
        onClose.close();
    }
}
