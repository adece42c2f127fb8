package moglm.modelfile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import moglm.util.AtomicFile;

/**
 * The container of moglm model and checkpoint files: a header, named typed sections, a checksum
 * footer (in the spirit of Lucene's codec files). All integers and floats are little-endian.
 *
 * <pre>
 * header   8 bytes  magic "MOGLM\0\r\n"  (the CR LF catches text-mode transfers)
 *          u8 len + UTF-8   codec name, e.g. "moglm-model" or "moglm-checkpoint"
 *          i32      format version ({@link #VERSION}; a newer version is refused). 1: the original
 *                   format; 2: model configs may name factored LSTM / embedding matrices
 *                   ({@code lstm_rank}, {@code embed_rank}, see {@link ModelFile}); the container
 *                   is unchanged, so version 1 files read as before
 *          i32      number of sections
 * section  u16 len + UTF-8  name (unique), u8 kind, i64 payload length, payload:
 *            TEXT   UTF-8 text (config key=value lines, a words.txt, JSON lines...)
 *            FLOATS i32 rows, i32 cols, rows*cols float32 (row-major)
 *            INTS   i32 count, count int32
 *            BYTES  raw bytes
 * footer   4 bytes  "MEND", i64 CRC32C of every byte before this field
 * </pre>
 * Readers ignore sections they do not know, so new sections (e.g. pruning level masks) can be
 * added without a format change; a reader asks only for the names it needs.
 * Files are written atomically ({@link AtomicFile}); reading verifies magic, version, the
 * structure and the checksum before returning anything, and fails with a
 * {@link ModelFileException} naming the file and the problem.
 */
public final class SectionFile {
    public static final int VERSION = 2;
    static final byte[] MAGIC = {'M', 'O', 'G', 'L', 'M', 0, '\r', '\n'};
    static final byte[] FOOTER = {'M', 'E', 'N', 'D'};
    static final byte TEXT = 0, FLOATS = 1, INTS = 2, BYTES = 3;

    /** A row-major float tensor. */
    public record Floats(int rows, int cols, float[] data) {}

    /**
     * Values of a FLOATS section read when the file is written, not before (e.g. a model's
     * tensor, streamed from native memory): {@code read(from, dst, len)} puts values
     * {@code from..from+len-1} into {@code dst[0..len)}.
     */
    @FunctionalInterface
    public interface FloatSource {
        void read(long from, float[] dst, int len);
    }

    /** A FLOATS section whose values are read from a {@link FloatSource} while the file is written. */
    private record StreamedFloats(int rows, int cols, FloatSource source) {}

    /** Floats a streamed section reads per call (64 KiB). */
    static final int STREAM_CHUNK = 1 << 14;

    /** A FLOATS section not decoded yet: its shape and where its values start in the file. */
    private record FloatsAt(int rows, int cols, int at) {}

    /** A BYTES section not copied yet: where it starts in the file and its length. */
    private record BytesAt(int at, int length) {}

    /** A TEXT section not decoded yet: where its UTF-8 starts in the file and its length. */
    private record TextAt(int at, int length) {}

    private final Path file;
    private final String codec;
    private final int version;
    private final Map<String, Object> sections;
    /** The whole file, read-only, little-endian (the verified bytes the lazy sections point into). */
    private final ByteBuffer data;

    private SectionFile(Path file, String codec, int version, Map<String, Object> sections, ByteBuffer data) {
        this.file = file;
        this.codec = codec;
        this.version = version;
        this.sections = sections;
        this.data = data;
    }

    public String codec() { return codec; }

    public int version() { return version; }

    public Path file() { return file; }

    /** Section names in file order. */
    public List<String> names() { return new ArrayList<>(sections.keySet()); }

    public boolean has(String name) { return sections.containsKey(name); }

