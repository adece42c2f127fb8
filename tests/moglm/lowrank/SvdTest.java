package moglm.lowrank;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Svd} (LAPACK dgesdd): reconstruction, orthonormality, ordering, Eckart-Young error,
 * nested factors, and agreement with the plain-Java Jacobi reference {@link JacobiSvd}.
 */
class SvdTest {
    static double[] random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
        return a;
    }

    @Test void fullRankReproducesTheMatrix() {
        for (int[] s : new int[][] {{7, 4}, {4, 7}, {12, 12}, {30, 9}, {1, 5}, {5, 1}}) {
            double[] a = random(s[0], s[1], s[0] * 31 + s[1]);
            double[] copy = a.clone();
            Svd svd = Svd.of(a, s[0], s[1]);
            assertArrayEquals(copy, a, "the input is not modified");
            assertEquals(Math.min(s[0], s[1]), svd.fullRank());
            double[] back = svd.truncated(svd.fullRank());
            for (int i = 0; i < a.length; i++) assertEquals(a[i], back[i], 1e-10, s[0] + "x" + s[1]);
            for (int i = 1; i < svd.fullRank(); i++) assertTrue(svd.singular(i - 1) >= svd.singular(i));
            // U and V have orthonormal columns
            for (int p = 0; p < svd.fullRank(); p++) {
                for (int q = 0; q < svd.fullRank(); q++) {
                    double du = 0, dv = 0;
                    for (int r = 0; r < s[0]; r++) du += svd.u(r, p) * svd.u(r, q);
                    for (int c = 0; c < s[1]; c++) dv += svd.v(c, p) * svd.v(c, q);
                    assertEquals(p == q ? 1 : 0, du, 1e-10);
                    assertEquals(p == q ? 1 : 0, dv, 1e-10);
                }
            }
        }
    }

    @Test void agreesWithTheJacobiReference() {
        for (int[] s : new int[][] {{7, 4}, {4, 7}, {12, 12}, {60, 25}, {25, 60}, {1, 5}}) {
            double[] a = random(s[0], s[1], 7 * s[0] + s[1]);
            Svd lapack = Svd.of(a, s[0], s[1]);
            JacobiSvd ref = JacobiSvd.of(a, s[0], s[1]);
            int n = ref.fullRank();
            assertEquals(n, lapack.fullRank());
            for (int i = 0; i < n; i++) {
                assertEquals(ref.singular(i), lapack.singular(i), 1e-12 * ref.singular(0), "singular value " + i);
                // random matrices have distinct singular values: each pair (U_i, V_i) is unique up to one sign
                double sign = 0;
                for (int c = 0; c < s[1]; c++) sign += ref.v(c, i) * lapack.v(c, i);
                assertEquals(1, Math.abs(sign), 1e-9, "V column " + i);
                for (int c = 0; c < s[1]; c++) assertEquals(ref.v(c, i), Math.signum(sign) * lapack.v(c, i), 1e-9);
                for (int r = 0; r < s[0]; r++) assertEquals(ref.u(r, i), Math.signum(sign) * lapack.u(r, i), 1e-9);
            }
            for (int k = 1; k <= n; k++) assertArrayEquals(ref.truncated(k), lapack.truncated(k), 1e-10, "rank " + k);
        }
    }

    @Test void truncationErrorIsTheTailOfTheSpectrumAndFactorsNest() {
        int rows = 15, cols = 10;
        double[] a = random(rows, cols, 5);
        Svd svd = Svd.of(a, rows, cols);
        for (int k = 1; k < cols; k++) {
            double[] t = svd.truncated(k);
            double err = 0, tail = 0;
            for (int i = 0; i < a.length; i++) err += (a[i] - t[i]) * (a[i] - t[i]);
            for (int i = k; i < cols; i++) tail += svd.singular(i) * svd.singular(i);
            assertEquals(tail, err, 1e-9 * (1 + tail));
            // left(k) right(k) = truncated(k); left(k) / right(k) are prefixes of left(K) / right(K)
            double[] l = svd.left(k), r = svd.right(k), lf = svd.left(cols), rf = svd.right(cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double d = 0;
                    for (int p = 0; p < k; p++) d += l[i * k + p] * r[p * cols + j];
                    assertEquals(t[i * cols + j], d, 1e-10);
                }
                for (int p = 0; p < k; p++) assertEquals(lf[i * cols + p], l[i * k + p]);
            }
            for (int i = 0; i < k * cols; i++) assertEquals(rf[i], r[i]);
        }
    }

    @Test void rankDeficientMatrix() {
        double[] a = new double[6 * 4];
        for (int r = 0; r < 6; r++) for (int c = 0; c < 4; c++) a[r * 4 + c] = (r + 1) * (c - 1.5);   // rank 1
        Svd svd = Svd.of(a, 6, 4);
        assertTrue(svd.singular(1) < 1e-10 * svd.singular(0));
        double[] t = svd.truncated(1);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], t[i], 1e-10);
    }

    @Test void badInputIsRefusedBeforeLapack() {
        assertThrows(IllegalArgumentException.class, () -> Svd.of(new double[5], 2, 3));
        double[] a = random(3, 3, 1);
        a[4] = Double.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> Svd.of(a, 3, 3));
        assertTrue(e.getMessage().contains("(1, 1) is NaN"), e.getMessage());
    }
}
