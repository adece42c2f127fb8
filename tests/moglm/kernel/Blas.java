package moglm.kernel;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Test and benchmark helper (not in the main jar): direct access to the OpenBLAS sgemm the
 * kernels use, for the roofline benchmark.
 * Row-major: {@code C = alpha op(A) op(B) + beta C}, C is M x N, op(A) M x K, op(B) K x N.
 */
public final class Blas {
    private Blas() {}

    /** Checks the buffers' capacities against the sizes, then calls cblas_sgemm. */
    public static void sgemm(boolean transA, boolean transB, int M, int N, int K, float alpha,
                             FloatPointer A, int lda, FloatPointer B, int ldb, float beta, FloatPointer C, int ldc) {
        if (A == null || B == null || C == null) throw new IllegalArgumentException("sgemm: null buffer");
        Status.check(Native.sgemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, alpha, A, A.capacity() - A.position(), lda,
                B, B.capacity() - B.position(), ldb, beta, C, C.capacity() - C.position(), ldc));
    }
}
