package moglm.kaldi.ngram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bounds-checked little-endian reads over a whole file mapped into memory. Every read past the
 * end, and every count that the remaining bytes cannot hold, throws an {@link LmFileException}
 * naming the file and offset, so a truncated file or a lying size field never allocates more
 * than the file could contain.
 */
final class BinaryInput {
    final String source;
    private final ByteBuffer buf;

    private BinaryInput(String source, ByteBuffer buf) {
        this.source = source;
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Maps {@code path} read-only (files of 2 GiB and more are refused with a clear message). */
    static BinaryInput open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8)
                throw new LmFileException(path.toString(), 0, "file of " + size + " bytes is too large (at most 2 GiB is supported)");
            return new BinaryInput(path.toString(), ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    /** Reads from an in-memory copy (tests, fuzzing). */
    static BinaryInput of(byte[] bytes, String source) {
        return new BinaryInput(source, ByteBuffer.wrap(bytes));
    }

    long position() { return buf.position(); }

    long remaining() { return buf.remaining(); }

    long size() { return buf.limit(); }

    LmFileException error(String message) {
        return new LmFileException(source, buf.position(), message);
    }

    LmFileException errorAt(long offset, String message) {
        return new LmFileException(source, offset, message);
    }

    private void need(long n, String what) throws LmFileException {
        if (n > buf.remaining())
            throw error("file ends inside " + what + " (needs " + n + " bytes, " + buf.remaining() + " left): truncated?");
    }

    int peekByte() {
        return buf.hasRemaining() ? buf.get(buf.position()) & 0xff : -1;
    }

    int u8(String what) throws LmFileException {
        need(1, what);
        return buf.get() & 0xff;
    }

    int i32(String what) throws LmFileException {
        need(4, what);
        return buf.getInt();
    }

    long i64(String what) throws LmFileException {
        need(8, what);
        return buf.getLong();
    }

    float f32(String what) throws LmFileException {
        need(4, what);
        return buf.getFloat();
    }

    void skip(long n, String what) throws LmFileException {
        need(n, what);
        buf.position((int) (buf.position() + n));
    }

    /** Skips to the next multiple of {@code align} bytes from the start of the file. */
    void align(int align, String what) throws LmFileException {
        long pad = (align - buf.position() % align) % align;
        skip(pad, "alignment padding before " + what);
    }

    /** Checks that {@code count} items of {@code itemBytes} each fit in the rest of the file. */
    void checkCount(long count, long itemBytes, String what) throws LmFileException {
        if (count < 0) throw error(what + ": negative count " + count);
        if (count > buf.remaining() / itemBytes)
            throw error(what + ": count " + count + " needs " + count + " x " + itemBytes
                    + " bytes but only " + buf.remaining() + " are left (lying size or truncated file)");
    }

    /** Reads {@code count} int32 values (count already checked). */
    void ints(int[] out, int count, String what) throws LmFileException {
        need(4L * count, what);
        buf.asIntBuffer().get(out, 0, count);
        buf.position(buf.position() + 4 * count);
    }

    /** Reads {@code count} int64 values. */
    void longs(long[] out, int count, String what) throws LmFileException {
        need(8L * count, what);
        buf.asLongBuffer().get(out, 0, count);
        buf.position(buf.position() + 8 * count);
    }

    /** Bytes [from, from+len) as ISO-8859-1 text (for tokens and names in messages). */
    String ascii(int len, String what) throws LmFileException {
        need(len, what);
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
