package moglm.modelfile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one byte layout of structured BYTES sections ({@link SectionFile}): every payload starts
 * with a 4-byte ASCII magic naming its format and an {@code i32} format version, and all numbers
 * are little-endian, like the container around it.
 *
 * <pre>
 * magic     4 ASCII bytes, e.g. "MGLV" (one per payload format, see {@link Sections})
 * version   i32 little-endian, &gt;= 2
 * body      i32 / i64 / f32 / f64 little-endian, booleans as one byte 0/1,
 *           strings as i32 byte length + UTF-8
 * </pre>
 *
 * <p><b>Version 1 (legacy, read only).</b> Payloads written before this codec used Java's
 * big-endian {@code DataOutputStream}: the magic as a big-endian int (the same four bytes), the
 * version as a big-endian {@code 1} (bytes {@code 00 00 00 01}, which no little-endian version
 * &gt;= 2 can start with), then a big-endian body with strings in {@code writeUTF} form (u16
 * big-endian length + modified UTF-8). {@link #read} recognises such a payload by its version
 * bytes and reads it with the same calls, so every format keeps reading its old files; new
 * payloads are always written as version 2 or later. {@link #readLegacy} reads the big-endian
 * payloads of the formats that had no magic or no version at all.
 *
 * <pre>{@code
 * Writer w = SectionCodec.writer("MGRL", 2);
 * w.writeInt(ranks.length);
 * for (int k : ranks) w.writeInt(k);
 * byte[] payload = w.toBytes();
 *
 * Reader r = SectionCodec.read(payload, "lowrank.levels", "MGRL", 2, file.toString());
 * int n = r.readInt();  ...
 * r.end();                              // trailing bytes are an error
 * }</pre>
 * Reading past the end is an {@link IOException} "section S is truncated" naming the source.
 */
public final class SectionCodec {
    /** The version number of the big-endian payloads written before this codec. */
    public static final int LEGACY_VERSION = 1;

    private SectionCodec() {}

    /** A writer of a payload of format {@code magic} (4 ASCII characters), version {@code version} >= 2. */
    public static Writer writer(String magic, int version) {
        if (version < 2) throw new IllegalArgumentException("new payloads are version 2 or later, got " + version);
        Writer w = new Writer();
        w.out.writeBytes(magicBytes(magic));
        w.writeInt(version);
        return w;
    }

    /** True when {@code payload} starts with {@code magic}. */
    public static boolean startsWith(byte[] payload, String magic) {
        byte[] m = magicBytes(magic);
        return payload.length >= 4 && Arrays.equals(payload, 0, 4, m, 0, 4);
    }

    /**
     * A reader positioned after magic and version; {@link Reader#version()} tells which version
     * (1 = legacy big-endian).
     *
     * @param section    the section name, for messages
     * @param maxVersion the newest version this build reads
     * @param where      the file, for messages
     */
    public static Reader read(byte[] payload, String section, String magic, int maxVersion, String where) throws IOException {
        if (!startsWith(payload, magic)) {
            throw new IOException(where + ": section " + section + " does not start with " + magic);
        }
        if (payload.length < 8) throw new IOException(where + ": section " + section + " is truncated");
        int be = ByteBuffer.wrap(payload, 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        if (be == LEGACY_VERSION) return new Reader(payload, 8, ByteOrder.BIG_ENDIAN, LEGACY_VERSION, section, where);
        int v = ByteBuffer.wrap(payload, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (v < 2 || v > maxVersion) {
            throw new IOException(where + ": " + section + " version " + v + ", this build reads 1.." + maxVersion);
        }
        return new Reader(payload, 8, ByteOrder.LITTLE_ENDIAN, v, section, where);
    }

    /**
     * A big-endian reader from byte {@code offset} for the formats that were written without a
     * magic or a version ({@link Reader#version()} is 0).
     */
    public static Reader readLegacy(byte[] payload, int offset, String section, String where) {
        return new Reader(payload, offset, ByteOrder.BIG_ENDIAN, 0, section, where);
    }

    private static byte[] magicBytes(String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 4) throw new IllegalArgumentException("a payload magic has 4 ASCII characters: '" + magic + "'");
        return m;
    }

    /** Writes a little-endian payload. */
    public static final class Writer {
        private final ChunkedBytes out = new ChunkedBytes();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        private Writer() {}

        private Writer put(int n) {
            out.write(scratch.array(), 0, n);
            scratch.clear();
            return this;
        }

        public Writer writeInt(int v) { scratch.putInt(v); return put(4); }
        public Writer writeLong(long v) { scratch.putLong(v); return put(8); }
        public Writer writeFloat(float v) { scratch.putFloat(v); return put(4); }
        public Writer writeDouble(double v) { scratch.putDouble(v); return put(8); }
        public Writer writeBoolean(boolean v) { out.write(v ? 1 : 0); return this; }
        public Writer writeByte(int v) { out.write(v); return this; }
        public Writer write(byte[] b) { out.writeBytes(b); return this; }

        /** i32 byte length + UTF-8. */
        public Writer writeString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeInt(b.length);
            return write(b);
        }

        public byte[] toBytes() { return out.toByteArray(); }
    }

    /**
     * An append-only byte sink in chunks of 1 MiB: a payload of tens of MB (the level masks at
     * V = 200k) is collected without the doubling copies of a ByteArrayOutputStream (each a
     * "humongous" heap allocation that made the JVM grow its heap), then copied once into an
     * array of its exact length.
     */
    private static final class ChunkedBytes {
        private static final int CHUNK = 1 << 20;
        private final java.util.List<byte[]> full = new java.util.ArrayList<>();
        private byte[] cur = new byte[256];
        private int n;   // bytes used in cur

        private void room() {
            if (n < cur.length) return;
            if (cur.length < CHUNK) {   // small payloads stay in one small array
                cur = java.util.Arrays.copyOf(cur, Math.min(CHUNK, 2 * cur.length));
                return;
            }
            full.add(cur);
            cur = new byte[CHUNK];
            n = 0;
        }

        void write(int b) {
            room();
            cur[n++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            while (len > 0) {
                room();
                int k = Math.min(len, cur.length - n);
                System.arraycopy(b, off, cur, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        void writeBytes(byte[] b) { write(b, 0, b.length); }

        byte[] toByteArray() {
            long size = (long) full.size() * CHUNK + n;
            byte[] r = new byte[Math.toIntExact(size)];
            int at = 0;
            for (byte[] c : full) {
                System.arraycopy(c, 0, r, at, c.length);
                at += c.length;
            }
            System.arraycopy(cur, 0, r, at, n);
            return r;
        }
    }

    /** Reads a payload in the byte order its version implies; running past the end is an IOException. */
    public static final class Reader {
        private final ByteBuffer in;
        private final int version;
        private final String section, where;

        private Reader(byte[] payload, int offset, ByteOrder order, int version, String section, String where) {
            this.in = ByteBuffer.wrap(payload, offset, payload.length - offset).slice().order(order);
            this.version = version;
            this.section = section;
            this.where = where;
        }

        /** The payload's format version (1 = legacy big-endian; 0 = legacy without a version). */
        public int version() { return version; }

        private ByteBuffer need(int n) throws IOException {
            if (in.remaining() < n) throw new IOException(where + ": section " + section + " is truncated", new EOFException());
            return in;
        }

        public int readInt() throws IOException { return need(4).getInt(); }
        public long readLong() throws IOException { return need(8).getLong(); }
        public float readFloat() throws IOException { return need(4).getFloat(); }
        public double readDouble() throws IOException { return need(8).getDouble(); }
        public byte readByte() throws IOException { return need(1).get(); }

        public boolean readBoolean() throws IOException {
            byte b = need(1).get();
            if (b != 0 && b != 1) throw new IOException(where + ": section " + section + ": boolean byte " + b);
            return b == 1;
        }

        public void readFully(byte[] b) throws IOException { need(b.length).get(b); }

        /** A string as {@link Writer#writeString} writes it (legacy versions: {@code DataOutput.writeUTF}). */
        public String readString() throws IOException {
            if (in.order() == ByteOrder.BIG_ENDIAN) {
                int n = Short.toUnsignedInt(need(2).getShort());
                byte[] b = new byte[n + 2];
                b[0] = (byte) (n >> 8);
                b[1] = (byte) n;
                need(n).get(b, 2, n);
                try {
                    return new DataInputStream(new ByteArrayInputStream(b)).readUTF();
                } catch (UTFDataFormatException e) {
                    throw new IOException(where + ": section " + section + ": bad string: " + e.getMessage());
                }
            }
            int n = readInt();
            if (n < 0) throw new IOException(where + ": section " + section + ": negative string length " + n);
            byte[] b = new byte[n];
            readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        /** Bytes not read yet. */
        public int remaining() { return in.remaining(); }

        /** Checks that the whole payload was read. */
        public void end() throws IOException {
            if (in.remaining() != 0) throw new IOException(where + ": " + in.remaining() + " trailing bytes in " + section);
        }
    }
}
