package moglm.kernel;

/**
 * The number of threads the kernels use. All parallelism is inside OpenBLAS's own thread pool
 * (the kernels add no OpenMP), so this wraps {@code openblas_set_num_threads}. The initial value
 * comes from {@code OPENBLAS_NUM_THREADS} (default: the number of cores).
 */
public final class Threads {
    private Threads() {}

    /** Sets OpenBLAS's thread count for all later calls (process-wide). n must be >= 1. */
    public static void set(int n) {
        if (n < 1) throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        Native.set_num_threads(n);
    }

    /** OpenBLAS's current thread count. */
    public static int get() {
        return Native.get_num_threads();
    }

    /** The CPU core type OpenBLAS selected its kernels for (e.g. "SkylakeX"). */
    public static String blasCore() {
        return Native.blas_corename();
    }
}
