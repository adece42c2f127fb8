package moglm.modelfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sparse storage of one tensor in a model file: section {@code sparse/NAME} (BYTES) instead of
 * {@code param/NAME}, for element-pruned exports. Layout (little-endian):
 * <pre>
 *   int32 rows, int32 cols, int64 nnz
 *   bitmap   ceil(rows*cols / 8) bytes: bit (i &amp; 7) of byte (i &gt;&gt; 3) is set iff element i
 *            (row-major) is non-zero
 *   values   nnz float32, the non-zero elements in row-major order
 * </pre>
 * 1/8 byte per element plus 4 per non-zero: smaller than the 4 bytes per element of dense storage
 * whenever fewer than 31/32 of the elements are non-zero ({@link #smaller}). Zeros of either sign
 * are dropped (a -0 comes back as +0).
 */
public final class SparseTensor {
    private static final int HEADER = 16;

    private SparseTensor() {}

    /** Bytes of the sparse form of n elements with nnz non-zeros. */
    public static long encodedSize(long n, long nnz) { return HEADER + (n + 7) / 8 + 4 * nnz; }

    /** True when the sparse form of {@code data} is smaller than the dense form (4 bytes each). */
    public static boolean smaller(float[] data) {
        long nnz = 0;
        for (float v : data) if (v != 0f) nnz++;
        return encodedSize(data.length, nnz) < 8 + 4L * data.length;
    }

    public static byte[] encode(int rows, int cols, float[] data) {
        if ((long) rows * cols != data.length) throw new IllegalArgumentException(rows + "x" + cols + " != " + data.length + " values");
        long nnz = 0;
        for (float v : data) if (v != 0f) nnz++;
        long size = encodedSize(data.length, nnz);
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large for sparse storage");
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(rows).putInt(cols).putLong(nnz);
        byte[] bitmap = new byte[(data.length + 7) / 8];
        for (int i = 0; i < data.length; i++) if (data[i] != 0f) bitmap[i >> 3] |= (byte) (1 << (i & 7));
        b.put(bitmap);
        for (float v : data) if (v != 0f) b.putFloat(v);
        return b.array();
    }

    /**
     * Decodes a sparse section of a tensor that must be rows x cols.
     * @param where file and section for error messages
     */
    public static float[] decode(byte[] bytes, int rows, int cols, String where) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER) throw new IllegalArgumentException(where + ": sparse tensor shorter than its header");
        int r = b.getInt(), c = b.getInt();
        long nnz = b.getLong();
        if (r != rows || c != cols) {
            throw new IllegalArgumentException(where + ": sparse tensor is " + r + "x" + c + ", the config implies " + rows + "x" + cols);
        }
        long n = (long) rows * cols;
        if (nnz < 0 || nnz > n || bytes.length != encodedSize(n, nnz)) {
            throw new IllegalArgumentException(where + ": sparse tensor of " + n + " elements with " + nnz
                    + " non-zeros needs " + (nnz < 0 || nnz > n ? "a non-zero count in [0, n]" : encodedSize(n, nnz) + " bytes")
                    + ", has " + bytes.length + " bytes");
        }
        float[] out = new float[(int) n];
        byte[] bitmap = new byte[(int) ((n + 7) / 8)];
        b.get(bitmap);
        long seen = 0;
        for (int i = 0; i < out.length; i++) {
            if ((bitmap[i >> 3] >> (i & 7) & 1) != 0) {
                if (++seen > nnz) break;
                out[i] = b.getFloat();
            }
        }
        if (seen != nnz) throw new IllegalArgumentException(where + ": sparse tensor bitmap has " + (seen > nnz ? "more" : "fewer")
                + " set bits than its " + nnz + " values");
        for (int i = out.length; i < bitmap.length * 8; i++) {
            if ((bitmap[i >> 3] >> (i & 7) & 1) != 0) throw new IllegalArgumentException(where + ": sparse tensor bitmap has bits past the end");
        }
        return out;
    }
}
