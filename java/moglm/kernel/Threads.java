package moglm.kernel;

/**
 * The number of threads the kernels use. All parallelism is inside OpenBLAS's own thread pool
 * (the kernels add no OpenMP), so this wraps {@code openblas_set_num_threads}.
 *
 * <p>Default: <b>one thread</b>, set when the native library loads, unless the process asks for
 * another count through the system property {@code moglm.threads} or OpenBLAS's own environment
 * variables ({@code OPENBLAS_NUM_THREADS}, {@code GOTO_NUM_THREADS}, {@code OMP_NUM_THREADS}),
 * which are then left in force. One thread is the default because OpenBLAS's all-core pool spins
 * idle threads inside the small products of rescoring and decoding: on a machine doing anything
 * else it was several times slower (docs/cli.md has the measurements). A caller that wants more
 * threads calls {@link #set(int)}; every computing {@code moglm} command has {@code --threads N}.
 */
public final class Threads {
    private Threads() {}

    /** The system property that overrides the default of one thread. */
    public static final String PROPERTY = "moglm.threads";

    private static final String[] BLAS_ENV = {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"};

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

    /**
     * The thread count a process starts with: {@code moglm.threads} if set, else null when one of
     * OpenBLAS's environment variables is set (OpenBLAS has applied it), else 1.
     */
    static Integer defaultCount(String property, java.util.function.Function<String, String> env) {
        if (property != null && !property.isBlank()) {
            try {
                int n = Integer.parseInt(property.strip());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // fall through: an invalid value is reported below
            }
            throw new IllegalArgumentException("-D" + PROPERTY + " must be an integer >= 1, got '" + property + "'");
        }
        for (String v : BLAS_ENV) {
            String s = env.apply(v);
            if (s != null && !s.isBlank()) return null;
        }
        return 1;
    }

    /** Applies {@link #defaultCount} once, from {@link Native}'s static initialiser. */
    static void applyProcessDefault() {
        Integer n = defaultCount(System.getProperty(PROPERTY), System::getenv);
        if (n != null) Native.set_num_threads(n);
    }
}