    /** A section's kind: "text", "floats", "ints" or "bytes" (null when absent). */
    public String kind(String name) {
        Object o = sections.get(name);
        if (o == null) return null;
        return o instanceof TextAt ? "text" : o instanceof FloatsAt ? "floats" : o instanceof int[] ? "ints" : "bytes";
    }

    /** A TEXT section (bytes that are not UTF-8 decode to U+FFFD). */
    public String text(String name) throws ModelFileException {
        return new String(textPayload(name), StandardCharsets.UTF_8);
    }

    /**
     * A TEXT section as UTF-8 bytes: exactly {@code text(name).getBytes(UTF_8)}, but an ASCII
     * payload (a model's vocabulary, usually) is copied as it is, without making the String.
     */
    public byte[] textBytes(String name) throws ModelFileException {
        byte[] b = textPayload(name);
        for (byte x : b) if (x < 0) return new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return b;
    }

    private byte[] textPayload(String name) throws ModelFileException {
        TextAt t = get(name, TextAt.class, "text");
        byte[] b = new byte[t.length()];
        slice(t.at(), t.length()).get(b);
        return b;
    }

    /** A FLOATS section, decoded into a new array at each call (see {@link #floatBytes} for the undecoded values). */
    public Floats floats(String name) throws ModelFileException {
        FloatsAt t = get(name, FloatsAt.class, "float tensor");
        float[] d = new float[t.rows() * t.cols()];
        slice(t.at(), 4 * d.length).asFloatBuffer().get(d);
        return new Floats(t.rows(), t.cols(), d);
    }

    /** The shape {rows, cols} of a FLOATS section, without decoding its values. */
    public int[] floatsShape(String name) throws ModelFileException {
        FloatsAt t = get(name, FloatsAt.class, "float tensor");
        return new int[] {t.rows(), t.cols()};
    }

    /**
     * The values of a FLOATS section as they are in the file, without a copy: a read-only,
     * little-endian buffer of rows*cols float32 (4 bytes each), positioned at the first value, and
     * the byte offset of that value in the file ({@link #offsetOf}). Loading a model copies it
     * straight into native memory.
     */
    public ByteBuffer floatBytes(String name) throws ModelFileException {
        FloatsAt t = get(name, FloatsAt.class, "float tensor");
        return slice(t.at(), 4 * t.rows() * t.cols());
    }

    /** Byte offset in the file of the payload of a FLOATS (first value) or BYTES section; -1 for other kinds. */
    public long offsetOf(String name) {
        Object o = sections.get(name);
        return o instanceof FloatsAt t ? t.at() : o instanceof BytesAt b ? b.at() : -1;
    }

    /** An INTS section. */
    public int[] ints(String name) throws ModelFileException { return get(name, int[].class, "int array").clone(); }

    /** A BYTES section (a new copy at each call). */
    public byte[] bytes(String name) throws ModelFileException {
        BytesAt b = get(name, BytesAt.class, "bytes");
        byte[] out = new byte[b.length()];
        slice(b.at(), b.length()).get(out);
        return out;
    }

    /** A BYTES section without a copy: read-only, little-endian, positioned at its first byte. */
    public ByteBuffer bytesView(String name) throws ModelFileException {
        BytesAt b = get(name, BytesAt.class, "bytes");
        return slice(b.at(), b.length());
    }

