package moglm.kernel;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of the C++ kernel library in {@code cpp/}. Thin on purpose: callers go through
 * the checked Java classes of this package, never through these natives directly.
 */
@Properties(
    inherit = org.bytedeco.openblas.presets.openblas.class,
    value = @Platform(include = {"moglm_kernels.h"}, compiler = "cpp17"))
@Namespace("moglm")
public final class Native {
    static { Loader.load(); }
    private Native() {}

    public static native int abi_version();
    public static native void set_num_threads(int n);
    public static native int get_num_threads();
    public static native @Cast("const char*") String blas_corename();
}
