package moglm.kaldi.lattice;

import java.io.IOException;
import java.io.OutputStream;

/** Buffers little-endian primitives for an OutputStream (the binary FST writer's hot path). */
final class LittleEndianWriter {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 15];
    private int n;

    LittleEndianWriter(OutputStream out) {
        this.out = out;
    }

    private void room(int k) throws IOException {
        if (n + k > buf.length) flush();
    }

    void int32(int v) throws IOException {
        room(4);
        buf[n] = (byte) v;
        buf[n + 1] = (byte) (v >>> 8);
        buf[n + 2] = (byte) (v >>> 16);
        buf[n + 3] = (byte) (v >>> 24);
        n += 4;
    }

    void int64(long v) throws IOException {
        int32((int) v);
        int32((int) (v >>> 32));
    }

    void float32(float f) throws IOException {
        int32(Float.floatToRawIntBits(f));
    }

    /** OpenFst string: int32 length, then the bytes. */
    void string(String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int32(b.length);
        flush();
        out.write(b);
    }

    void flush() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
        }
    }
}
