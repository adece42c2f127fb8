package moglm.kernel;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of the C++ kernel library in {@code cpp/} (entry points in
 * {@code cpp/moglm_kernels.h}). Thin on purpose: callers go through {@code moglm.model} and
 * {@link Threads}, which validate every argument first; the natives validate again and return a
 * status (0 ok, 1 invalid argument, 2 invalid state, 3 failure) with the message in
 * {@link #last_error()}. {@link Status#check(int)} turns a status into an exception.
 *
 * <p>Buffers typed {@link Pointer} hold the model's scalar type (float or double, per the
 * precision the model was created with); lengths are in elements.
 */
@Properties(
    inherit = org.bytedeco.openblas.presets.openblas.class,
    value = @Platform(include = {"moglm_kernels.h"}, compiler = "cpp17"))
@Namespace("moglm")
public final class Native {
    static {
        Loader.load();
        Threads.applyProcessDefault();   // one BLAS thread unless the process asked for more
    }
    private Native() {}

    /** Opaque handle of one native model ({@code moglm::LM}). */
    @Opaque
    public static final class LM extends Pointer {
        public LM() { super((Pointer) null); }
        public LM(Pointer p) { super(p); }
    }

    public static native int abi_version();
    public static native void set_num_threads(int n);
    public static native int get_num_threads();
    public static native @Cast("const char*") String blas_corename();
    public static native @Cast("const char*") String last_error();
    public static native int sgemm(int transA, int transB, int M, int N, int K, float alpha,
                                   @Cast("const float*") FloatPointer A, @Cast("int64_t") long lenA, int lda,
                                   @Cast("const float*") FloatPointer B, @Cast("int64_t") long lenB, int ldb, float beta,
                                   FloatPointer C, @Cast("int64_t") long lenC, int ldc);

    public static native LM lm_create(int precision, int vocab, int embed, int hidden, int layers,
                                      int rounds, int rank, int tied);
    public static native LM lm_create_factored(int precision, int vocab, int embed, int hidden, int layers,
                                               int rounds, int rank, int lstmRank, int embedRank, int tied);
    public static native void lm_destroy(LM h);
    public static native @Cast("int64_t") long lm_num_params(LM h);
    public static native int lm_num_tensors(LM h);
    public static native @Cast("const char*") String lm_tensor_name(LM h, int i);
    public static native int lm_tensor_rows(LM h, int i);
    public static native int lm_tensor_cols(LM h, int i);
    public static native @Cast("int64_t") long lm_tensor_offset(LM h, int i);
    public static native Pointer lm_params(LM h);
    public static native Pointer lm_grads(LM h);
    public static native int lm_zero_grads(LM h);

    public static native int lm_set_elem_mask(LM h, @Cast("const float*") float[] mask, @Cast("int64_t") long len);
    public static native int lm_set_unit_mask(LM h, int tensor, int isCol, @Cast("const float*") float[] mask,
                                              @Cast("int64_t") long len);
    public static native int lm_restrict_rows(LM h, @Cast("const int*") int[] rows, @Cast("int64_t") long n);
    public static native @Cast("int64_t") long lm_restricted_elements(LM h);
    public static native int lm_set_elem_mask_rows(LM h, @Cast("const float*") float[] values, @Cast("int64_t") long len);
    public static native int lm_clear_masks(LM h);
    public static native int lm_apply_masks(LM h);
    public static native int lm_refresh(LM h);
    public static native int lm_is_masked(LM h);
    public static native int lm_set_sparse(LM h, int tensor, int minColumns);
    public static native @Cast("int64_t") long lm_sparse_nnz(LM h, int tensor);
    public static native int lm_param_stats(LM h, int tensor, @Cast("int64_t*") long[] out, @Cast("int64_t") long outLen);

    public static native int lm_set_log_z_penalty(LM h, double beta);
    public static native int lm_set_sampled_objective(LM h, int objective);
    public static native int lm_set_output_noise(LM h, @Cast("const float*") float[] lam, @Cast("int64_t") long len);
    public static native int lm_set_output_sample(LM h, @Cast("const int*") int[] words, @Cast("int64_t") long K,
                                                  @Cast("const float*") float[] inv, @Cast("int64_t") long invLen);
    public static native int lm_forward(LM h, @Cast("const int*") int[] words, @Cast("int64_t") long nwords, int T, int B,
                                        Pointer state, @Cast("int64_t") long stateLen,
                                        @Cast("const float*") float[] embedMask, @Cast("int64_t") long embedLen,
                                        @Cast("const float*") float[] stateMasks, @Cast("int64_t") long stateMasksLen,
                                        @Cast("const float*") float[] betweenMasks, @Cast("int64_t") long betweenLen,
                                        @Cast("const float*") float[] outMask, @Cast("int64_t") long outLen, int train);
    public static native int lm_loss(LM h, @Cast("const int*") int[] targets, @Cast("int64_t") long n, double ceWeight,
                                     @Cast("const void*") Pointer teacher, @Cast("int64_t") long teacherLen,
                                     double kdWeight, double temperature, double[] result);
    public static native int lm_backward(LM h, Pointer dstate, @Cast("int64_t") long len);
    public static native @Cast("int64_t") long lm_logits_size(LM h);
    public static native Pointer lm_logits(LM h);
    public static native int lm_log_probs(LM h, float[] dst, @Cast("int64_t") long len);
    public static native int lm_log_normalizers(LM h, double[] dst, @Cast("int64_t") long len);
    public static native int lm_copy_logits(LM h, Pointer dst, @Cast("int64_t") long len);
    public static native int lm_copy_hidden(LM h, int layer, float[] dst, @Cast("int64_t") long len);
    public static native int lm_copy_hidden_d(LM h, int layer, double[] dst, @Cast("int64_t") long len);
    public static native int lm_set_hidden_grad(LM h, int layer, @Cast("const float*") float[] grad, @Cast("int64_t") long len);
    public static native int lm_set_hidden_grad_d(LM h, int layer, @Cast("const double*") double[] grad,
                                                  @Cast("int64_t") long len);
    public static native int lm_step_states(LM h, @Cast("const int*") int[] words, @Cast("int64_t") long n, int B,
                                            Pointer state, @Cast("int64_t") long stateLen);
    public static native int lm_output_logits(LM h, @Cast("const float*") float[] hidden, @Cast("int64_t") long hiddenLen, int nh,
                                              @Cast("const int*") int[] rows, @Cast("const int*") int[] outputs,
                                              @Cast("int64_t") long n, float[] out, @Cast("int64_t") long outLen);
    public static native int lm_output_lognorm(LM h, @Cast("const float*") float[] hidden, @Cast("int64_t") long hiddenLen, int nh,
                                               float[] logz, @Cast("int64_t") long logzLen, float[] all, @Cast("int64_t") long allLen);
    public static native int lm_step(LM h, @Cast("const int*") int[] words, @Cast("int64_t") long n, int B,
                                     Pointer state, @Cast("int64_t") long stateLen, float[] out,
                                     @Cast("int64_t") long outLen);
}