    private ByteBuffer slice(int at, int length) {
        return data.slice(at, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A writer holding this file's codec and every section except those in {@code except}, in file
     * order: add sections to it and write it to rewrite the file with new or replaced sections.
     */
    public Writer copy(java.util.Set<String> except) throws ModelFileException {
        Writer w = new Writer(codec);
        for (Map.Entry<String, Object> e : sections.entrySet()) {
            String n = e.getKey();
            if (except.contains(n)) continue;
            Object v = e.getValue();
            w.put(n, v instanceof FloatsAt ? floats(n) : v instanceof BytesAt ? bytes(n) : v instanceof TextAt ? text(n) : v);
        }
        return w;
    }

    private <T> T get(String name, Class<T> type, String what) throws ModelFileException {
        Object o = sections.get(name);
        if (o == null) throw new ModelFileException(file, "missing section '" + name + "' (has " + sections.keySet() + ")");
        if (!type.isInstance(o)) throw new ModelFileException(file, "section '" + name + "' is not a " + what);
        return type.cast(o);
    }

    /**
     * Reads and verifies a file; {@code expectedCodec} null accepts any codec.
     *
     * <p>The file is mapped into memory read-only, not copied: the checksum and the structure are
     * verified over the mapping, INTS sections are decoded, and TEXT, FLOATS and BYTES sections
     * stay where they are in the mapping until asked for ({@link #text}, {@link #textBytes},
     * {@link #floats}, {@link #floatBytes}, {@link #bytes}). The mapping holds the file as it was
     * opened: moglm replaces files by renaming a new one over them ({@link AtomicFile}), which
     * leaves an open mapping on the old contents; a file overwritten in place by another program
     * while it is read is not supported.
     * What is not a regular file (a named pipe, {@code <(zcat model.mlm.gz)}) is read into memory.
     */
    public static SectionFile read(Path file, String expectedCodec) throws IOException {
        if (Files.isDirectory(file)) throw new ModelFileException(file, "is a directory, expected a model file");
        ByteBuffer bb;
        if (Files.exists(file) && !Files.isRegularFile(file)) {   // a pipe or device cannot be mapped: read it
            try {
                bb = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new ModelFileException(file, moglm.util.ErrorMessages.of(e));
            }
        } else try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new ModelFileException(file, "is " + size + " bytes; model and checkpoint files over 2 GiB are not supported");
            }
            bb = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such file");
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, moglm.util.ErrorMessages.of(e));
        }
        int length = bb.capacity();
        if (length < MAGIC.length) throw new ModelFileException(file, "not a moglm file (only " + length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (bb.get(i) != MAGIC[i]) throw new ModelFileException(file, "not a moglm model file (wrong magic bytes)");
        }
        if (length < MAGIC.length + 1 + 8 + FOOTER.length + 8) {
            throw new ModelFileException(file, "truncated: " + length + " bytes is shorter than header + footer");
        }
        int footerAt = length - 12;
        boolean footerOk = true;
        for (int i = 0; i < 4; i++) footerOk &= bb.get(footerAt + i) == FOOTER[i];
        if (!footerOk) {
            throw new ModelFileException(file, "truncated or corrupted: no end marker at byte " + footerAt + " of " + length
                    + " (file was cut short or damaged)");
        }
        long stored = bb.getLong(length - 8);
        CRC32C crc = new CRC32C();
        crc.update(bb.slice(0, length - 8));
        if (crc.getValue() != stored) {
            throw new ModelFileException(file, String.format("checksum mismatch (stored %08x, computed %08x): file is corrupted",
                    stored, crc.getValue()));
        }
        ByteBuffer data = bb.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;   // start of the item being parsed, for the messages
        try {
            bb.position(MAGIC.length);
            String codec = readString(bb, 1);
            int version = bb.getInt();
            if (version > VERSION) {
                throw new ModelFileException(file, "format version " + version + " is newer than this moglm reads ("
                        + VERSION + "); use a newer moglm");
            }
            if (version < 1) throw new ModelFileException(file, "bad format version " + version);
            if (expectedCodec != null && !expectedCodec.equals(codec)) {
                throw new ModelFileException(file, "is a '" + codec + "' file, expected '" + expectedCodec + "'");
            }
            at = bb.position();
            int n = bb.getInt();
            if (n < 0) throw new ModelFileException(file, "bad section count " + n + " at byte " + at);
            Map<String, Object> sections = new LinkedHashMap<>();
            for (int s = 0; s < n; s++) {
                at = bb.position();
                String name = readString(bb, 2);
                byte kind = bb.get();
                long len = bb.getLong();
                if (len < 0 || len > footerAt - bb.position()) {
                    throw new ModelFileException(file, "section '" + name + "' at byte " + at + ": length " + len
                            + " runs past the end (" + (footerAt - bb.position()) + " bytes left before the footer)");
                }
                int start = bb.position();
                Object value = switch (kind) {
                    case TEXT -> new TextAt(start, (int) len);
                    case BYTES -> new BytesAt(start, (int) len);
                    case FLOATS -> {
                        int rows = bb.getInt(), cols = bb.getInt();
                        if (rows < 0 || cols < 0 || 8 + 4L * rows * cols != len) {
                            throw new ModelFileException(file, "tensor '" + name + "' at byte " + at + " has shape " + rows + "x" + cols
                                    + " but " + len + " payload bytes");
                        }
                        yield new FloatsAt(rows, cols, start + 8);
                    }
                    case INTS -> {
                        int count = bb.getInt();
                        if (count < 0 || 4 + 4L * count != len) {
                            throw new ModelFileException(file, "int section '" + name + "' at byte " + at + ": count " + count
                                    + " vs " + len + " bytes");
                        }
                        int[] d = new int[count];
                        bb.asIntBuffer().get(d);
                        yield d;
                    }
                    default -> throw new ModelFileException(file, "section '" + name + "' at byte " + at + " has unknown kind " + kind);
                };
                if (sections.put(name, value) != null) {
                    throw new ModelFileException(file, "duplicate section '" + name + "' at byte " + at);
                }
                bb.position(start + (int) len);
            }
            if (bb.position() != footerAt) {
                throw new ModelFileException(file, (footerAt - bb.position()) + " unexplained bytes before the footer (bytes "
                        + bb.position() + ".." + footerAt + ")");
            }
            return new SectionFile(file, codec, version, Collections.unmodifiableMap(sections), data);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ModelFileException(file, "malformed structure at byte " + at + " (" + e + ")");
        }
    }

    private static String readString(ByteBuffer bb, int lenBytes) {
        int len = lenBytes == 1 ? Byte.toUnsignedInt(bb.get()) : Short.toUnsignedInt(bb.getShort());
        byte[] b = new byte[len];
        bb.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Collects sections and writes them as one file. */
    public static final class Writer {
        private final String codec;
        private final Map<String, Object> sections = new LinkedHashMap<>();

        public Writer(String codec) {
            if (codec.getBytes(StandardCharsets.UTF_8).length > 255) throw new IllegalArgumentException("codec name too long");
            this.codec = codec;
        }

        private Writer put(String name, Object v) {
            if (name.getBytes(StandardCharsets.UTF_8).length > 65535) throw new IllegalArgumentException("section name too long");
            if (sections.put(name, v) != null) throw new IllegalArgumentException("duplicate section '" + name + "'");
            return this;
        }

        public Writer text(String name, String text) { return put(name, text); }

        public Writer floats(String name, int rows, int cols, float[] data) {
            if ((long) rows * cols != data.length) {
                throw new IllegalArgumentException("tensor '" + name + "': " + rows + "x" + cols + " != " + data.length + " values");
            }
            return put(name, new Floats(rows, cols, data));
        }

        /**
         * A FLOATS section of rows x cols values read from {@code source} in chunks when the file is
         * written ({@link #write}): the bytes are those of {@link #floats(String, int, int, float[])}
         * with the same values, without an array of all of them. The source must give the same
         * values until the write is done.
         */
        public Writer floats(String name, int rows, int cols, FloatSource source) {
            if (rows < 0 || cols < 0) throw new IllegalArgumentException("tensor '" + name + "': bad shape " + rows + "x" + cols);
            if (source == null) throw new IllegalArgumentException("tensor '" + name + "': source is null");
            return put(name, new StreamedFloats(rows, cols, source));
        }

        public Writer ints(String name, int[] data) { return put(name, data); }

        public Writer bytes(String name, byte[] data) { return put(name, data); }

        /** Writes the file atomically (temp file + rename). */
        public void write(Path target) throws IOException {
            try (AtomicFile.Writer w = AtomicFile.create(target)) {
                writeTo(w.stream());
                w.commit();
            }
        }

        void writeTo(OutputStream raw) throws IOException {
            CRC32C crc = new CRC32C();
            CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
            LittleEndianOut out = new LittleEndianOut(checked);
            float[] chunk = null;   // streamed sections' values, one chunk at a time
            out.write(MAGIC);
            writeString(out, codec, 1);
            out.i32(VERSION);
            out.i32(sections.size());
            for (Map.Entry<String, Object> e : sections.entrySet()) {
                writeString(out, e.getKey(), 2);
                Object v = e.getValue();
                if (v instanceof String s) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    out.u8(TEXT); out.i64(b.length); out.write(b);
                } else if (v instanceof byte[] b) {
                    out.u8(BYTES); out.i64(b.length); out.write(b);
                } else if (v instanceof Floats f) {
                    out.u8(FLOATS); out.i64(8 + 4L * f.data().length);
                    out.i32(f.rows()); out.i32(f.cols()); out.floats(f.data());
                } else if (v instanceof StreamedFloats f) {
                    long size = (long) f.rows() * f.cols();
                    out.u8(FLOATS); out.i64(8 + 4L * size);
                    out.i32(f.rows()); out.i32(f.cols());
                    if (chunk == null && size > 0) chunk = new float[STREAM_CHUNK];
                    for (long at = 0; at < size; at += STREAM_CHUNK) {
                        int len = (int) Math.min(STREAM_CHUNK, size - at);
                        f.source().read(at, chunk, len);
                        out.floats(chunk, len);
                    }
                } else {
                    int[] a = (int[]) v;
                    out.u8(INTS); out.i64(4 + 4L * a.length);
                    out.i32(a.length); out.ints(a);
                }
            }
            out.write(FOOTER);
            out.flush();
            long value = crc.getValue();
            LittleEndianOut tail = new LittleEndianOut(raw);
            tail.i64(value);
            tail.flush();
        }

        private static void writeString(LittleEndianOut out, String s, int lenBytes) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (lenBytes == 1) out.u8(b.length); else out.u16(b.length);
            out.write(b);
        }
    }

    /** Little-endian primitive writer with bulk float/int conversion. */
    static final class LittleEndianOut {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        LittleEndianOut(OutputStream out) { this.out = out; }

        private void room(int n) throws IOException { if (buf.remaining() < n) drain(); }

        private void drain() throws IOException {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }

        void u8(int v) throws IOException { room(1); buf.put((byte) v); }
        void u16(int v) throws IOException { room(2); buf.putShort((short) v); }
        void i32(int v) throws IOException { room(4); buf.putInt(v); }
        void i64(long v) throws IOException { room(8); buf.putLong(v); }

        void write(byte[] b) throws IOException {
            drain();
            out.write(b);
        }

        void floats(float[] a) throws IOException { floats(a, a.length); }

        /** a[0..length). */
        void floats(float[] a, int length) throws IOException {
            int i = 0;
            while (i < length) {
                room(4);
                int n = Math.min(length - i, buf.remaining() / 4);
                buf.asFloatBuffer().put(a, i, n);
                buf.position(buf.position() + 4 * n);
                i += n;
            }
        }

        void ints(int[] a) throws IOException {
            int i = 0;
            while (i < a.length) {
                room(4);
                int n = Math.min(a.length - i, buf.remaining() / 4);
                buf.asIntBuffer().put(a, i, n);
                buf.position(buf.position() + 4 * n);
                i += n;
            }
        }

        void flush() throws IOException {
            drain();
            out.flush();
        }
    }
}
