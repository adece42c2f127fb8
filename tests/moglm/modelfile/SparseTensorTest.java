package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sparse tensor storage: exact round trip, the size formula, and corrupt sections rejected by name. */
class SparseTensorTest {
    @Test void roundTripsExactlyAndIsSmallerWhenSparse() {
        Random r = new Random(4);
        for (double density : new double[] {0, 0.1, 0.5, 0.97, 1}) {
            for (int[] shape : new int[][] {{1, 1}, {3, 7}, {13, 5}, {64, 33}}) {
                float[] v = new float[shape[0] * shape[1]];
                long nnz = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextDouble() < density ? (float) r.nextGaussian() : (r.nextBoolean() ? 0f : -0f);
                    if (v[i] != 0f) nnz++;
                }
                byte[] b = SparseTensor.encode(shape[0], shape[1], v);
                assertEquals(SparseTensor.encodedSize(v.length, nnz), b.length);
                float[] back = SparseTensor.decode(b, shape[0], shape[1], "t");
                for (int i = 0; i < v.length; i++) {
                    assertEquals(Float.floatToIntBits(v[i] == 0f ? 0f : v[i]), Float.floatToIntBits(back[i]), "element " + i);
                }
                assertEquals(b.length < 8 + 4L * v.length, SparseTensor.smaller(v));
            }
        }
        float[] half = new float[1000];
        for (int i = 0; i < half.length; i += 2) half[i] = 1f;
        assertEquals(16 + 125 + 4 * 500, SparseTensor.encode(10, 100, half).length);
    }

    @Test void corruptSectionsAreRejected() {
        float[] v = {0, 1, 0, 2, 3, 0};
        byte[] good = SparseTensor.encode(2, 3, v);
        var shape = assertThrows(IllegalArgumentException.class, () -> SparseTensor.decode(good, 3, 2, "sparse/x"));
        assertTrue(shape.getMessage().contains("sparse/x") && shape.getMessage().contains("2x3"), shape.getMessage());
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
        assertThrows(IllegalArgumentException.class, () -> SparseTensor.decode(cut, 2, 3, "sparse/x"));
        byte[] bits = good.clone();
        bits[16] = (byte) 0xFF;   // 8 set bits, 6 elements, 3 values
        var e = assertThrows(IllegalArgumentException.class, () -> SparseTensor.decode(bits, 2, 3, "sparse/x"));
        assertTrue(e.getMessage().contains("set bits") || e.getMessage().contains("past the end"), e.getMessage());
    }
}
