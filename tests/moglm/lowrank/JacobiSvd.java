package moglm.lowrank;

/**
 * Test reference for {@link Svd} (which calls LAPACK): the thin SVD A = U diag(S) V^T of a dense
 * rows x cols matrix by one-sided (Hestenes) Jacobi rotations in double precision, plain Java.
 *
 * <p>Algorithm (on the taller orientation, m >= n; a wide A is decomposed as A^T): start from
 * G = A (columns g_1..g_n) and V = I; for each column pair (p, q) with
 * alpha = |g_p|^2, beta = |g_q|^2, gamma = g_p . g_q and |gamma| > eps sqrt(alpha beta), the
 * rotation with zeta = (beta - alpha) / (2 gamma), t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2)),
 * c = 1 / sqrt(1 + t^2), s = c t makes the two columns orthogonal; the same rotation is applied
 * to V. Sweeps repeat until no pair needs rotating. Then S_i = |g_i|, U_i = g_i / S_i, and the
 * triples are sorted by decreasing S. Accurate to the relative precision of double for every
 * singular value; O(sweeps m n^2).
 */
final class JacobiSvd {
    private final int rows, cols, rank;
    private final double[] u;   // rows x rank, row-major
    private final double[] s;   // rank, descending
    private final double[] v;   // cols x rank, row-major

    private JacobiSvd(int rows, int cols, double[] u, double[] s, double[] v) {
        this.rows = rows;
        this.cols = cols;
        this.rank = s.length;
        this.u = u;
        this.s = s;
        this.v = v;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    /** min(rows, cols): number of singular triples. */
    public int fullRank() { return rank; }
    /** Singular value i (descending). */
    public double singular(int i) { return s[i]; }
    /** U[r][i]. */
    public double u(int r, int i) { return u[r * rank + i]; }
    /** V[c][i]. */
    public double v(int c, int i) { return v[c * rank + i]; }

    /** The SVD of the row-major rows x cols matrix a. */
    public static JacobiSvd of(double[] a, int rows, int cols) {
        if (rows < 1 || cols < 1 || a.length != (long) rows * cols) {
            throw new IllegalArgumentException("matrix of " + a.length + " values is not " + rows + " x " + cols);
        }
        if (rows >= cols) return tall(a, rows, cols);
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        JacobiSvd x = tall(t, cols, rows);   // A^T = U' S V'^T  =>  A = V' S U'^T
        return new JacobiSvd(rows, cols, x.v, x.s, x.u);
    }

    private static JacobiSvd tall(double[] a, int m, int n) {
        double[][] g = new double[n][m];   // columns of A, contiguous
        for (int r = 0; r < m; r++) for (int c = 0; c < n; c++) g[c][r] = a[r * n + c];
        double[][] vc = new double[n][n];  // columns of V
        for (int i = 0; i < n; i++) vc[i][i] = 1;
        double eps = 1e-15;
        for (int sweep = 0; sweep < 60; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = dot(g[p], g[p]), beta = dot(g[q], g[q]), gamma = dot(g[p], g[q]);
                    if (gamma == 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) t = 1;
                    double c = 1 / Math.sqrt(1 + t * t), s = c * t;
                    rotate(g[p], g[q], c, s);
                    rotate(vc[p], vc[q], c, s);
                }
            }
            if (!rotated) break;
        }
        double[] sv = new double[n];
        for (int i = 0; i < n; i++) sv[i] = Math.sqrt(dot(g[i], g[i]));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
        double[] u = new double[m * n], s = new double[n], v = new double[n * n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            s[k] = sv[i];
            for (int r = 0; r < m; r++) u[r * n + k] = sv[i] == 0 ? 0 : g[i][r] / sv[i];
            for (int c = 0; c < n; c++) v[c * n + k] = vc[i][c];
        }
        return new JacobiSvd(m, n, u, s, v);
    }

    private static double dot(double[] x, double[] y) {
        double d = 0;
        for (int i = 0; i < x.length; i++) d += x[i] * y[i];
        return d;
    }

    /** (x, y) <- (c x - s y, s x + c y). */
    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int i = 0; i < x.length; i++) {
            double a = x[i], b = y[i];
            x[i] = c * a - s * b;
            y[i] = s * a + c * b;
        }
    }

    /** The rank-k truncation U_k S_k V_k^T as a row-major rows x cols matrix (k &lt;= fullRank). */
    public double[] truncated(int k) {
        checkRank(k);
        double[] w = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                double us = u(r, i) * s[i];
                if (us == 0) continue;
                for (int c = 0; c < cols; c++) w[r * cols + c] += us * v(c, i);
            }
        }
        return w;
    }

    /** Left factor of rank k: U_k sqrt(S_k), rows x k row-major (a prefix of every larger k's columns). */
    public double[] left(int k) {
        checkRank(k);
        double[] l = new double[rows * k];
        for (int r = 0; r < rows; r++) for (int i = 0; i < k; i++) l[r * k + i] = u(r, i) * Math.sqrt(s[i]);
        return l;
    }

    /** Right factor of rank k: sqrt(S_k) V_k^T, k x cols row-major (the first k rows of every larger k's). */
    public double[] right(int k) {
        checkRank(k);
        double[] rt = new double[k * cols];
        for (int i = 0; i < k; i++) for (int c = 0; c < cols; c++) rt[i * cols + c] = Math.sqrt(s[i]) * v(c, i);
        return rt;
    }

    private void checkRank(int k) {
        if (k < 1 || k > rank) throw new IllegalArgumentException("rank must be in 1.." + rank + ", got " + k);
    }
}
