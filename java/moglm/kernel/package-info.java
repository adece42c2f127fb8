/**
 * The JNI boundary to the C++ kernels in {@code cpp/} (JavaCPP over OpenBLAS):
 * {@link moglm.kernel.Native} declares the entry points, {@link moglm.kernel.Status} turns their
 * status codes into exceptions, {@link moglm.kernel.Threads} sets the BLAS threads. Every entry
 * validates its sizes on the native side.
 *
 * <p>Depends on: nothing in moglm.
 */
package moglm.kernel;
