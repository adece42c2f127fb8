package moglm.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import moglm.kernel.Native;
import moglm.kernel.Status;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A Mogrifier LSTM language model (Melis et al., ICLR 2020) whose parameters, gradients, masks and
 * activations live off-heap in the native kernel library ({@code cpp/}, OpenBLAS GEMMs).
 *
 * <h2>Model</h2>
 * For each layer l (input size m = embedSize for l = 0, hiddenSize above) and step t:
 * <pre>
 *   x^{-1} = x_t (layer input),  h^0 = h_{t-1} (*) stateDropout_l
 *   odd  i = 1..r:  x^i = 2 sigmoid(Q^i h^{i-1} + b^i) (*) x^{i-2}     Q^i: m x H
 *   even i = 1..r:  h^i = 2 sigmoid(R^i x^{i-1} + b^i) (*) h^{i-2}     R^i: H x m
 *   [i f g o] = W [x_final; h_final] + bias,   i,f,o = sigmoid, g = tanh
 *   c_t = f c_{t-1} + i g,   h_t = o tanh(c_t)
 * </pre>
 * Layer 0 reads the embedding of the word (times embedding dropout), layer l+1 reads layer l's
 * h (times between-layer dropout), and the output layer gives logits = W_out (h_top (*) outDropout)
 * + b_out, W_out = the embedding when tied. A low-rank round matrix is left * right.
 *
 * <h2>Parameters</h2>
 * One flat vector, tensors in the order of {@link #params()}: {@code embed} (V x E); per layer
 * {@code layer<l>.lstm.weight} (4H x (m+H), row blocks i, f, g, o; columns [x | h]),
 * {@code layer<l>.lstm.bias} (4H), per round {@code layer<l>.mog<i>.weight} (full rank) or
 * {@code .left}/{@code .right} (rank k), {@code layer<l>.mog<i>.bias}; {@code out.weight} (V x H,
 * absent when tied), {@code out.bias} (V). Row-major; a bias is rows x 1. Factored matrices
 * ({@link ModelConfig#lstmRank()}, {@link ModelConfig#embedRank()} > 0) appear as
 * {@code .left}/{@code .right} pairs in place of the dense tensor: {@code embed.left} (V x ke),
 * {@code embed.right} (ke x E); {@code layer<l>.lstm.left} (4H x kl), {@code layer<l>.lstm.right}
 * (kl x (m+H)); untied {@code out.left} (V x ke), {@code out.right} (ke x H). Masks, gradients and
 * the optimiser treat them like any other tensor.
 *
 * <h2>Masks</h2>
 * Per weight: an element mask (the whole flat vector), and row/column masks per tensor. The
 * kernels use {@code W_eff = W * elem * row[i] * col[j]} in forward and backward, so a masked
 * weight has no effect and gets exactly zero gradient. W_eff is recomputed at every forward (and
 * by {@link #refreshEffectiveParams()}); {@link #step} reads the last W_eff, so after writing
 * parameters through {@link #paramPointer()} call refreshEffectiveParams() (or forward) before
 * step() if masks are set. The setters here refresh it themselves. Under a row restriction
 * ({@link #restrictToRows}, sampled-output training) all of this runs over the restricted rows of
 * the vocabulary-sized tensors only.
 *
 * <h2>Hidden outputs</h2>
 * After a forward, {@link #copyHidden} gives any layer's output h_l (before dropout), and after a
 * training forward {@link #setHiddenGrad} attaches an extra dLoss/dh_l that the next backward
 * adds in: the gradient of a loss on the hidden states themselves (layer-wise distillation,
 * {@code moglm.distill.HiddenDistillation}). Without such a gradient backward is unchanged
 * (bit-identical).
 *
 * <h2>Calls and threads</h2>
 * {@code forward -> loss -> backward} share one workspace and are not thread-safe.
 * {@link #step} uses its own workspace per call and only reads the parameters: any number of
 * threads may call step() concurrently (with their own States), as long as no other method runs
 * at the same time. {@link #close()} waits for running calls. All arguments are checked in Java
 * (IllegalArgumentException; IllegalStateException after close() or out of order) and again in
 * the native code.
 */
public final class MogrifierLM implements AutoCloseable {

    /** Summed loss in nats (weighted CE + KD), the plain summed cross-entropy, and the number of
     *  non-ignored positions. */
    public record LossResult(double loss, double crossEntropy, long count) {}

    private final ModelConfig config;
    private final Precision precision;
    private Native.LM handle;
    private final List<ParamSpec> params;
    private final Map<String, ParamSpec> byName;
    private final Map<String, Integer> indexByName;
    private final long numParams;
    private final Pointer paramPtr;
    private Pointer gradPtr;   // allocated natively on first use (inference never needs gradients)
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private int lastT, lastB;
    private int sampleSize;   // > 0 while an output sample is set
    private boolean haveForward, lastTrain, haveLoss;

    /** Allocates a model with all parameters zero (call {@link #initRandom} or {@link #setParams}). */
    public MogrifierLM(ModelConfig config, Precision precision) {
        if (config == null) throw new IllegalArgumentException("config is null");
        if (precision == null) throw new IllegalArgumentException("precision is null");
        this.config = config;
        this.precision = precision;
        MemoryLimit.check(config);
        Native.LM h = Native.lm_create_factored(precision == Precision.FLOAT ? 0 : 1, config.vocabSize(), config.embedSize(),
                config.hiddenSize(), config.layers(), config.rounds(), config.rank(), config.lstmRank(), config.embedRank(),
                config.tied() ? 1 : 0);
        if (h == null || h.isNull()) throw new IllegalArgumentException("cannot create model " + config + ": " + Native.last_error());
        handle = h;
        numParams = Native.lm_num_params(h);
        List<ParamSpec> list = new ArrayList<>();
        Map<String, ParamSpec> names = new LinkedHashMap<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < Native.lm_num_tensors(h); i++) {
            ParamSpec s = new ParamSpec(Native.lm_tensor_name(h, i), Native.lm_tensor_rows(h, i),
                    Native.lm_tensor_cols(h, i), Native.lm_tensor_offset(h, i));
            list.add(s);
            names.put(s.name(), s);
            index.put(s.name(), i);
        }
        params = Collections.unmodifiableList(list);
        byName = names;
        indexByName = index;
        paramPtr = typed(Native.lm_params(h), numParams);
    }

    private synchronized Pointer grads() {
        if (gradPtr == null) {
            Pointer p = Native.lm_grads(handle);
            if (p == null || p.isNull()) throw new IllegalStateException("cannot allocate the gradients: " + Native.last_error());
            gradPtr = typed(p, numParams);
        }
        return gradPtr;
    }

    private Pointer typed(Pointer p, long n) {
        Pointer t = precision == Precision.FLOAT ? new FloatPointer(p) : new DoublePointer(p);
        t.capacity(n);
        t.limit(n);
        return t;
    }

    public ModelConfig config() { return config; }
    public Precision precision() { return precision; }

    /** Parameter tensors in their fixed order (see the class comment). */
    public List<ParamSpec> params() { return params; }

    /** The tensor called name; IllegalArgumentException listing the names if there is none. */
    public ParamSpec param(String name) {
        ParamSpec s = name == null ? null : byName.get(name);
        if (s == null) throw new IllegalArgumentException("no parameter '" + name + "'; parameters: " + byName.keySet());
        return s;
    }

    /** Number of scalars in the flat parameter vector. */
    public long numParams() { return numParams; }

    // ---------------------------------------------------------------- initialisation and parameters

    /**
     * Deterministic initialisation from the seed (one SplittableRandom over the tensors in order):
     * embed and out.weight uniform(-0.1, 0.1); lstm.weight uniform(-1/sqrt(H), 1/sqrt(H));
     * mogrifier weight (and right) uniform(-1/sqrt(cols), 1/sqrt(cols)), left uniform(-1/sqrt(k),
     * 1/sqrt(k)); the factors of factored LSTM / embedding / output matrices likewise (each
     * uniform(-1/sqrt(cols), 1/sqrt(cols)) of its own shape); all biases 0 except the LSTM forget-gate block, 1. Gradients are not touched.
     */
    public void initRandom(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int H = config.hiddenSize();
        // tensor by tensor in chunks straight into native memory: no Java array of all parameters
        // (a double[] and a float[] of numParams were 3 x 100 MB at V = 200k, E = 128)
        int chunk = 1 << 14;
        float[] f = precision == Precision.FLOAT ? new float[chunk] : null;
        double[] d = precision == Precision.FLOAT ? null : new double[chunk];
        withRead(() -> {
            for (ParamSpec s : params) {
                String n = s.name();
                long off = s.offset(), size = s.size();
                double a;
                if (n.equals(TensorNames.EMBED) || n.equals(TensorNames.OUT_WEIGHT)) a = 0.1;
                else if (n.endsWith("lstm.weight")) a = 1 / Math.sqrt(H);
                else if (n.endsWith(".weight") || n.endsWith(".right") || n.endsWith(".left")) a = 1 / Math.sqrt(s.cols());
                else a = 0;   // biases
                boolean lstmBias = n.endsWith("lstm.bias");
                for (long at = 0; at < size; at += chunk) {
                    int len = (int) Math.min(chunk, size - at);
                    for (int i = 0; i < len; i++) {
                        long k = at + i;
                        double v = a == 0 ? 0 : (2 * rng.nextDouble() - 1) * a;
                        if (lstmBias && k >= H && k < 2 * H) v = 1;
                        if (f != null) f[i] = (float) v; else d[i] = v;
                    }
                    if (f != null) ((FloatPointer) OffHeap.view(paramPtr, off + at, len)).put(f, 0, len);
                    else ((DoublePointer) OffHeap.view(paramPtr, off + at, len)).put(d, 0, len);
                }
            }
            Status.check(Native.lm_refresh(handle));
        });
    }

    /** Copies the whole flat parameter vector (length numParams) into dst. */
    public void getParams(float[] dst) {
        checkLength(dst, numParams, "destination");
        withRead(() -> OffHeap.copyOut(paramPtr, 0, dst));
    }

    /** Sets the whole flat parameter vector from src (length numParams). */
    public void setParams(float[] src) {
        checkLength(src, numParams, "source");
        withRead(() -> {
            OffHeap.copyIn(paramPtr, 0, src);
            Status.check(Native.lm_refresh(handle));
        });
    }

    /** Copies the whole flat gradient vector (length numParams) into dst. */
    public void getGrads(float[] dst) {
        checkLength(dst, numParams, "destination");
        withRead(() -> OffHeap.copyOut(grads(), 0, dst));
    }

    /** One tensor's values (row-major). */
    public float[] getParam(String name) {
        ParamSpec s = param(name);
        float[] out = new float[(int) s.size()];
        withRead(() -> OffHeap.copyOut(paramPtr, s.offset(), out));
        return out;
    }

    /**
     * Copies {@code len} values of one tensor, starting at its element {@code from} (row-major),
     * into {@code dst[0..len)}: the values {@link #getParam} would give there, without an array of
     * the whole tensor (a model file streams its tensors this way).
     */
    public void getParamRange(String name, long from, float[] dst, int len) {
        ParamSpec s = param(name);
        if (from < 0 || len < 0 || from + len > s.size() || len > dst.length) {
            throw new IllegalArgumentException(name + ": range [" + from + ", " + (from + len) + ") of " + s.size()
                    + " values into an array of " + dst.length);
        }
        withRead(() -> {
            if (paramPtr instanceof FloatPointer) ((FloatPointer) OffHeap.view(paramPtr, s.offset() + from, len)).get(dst, 0, len);
            else {
                java.nio.DoubleBuffer d = ((DoublePointer) OffHeap.view(paramPtr, s.offset() + from, len)).asBuffer();
                for (int i = 0; i < len; i++) dst[i] = (float) d.get(i);
            }
        });
    }

    /** Sets one tensor (row-major, length rows*cols). */
    public void setParam(String name, float[] values) {
        ParamSpec s = param(name);
        checkLength(values, s.size(), name + " values");
        withRead(() -> {
            OffHeap.copyIn(paramPtr, s.offset(), values);
            Status.check(Native.lm_refresh(handle));
        });
    }

    /**
     * Sets one tensor from rows*cols little-endian float32 values, the buffer's remaining bytes
     * (e.g. a model file's section, {@code SectionFile.floatBytes}): for a FLOAT model on a
     * little-endian machine a direct buffer is copied straight into native memory (one memcpy, no
     * Java array); otherwise the values are converted one by one. The buffer is not changed.
     */
    public void setParam(String name, java.nio.ByteBuffer littleEndianFloats) {
        ParamSpec s = param(name);
        if (littleEndianFloats == null) throw new IllegalArgumentException(name + " values are null");
        long bytes = 4L * s.size();
        if (littleEndianFloats.remaining() != bytes) {
            throw new IllegalArgumentException(name + " values: " + littleEndianFloats.remaining() + " bytes, need " + bytes
                    + " (" + s.rows() + "x" + s.cols() + " float32)");
        }
        java.nio.ByteBuffer src = littleEndianFloats.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        withRead(() -> {
            Pointer dst = OffHeap.view(paramPtr, s.offset(), s.size());
            if (precision == Precision.FLOAT && src.isDirect() && java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
                Pointer.memcpy(dst, new org.bytedeco.javacpp.BytePointer(src), bytes);
            } else {
                java.nio.FloatBuffer f = src.asFloatBuffer();
                if (dst instanceof FloatPointer fp) {
                    java.nio.FloatBuffer d = fp.asBuffer();
                    for (int i = 0; i < s.size(); i++) d.put(i, f.get(i));
                } else {
                    java.nio.DoubleBuffer d = ((DoublePointer) dst).asBuffer();
                    for (int i = 0; i < s.size(); i++) d.put(i, f.get(i));
                }
            }
            Status.check(Native.lm_refresh(handle));
        });
    }

    /**
     * One tensor's parameter statistics, counted natively where the parameters live (no copy):
     * {NaN-or-infinite values, index of the first of them or -1, non-zero values}.
     */
    public long[] paramStats(String name) {
        param(name);
        long[] out = new long[3];
        withRead(() -> Status.check(Native.lm_param_stats(handle, indexByName.get(name), out, 3)));
        return out;
    }

    /** Number of non-zero values of one tensor ({@link #paramStats}). */
    public long countNonZeros(String name) {
        return paramStats(name)[2];
    }

    /** One tensor's values in double (exact for DOUBLE models). */
    public double[] getParamD(String name) {
        ParamSpec s = param(name);
        double[] out = new double[(int) s.size()];
        withRead(() -> OffHeap.copyOutD(paramPtr, s.offset(), out));
        return out;
    }

    /** Sets one tensor from double values (rounded for FLOAT models). */
    public void setParamD(String name, double[] values) {
        ParamSpec s = param(name);
        checkLength(values, s.size(), name + " values");
        withRead(() -> {
            OffHeap.copyInD(paramPtr, s.offset(), values);
            Status.check(Native.lm_refresh(handle));
        });
    }

    /** One tensor's accumulated gradient. */
    public float[] getGrad(String name) {
        ParamSpec s = param(name);
        float[] out = new float[(int) s.size()];
        withRead(() -> OffHeap.copyOut(grads(), s.offset(), out));
        return out;
    }

    /**
     * The rows of tensor {@code name} a step may have changed: under a row restriction
     * ({@link #restrictToRows}) the restricted rows of a vocabulary-sized tensor ({@code embed},
     * {@code out.weight}, {@code out.bias}), else every row. Outside them the gradient of a
     * restricted step is zero, so sums of gradient terms over a tensor need visit only these rows.
     */
    public int[] liveRows(String name) {
        ParamSpec s = param(name);
        int[] r = restrictedRows;
        boolean vocab = name.equals(TensorNames.EMBED) || name.equals(TensorNames.OUT_WEIGHT) || name.equals(TensorNames.OUT_BIAS);
        if (r != null && vocab) return r.clone();
        int[] all = new int[s.rows()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }

    /**
     * Rows {@code rows} of tensor {@code name}, in double: its parameters ({@code grad} false) or
     * accumulated gradients, {@code rows.length x cols} row-major.
     */
    public double[] getRowsD(String name, int[] rows, boolean grad) {
        ParamSpec s = param(name);
        for (int r : rows) if (r < 0 || r >= s.rows()) throw new IllegalArgumentException("row " + r + " of " + name + " not in 0.." + (s.rows() - 1));
        double[] out = new double[Math.multiplyExact(rows.length, s.cols())];
        withRead(() -> {
            Pointer src = grad ? grads() : paramPtr;
            double[] row = new double[s.cols()];
            for (int i = 0; i < rows.length; i++) {
                OffHeap.copyOutD(src, s.offset() + (long) rows[i] * s.cols(), row);
                System.arraycopy(row, 0, out, i * s.cols(), row.length);
            }
        });
        return out;
    }

    /** One tensor's accumulated gradient in double. */
    public double[] getGradD(String name) {
        ParamSpec s = param(name);
        double[] out = new double[(int) s.size()];
        withRead(() -> OffHeap.copyOutD(grads(), s.offset(), out));
        return out;
    }

    /** Off-heap flat parameters (a new FloatPointer or DoublePointer view, capacity numParams,
     *  valid until close()). With masks set, call {@link #refreshEffectiveParams()} after writing
     *  here and before step(). */
    public Pointer paramPointer() {
        checkOpen();
        return OffHeap.view(paramPtr, 0, numParams);
    }

    /** Off-heap flat gradients, same layout and type as paramPointer(). */
    public Pointer gradPointer() {
        checkOpen();
        return OffHeap.view(grads(), 0, numParams);
    }

    /** Sets all gradients to 0. */
    public void zeroGrads() {
        withRead(() -> Status.check(Native.lm_zero_grads(handle)));
    }

    // ---------------------------------------------------------------- masks

    /** Element mask over the flat vector (length numParams; 1 keep, 0 pruned), or null to remove it. */
    public void setElementMask(float[] flatMaskOrNull) {
        if (flatMaskOrNull != null) checkLength(flatMaskOrNull, numParams, "element mask");
        checkFinite(flatMaskOrNull, "element mask");
        withRead(() -> Status.check(Native.lm_set_elem_mask(handle, flatMaskOrNull, len(flatMaskOrNull))));
    }

    /** Row mask of one tensor (length rows; a bias's rows), or null to remove it. */
    public void setRowMask(String param, float[] maskOrNull) {
        ParamSpec s = param(param);
        if (maskOrNull != null) checkLength(maskOrNull, s.rows(), "row mask of " + param);
        checkFinite(maskOrNull, "row mask of " + param);
        withRead(() -> Status.check(Native.lm_set_unit_mask(handle, indexByName.get(param), 0, maskOrNull, len(maskOrNull))));
    }

    /** Column mask of one tensor (length cols), or null to remove it. */
    public void setColMask(String param, float[] maskOrNull) {
        ParamSpec s = param(param);
        if (maskOrNull != null) checkLength(maskOrNull, s.cols(), "column mask of " + param);
        checkFinite(maskOrNull, "column mask of " + param);
        withRead(() -> Status.check(Native.lm_set_unit_mask(handle, indexByName.get(param), 1, maskOrNull, len(maskOrNull))));
    }

    // ---------------------------------------------------------------- row restriction

    private int[][] restrictedRanges;   // {from, to} element ranges while restricted, else null
    private int[] restrictedRows;       // the restricted vocabulary rows, else null

    /**
     * Restricts every mask operation to vocabulary rows {@code rows} (sorted, distinct, in [0, V))
     * of the vocabulary-sized tensors ({@code embed}, untied {@code out.weight}, {@code out.bias}),
     * the other tensors taking part in full; null lifts the restriction. Made for sampled-output
     * training with masks (on-demand levels, L0 gates): such a step reads and writes only the rows
     * of its input words and of its output sample, so refreshing the masked effective parameters,
     * combining masks and accumulating masked gradients over those rows only makes the per-step
     * cost of the masks independent of V. While restricted, {@link #forward} needs an output
     * sample ({@link #setOutputSample}) and every input and sampled word among the rows, and
     * {@link #step}, {@link #stepStates}, the output-layer scoring methods and
     * {@link #setSparseKernel} are refused: outside the rows the masked copy is stale. Lifting the
     * restriction rebuilds the masks and effective parameters in full (O(numParams)); it is refused
     * while an element mask set by {@link #setElementMaskOnRows} is in force (clear the masks
     * first). Needs dense embedding and output matrices (embed rank 0).
     */
    public void restrictToRows(int[] rows) {
        if (rows != null) {
            if (rows.length == 0) throw new IllegalArgumentException("restricted rows: none given (pass null to lift the restriction)");
            for (int k = 0; k < rows.length; k++) {
                if (rows[k] < 0 || rows[k] >= config.vocabSize())
                    throw new IllegalArgumentException("restricted rows[" + k + "] = " + rows[k] + " not in 0.." + (config.vocabSize() - 1));
                if (k > 0 && rows[k] <= rows[k - 1])
                    throw new IllegalArgumentException("restricted rows must be sorted and distinct: rows[" + k + "] = " + rows[k] + " after " + rows[k - 1]);
            }
        }
        withRead(() -> {
            Status.check(Native.lm_restrict_rows(handle, rows, rows == null ? 0 : rows.length));
            restrictedRanges = rows == null ? null : ranges(rows);
            restrictedRows = rows == null ? null : rows.clone();
        });
    }

    /** The element ranges [from[i], to[i]) a restriction to {@code rows} covers, in layout order. */
    private int[][] ranges(int[] rows) {
        int[] from = new int[16], to = new int[16];
        int n = 0;
        for (ParamSpec p : params) {
            boolean vocab = p.name().equals(TensorNames.EMBED) || p.name().equals(TensorNames.OUT_WEIGHT)
                    || p.name().equals(TensorNames.OUT_BIAS);
            int rowsToAdd = vocab ? rows.length : 1;
            for (int k = 0; k < rowsToAdd; k++) {
                int f, t;
                if (vocab) {
                    f = p.flat(rows[k], 0);
                    t = f + p.cols();
                } else {
                    f = (int) p.offset();
                    t = (int) (p.offset() + p.size());
                }
                if (n > 0 && to[n - 1] == f) { to[n - 1] = t; continue; }
                if (n == from.length) { from = java.util.Arrays.copyOf(from, 2 * n); to = java.util.Arrays.copyOf(to, 2 * n); }
                from[n] = f;
                to[n] = t;
                n++;
            }
        }
        return new int[][] {java.util.Arrays.copyOf(from, n), java.util.Arrays.copyOf(to, n)};
    }

    /**
     * The element ranges of the row restriction in force, {@code {from, to}} (sorted, disjoint,
     * adjacent ranges merged; copies), or null when unrestricted: the elements
     * {@link #setElementMaskOnRows} takes values for, in this order.
     */
    public int[][] restrictedRanges() {
        int[][] r = restrictedRanges;
        return r == null ? null : new int[][] {r[0].clone(), r[1].clone()};
    }

    /**
     * Element mask (1 keep, 0 pruned) over the restricted elements only ({@link #restrictToRows}):
     * {@code values} holds, packed, the mask of the elements of {@link #restrictedRanges} in
     * order. Outside them the element mask is undefined until {@link #clearMasks}; the effect on
     * the restricted rows equals {@link #setElementMask} with the same values there.
     */
    public void setElementMaskOnRows(float[] values) {
        if (values == null) throw new IllegalArgumentException("element mask values are null");
        checkFinite(values, "element mask");
        withRead(() -> {
            if (restrictedRanges == null) throw new IllegalStateException("setElementMaskOnRows needs a row restriction (restrictToRows)");
            Status.check(Native.lm_set_elem_mask_rows(handle, values, values.length));
        });
    }

    /** Removes every mask. */
    public void clearMasks() {
        withRead(() -> Status.check(Native.lm_clear_masks(handle)));
    }

    /** Whether any mask is set. */
    public boolean isMasked() {
        checkOpen();
        return Native.lm_is_masked(handle) == 1;
    }

    /** Multiplies the parameters by the masks in place (pruned weights become exactly 0). */
    public void applyMasksToParams() {
        withRead(() -> Status.check(Native.lm_apply_masks(handle)));
    }

    /** Recomputes the masked effective parameters that step() reads (no-op without masks). */
    public void refreshEffectiveParams() {
        withRead(() -> Status.check(Native.lm_refresh(handle)));
    }

    // ---------------------------------------------------------------- sparse inference

    /**
     * Lets inference products with weight matrix {@code param} run on a CSR (compressed sparse
     * row) snapshot of its current effective weights instead of the dense GEMM: every forward
     * with train = false and every {@link #step} whose product has at least {@code minColumns}
     * columns (B for per-step products, T*B for the output layer and, without mogrifier rounds,
     * the LSTM's input half). minColumns &lt;= 0 removes the snapshot. The result equals the dense
     * product up to float summation order; it is faster only for sparse enough matrices
     * ({@link SparseKernels} holds the measured policy). Accepted: {@code layer<l>.lstm.weight},
     * full-rank {@code layer<l>.mog<i>.weight}, and the output matrix ({@code out.weight}, or
     * {@code embed} when tied). Any parameter or mask change through this class (setters,
     * masks, {@link #applyMasksToParams}, {@link #refreshEffectiveParams}) drops every snapshot;
     * after writing through {@link #paramPointer()} call refreshEffectiveParams().
     */
    public void setSparseKernel(String param, int minColumns) {
        param(param);
        withRead(() -> Status.check(Native.lm_set_sparse(handle, indexByName.get(param), minColumns)));
    }

    /** Non-zeros of {@code param}'s CSR snapshot, or -1 when it has none ({@link #setSparseKernel}). */
    public long sparseNonZeros(String param) {
        param(param);
        return withRead(() -> Native.lm_sparse_nnz(handle, indexByName.get(param)));
    }

    // ---------------------------------------------------------------- forward / loss / backward

    /**
     * Sets the output sample for the following forward/loss/backward calls (training with a
     * sampled output layer, {@code cpp/ops/sampled_output.h}): the logits are then those of the
     * K given distinct words only (T*B x K, column k = words[k]), {@link #loss} is the
     * self-normalizing objective ({@code ceWeight} weighs it; the returned cross-entropy is the
     * sample's estimate) with every target required to be in the sample, distillation runs over
     * the sampled words, and backward touches only their output rows. {@code inverseProbs[k]} =
     * 1 / P(words[k] in the sample) (1 for words always included). Needs a dense output matrix.
     */
    public void setOutputSample(int[] words, float[] inverseProbs) {
        if (words == null || inverseProbs == null || words.length != inverseProbs.length || words.length == 0)
            throw new IllegalArgumentException("sample words and inverse probabilities must be non-empty and of equal length");
        checkWords(words, 0, "sample");
        withRead(() -> {
            haveForward = haveLoss = false;
            Status.check(Native.lm_set_output_sample(handle, words, words.length, inverseProbs, inverseProbs.length));
            sampleSize = words.length;
        });
    }

    /**
     * Weight beta of the sampled objective's explicit self-normalization term, added per position:
     * {@code beta (log Zs)^2}, Zs = the sample's importance-weighted estimate of Z (Devlin et al.
     * 2014's penalty on top of Kaldi's objective, {@code cpp/ops/sampled_output.h}); 0 (the
     * default) = Kaldi's objective alone. Applies to {@link #loss} with an output sample; kept
     * until changed.
     */
    public void setLogZPenalty(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("log Z penalty must be finite and >= 0, got " + beta);
        withRead(() -> {
            haveLoss = false;
            Status.check(Native.lm_set_log_z_penalty(handle, beta));
        });
    }

    /**
     * Which objective {@link #loss} uses with an output sample ({@code cpp/ops/sampled_output.h}):
     * {@code kaldi} (Kaldi rnnlm's self-normalizing bound, the default), {@code softmax} (sampled
     * softmax with the log-inclusion-probability correction) or {@code nce} (noise-contrastive
     * estimation with the raw logit as the unnormalized log-score; needs {@link #setOutputNoise}
     * after every {@link #setOutputSample}). Kept until changed.
     */
    public void setSampledObjective(String objective) {
        int code = switch (objective) {
            case "kaldi" -> 0;
            case "softmax" -> 1;
            case "nce" -> 2;
            default -> throw new IllegalArgumentException("sampled objective must be kaldi, softmax or nce, got " + objective);
        };
        withRead(() -> {
            haveLoss = false;
            Status.check(Native.lm_set_sampled_objective(handle, code));
        });
    }

    /**
     * NCE's noise measure of each word of the current output sample, in its order: lambda_w =
     * the expected number of times w is among the K noise words (finite, &gt; 0). Cleared by the
     * next {@link #setOutputSample}.
     */
    public void setOutputNoise(float[] noise) {
        if (noise == null || noise.length != sampleSize)
            throw new IllegalArgumentException("noise measure length " + (noise == null ? "null" : noise.length)
                    + " != output sample size " + sampleSize);
        withRead(() -> {
            haveLoss = false;
            Status.check(Native.lm_set_output_noise(handle, noise, noise.length));
        });
    }

    /** Removes the output sample: forward computes all V logits again. */
    public void clearOutputSample() {
        withRead(() -> {
            haveForward = haveLoss = false;
            Status.check(Native.lm_set_output_sample(handle, null, 0, null, 0));
            sampleSize = 0;
        });
    }

    /** Columns of the logits of a forward now: the sample size, or V without a sample. */
    public int outputWidth() { return sampleSize > 0 ? sampleSize : config.vocabSize(); }

    /** A zeroed state for `batch` sequences in this model's shape and precision. */
    public State newState(int batch) {
        checkOpen();
        return new State(config, precision, batch);
    }

    /**
     * Forward over T steps for B sequences. inputs: word ids, time-major (index t*B + b). Starts
     * from {@code state} and leaves the final state in it (truncated BPTT carries it on). dropout
     * may be null. train = true keeps what backward() needs. Computes the logits and log-softmax
     * normalisers of all T*B positions, kept until the next forward.
     */
    public void forward(int[] inputs, int T, int B, State state, Dropout dropout, boolean train) {
        if (T < 1 || B < 1) throw new IllegalArgumentException("T and B must be >= 1, got T=" + T + " B=" + B);
        if ((long) T * B > (1 << 28)) throw new IllegalArgumentException("T*B too large: " + (long) T * B);
        checkLength(inputs, (long) T * B, "inputs");
        checkWords(inputs, 0, "inputs");
        checkState(state, B, "state");
        if (dropout != null) {
            dropout.checkOpen();
            if (!dropout.config().equals(config))
                throw new IllegalArgumentException("dropout masks were made for " + dropout.config() + ", model is " + config);
            if (dropout.batch() != B) throw new IllegalArgumentException("dropout batch " + dropout.batch() + " != B = " + B);
        }
        float[] de = dropout == null ? null : dropout.embed();
        float[] ds = dropout == null ? null : dropout.packedState();
        float[] db = dropout == null ? null : dropout.packedBetween();
        float[] dout = dropout == null ? null : dropout.output();
        withRead(() -> {
            haveForward = haveLoss = false;
            Status.check(Native.lm_forward(handle, inputs, inputs.length, T, B, state.nativePointer(), state.length(),
                    de, len(de), ds, len(ds), db, len(db), dout, len(dout), train ? 1 : 0));
            lastT = T;
            lastB = B;
            lastTrain = train;
            haveForward = true;
        });
    }

    /**
     * Loss of the last forward, and (when that forward had train = true) its gradient w.r.t. the
     * logits, kept for backward(). targets: time-major word ids, -1 = ignored position (no loss,
     * no gradient, not counted).
     * <pre>
     * loss = ceWeight * sum CE(target) + kdWeight * temperature^2 * sum KL(softmax(teacher/T) || softmax(logits/T))
     * </pre>
     * teacherLogits: T*B x V in the model's precision (FloatPointer / DoublePointer with known
     * capacity), e.g. from {@link #copyLogits}; may be null when kdWeight == 0. Returns the summed
     * (not averaged) loss in nats.
     */
    public LossResult loss(int[] targets, double ceWeight, Pointer teacherLogits, double kdWeight, double temperature) {
        if (!Double.isFinite(ceWeight) || !Double.isFinite(kdWeight))
            throw new IllegalArgumentException("loss weights must be finite, got ceWeight=" + ceWeight + " kdWeight=" + kdWeight);
        return withRead(() -> {
            if (!haveForward) throw new IllegalStateException("loss() needs a forward() first");
            long n = (long) lastT * lastB;
            checkLength(targets, n, "targets (T*B of the last forward)");
            checkWords(targets, -1, "targets");
            Pointer teacher = null;
            long teacherLen = 0;
            if (kdWeight != 0) {
                if (!(temperature > 0) || !Double.isFinite(temperature))
                    throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
                teacher = checkBuffer(teacherLogits, n * outputWidth(), "teacherLogits");
                teacherLen = teacher.capacity();
            }
            double[] r = new double[3];
            Status.check(Native.lm_loss(handle, targets, n, ceWeight, teacher, teacherLen, kdWeight, temperature, r));
            haveLoss = true;
            return new LossResult(r[0], r[1], (long) r[2]);
        });
    }

    /**
     * Accumulates (+=) the parameter gradients of the last loss() into gradPointer() (masked
     * weights get 0). If initialStateGrad != null (a State of batch B) it receives dLoss/d(initial
     * state) of the last forward.
     */
    public void backward(State initialStateGrad) {
        withRead(() -> {
            if (!haveLoss || !lastTrain)
                throw new IllegalStateException("backward() needs forward(train=true) and loss() first");
            if (initialStateGrad != null) checkState(initialStateGrad, lastB, "initialStateGrad");
            Status.check(Native.lm_backward(handle, initialStateGrad == null ? null : initialStateGrad.nativePointer(),
                    initialStateGrad == null ? 0 : initialStateGrad.length()));
        });
    }

    /** The logits of the last forward: T*B x V, row t*B+b; valid until the next forward. */
    public Pointer logits() {
        return withRead(() -> {
            if (!haveForward) throw new IllegalStateException("logits() needs a forward() first");
            long n = Native.lm_logits_size(handle);
            return typed(Native.lm_logits(handle), n);
        });
    }

    /** Log-softmax of the last forward into dst (T*B x V, row t*B+b). */
    public void logProbs(float[] dst) {
        withRead(() -> {
            if (!haveForward) throw new IllegalStateException("logProbs() needs a forward() first");
            checkLength(dst, (long) lastT * lastB * config.vocabSize(), "destination");
            Status.check(Native.lm_log_probs(handle, dst, dst.length));
        });
    }

    /**
     * The log normalizer {@code log Z = log sum_w exp(z_w)} of every position of the last
     * forward into dst (T*B, row t*B+b). A self-normalized model has log Z near 0.
     */
    public void logNormalizers(double[] dst) {
        withRead(() -> {
            if (!haveForward) throw new IllegalStateException("logNormalizers() needs a forward() first");
            checkLength(dst, (long) lastT * lastB, "destination (T*B of the last forward)");
            Status.check(Native.lm_log_normalizers(handle, dst, dst.length));
        });
    }

    /** Copies the logits of the last forward into dst (same precision, capacity >= T*B*V). */
    public void copyLogits(Pointer dst) {
        withRead(() -> {
            if (!haveForward) throw new IllegalStateException("copyLogits() needs a forward() first");
            long n = (long) lastT * lastB * outputWidth();
            Pointer d = checkBuffer(dst, n, "destination");
            Status.check(Native.lm_copy_logits(handle, d, d.capacity()));
        });
    }

    // ---------------------------------------------------------------- per-layer hidden outputs

    /**
     * Copies layer {@code layer}'s hidden output h_l of the last forward into dst: the LSTM output
     * of that layer before any dropout, T*B x hiddenSize, position-major (row t*B+b, like
     * {@link #logProbs}). For layer-wise distillation (Jiang et al. 2023): a teacher's h_l is
     * copied after its forward, the student's after its own, and their difference gives the
     * gradient of a mean-squared-error term ({@link #setHiddenGrad}).
     */
    public void copyHidden(int layer, float[] dst) {
        withRead(() -> {
            checkHidden(layer, dst, "destination", false);
            Status.check(Native.lm_copy_hidden(handle, layer, dst, dst.length));
        });
    }

    /** {@link #copyHidden(int, float[])} in double (exact for DOUBLE models). */
    public void copyHidden(int layer, double[] dst) {
        withRead(() -> {
            checkHidden(layer, dst, "destination", false);
            Status.check(Native.lm_copy_hidden_d(handle, layer, dst, dst.length));
        });
    }

    /**
     * Attaches an extra gradient dLoss/dh_l of layer {@code layer}'s hidden output (layout of
     * {@link #copyHidden}) to the last forward, which must have had train = true; null removes
     * it. The next {@link #backward} adds it to the gradient that reaches h_l from the layers
     * above and the output layer, so the parameter gradients become those of
     * {@code loss() + E(h_1..h_L)} for any extra term E whose gradients were set. The values are
     * copied; every forward removes all of them. Without any, backward is unchanged.
     */
    public void setHiddenGrad(int layer, float[] gradOrNull) {
        withRead(() -> {
            checkHidden(layer, gradOrNull, "hidden gradient", true);
            checkFinite(gradOrNull, "hidden gradient of layer " + layer);
            Status.check(Native.lm_set_hidden_grad(handle, layer, gradOrNull, len(gradOrNull)));
        });
    }

    /** {@link #setHiddenGrad(int, float[])} from double values (rounded for FLOAT models). */
    public void setHiddenGrad(int layer, double[] gradOrNull) {
        withRead(() -> {
            checkHidden(layer, gradOrNull, "hidden gradient", true);
            if (gradOrNull != null)
                for (int i = 0; i < gradOrNull.length; i++)
                    if (!Double.isFinite(gradOrNull[i]))
                        throw new IllegalArgumentException("hidden gradient of layer " + layer + "[" + i + "] = " + gradOrNull[i]);
            Status.check(Native.lm_set_hidden_grad_d(handle, layer, gradOrNull, gradOrNull == null ? 0 : gradOrNull.length));
        });
    }

    /** T*B*hiddenSize of the last forward: the length of one layer's hidden output. */
    public long hiddenLength() {
        return (long) lastT * lastB * config.hiddenSize();
    }

    private void checkHidden(int layer, Object array, String what, boolean nullable) {
        if (!haveForward) throw new IllegalStateException("hidden outputs need a forward() first");
        if (nullable && !lastTrain) throw new IllegalStateException("setHiddenGrad() needs the last forward to have train = true");
        if (layer < 0 || layer >= config.layers())
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + config.layers() + ")");
        if (array == null && nullable) return;
        checkLength(array, hiddenLength(), what + " (T*B*hiddenSize of the last forward)");
    }

    /**
     * Inference for decoders, thread-safe: one step for B independent (state, word) pairs, with a
     * workspace of its own and the parameters read-only (no dropout). state (batch B) is updated in
     * place to the successor states; logProbsOut (B x V, row b) receives log P(. | history + word b).
     */
    public void step(int[] words, int B, State state, float[] logProbsOut) {
        if (B < 1) throw new IllegalArgumentException("B must be >= 1, got " + B);
        checkLength(words, B, "words");
        checkWords(words, 0, "words");
        checkState(state, B, "state");
        checkLength(logProbsOut, (long) B * config.vocabSize(), "logProbsOut");
        withRead(() -> Status.check(Native.lm_step(handle, words, B, B, state.nativePointer(), state.length(),
                logProbsOut, logProbsOut.length)));
    }

    /**
     * {@link #step} without the output layer: the B states (batch B) advance on the B words, in
     * place. Thread-safe like step(). Row b's result does not depend on B or on the other rows
     * (fixed-order products, {@code cpp/ops/fixed_order.h}); the same holds for step().
     */
    public void stepStates(int[] words, int B, State state) {
        if (B < 1) throw new IllegalArgumentException("B must be >= 1, got " + B);
        checkLength(words, B, "words");
        checkWords(words, 0, "words");
        checkState(state, B, "state");
        withRead(() -> Status.check(Native.lm_step_states(handle, words, B, B, state.nativePointer(), state.length())));
    }

    /**
     * Raw logits of single words: {@code out[i] = W_out[outputs[i]] . h + b_out[outputs[i]]} for
     * the top-layer hidden vector h = row {@code rows[i]} of {@code hidden} (nh x hiddenSize), one
     * dot product each (no softmax: for a self-normalized model this is the log-probability,
     * Kaldi's {@code normalize-probs=false}). Thread-safe like step().
     */
    public void outputLogits(float[] hidden, int nh, int[] rows, int[] outputs, int n, float[] out) {
        if (nh < 1) throw new IllegalArgumentException("need >= 1 hidden vector, got " + nh);
        checkLength(hidden, (long) nh * config.hiddenSize(), "hidden (vectors x hiddenSize)");
        if (n < 0 || rows == null || outputs == null || out == null || rows.length < n || outputs.length < n || out.length < n)
            throw new IllegalArgumentException("rows, outputs and out must hold n = " + n + " values");
        int[] r = rows.length == n ? rows : java.util.Arrays.copyOf(rows, n);
        int[] o = outputs.length == n ? outputs : java.util.Arrays.copyOf(outputs, n);
        checkWords(o, 0, "outputs");
        for (int i = 0; i < n; i++)
            if (r[i] < 0 || r[i] >= nh) throw new IllegalArgumentException("rows[" + i + "] = " + r[i] + " outside [0, " + nh + ")");
        float[] res = out.length == n ? out : new float[n];
        withRead(() -> Status.check(Native.lm_output_logits(handle, hidden, hidden.length, nh, r, o, n, res, n)));
        if (res != out) System.arraycopy(res, 0, out, 0, n);
    }

    /**
     * Log normalizers {@code logZ[j] = log sum_w exp(z_w)} of nh top-layer hidden vectors (the
     * same z_w as {@link #outputLogits}, so {@code outputLogits - logZ} is the exact log-softmax);
     * {@code logitsOrNull} (nh x V) also receives the z_w. Thread-safe like step().
     */
    public void outputLogNorm(float[] hidden, int nh, float[] logZ, float[] logitsOrNull) {
        if (nh < 1) throw new IllegalArgumentException("need >= 1 hidden vector, got " + nh);
        checkLength(hidden, (long) nh * config.hiddenSize(), "hidden (vectors x hiddenSize)");
        checkLength(logZ, nh, "logZ");
        if (logitsOrNull != null) checkLength(logitsOrNull, (long) nh * config.vocabSize(), "logits (vectors x V)");
        withRead(() -> Status.check(Native.lm_output_lognorm(handle, hidden, hidden.length, nh, logZ, nh,
                logitsOrNull, logitsOrNull == null ? 0 : logitsOrNull.length)));
    }

    /** T of the last forward (0 before any). */
    public int lastT() { return lastT; }

    /** B of the last forward (0 before any). */
    public int lastB() { return lastB; }

    /** Frees the native memory (waiting for running calls); later calls throw IllegalStateException. */
    @Override public void close() {
        lock.writeLock().lock();
        try {
            if (handle != null) {
                Native.lm_destroy(handle);
                handle = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface Body<T> { T run(); }

    private <T> T withRead(Body<T> body) {
        lock.readLock().lock();
        try {
            checkOpen();
            return body.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void withRead(Runnable body) {
        withRead(() -> {
            body.run();
            return null;
        });
    }

    private void checkOpen() {
        if (handle == null) throw new IllegalStateException("model is closed");
    }

    private static long len(float[] a) {
        return a == null ? 0 : a.length;
    }

    private static void checkLength(Object array, long want, String what) {
        if (array == null) throw new IllegalArgumentException(what + " is null");
        int n = java.lang.reflect.Array.getLength(array);
        if (n != want) throw new IllegalArgumentException(what + " length " + n + " != " + want);
    }

    private static void checkFinite(float[] a, String what) {
        if (a == null) return;
        for (int i = 0; i < a.length; i++)
            if (!Float.isFinite(a[i])) throw new IllegalArgumentException(what + "[" + i + "] = " + a[i]);
    }

    private void checkWords(int[] w, int lo, String what) {
        int V = config.vocabSize();
        for (int i = 0; i < w.length; i++)
            if (w[i] < lo || w[i] >= V)
                throw new IllegalArgumentException(what + "[" + i + "] = " + w[i] + " outside [" + lo + ", " + V + ")");
    }

    private void checkState(State s, int B, String what) {
        if (s == null) throw new IllegalArgumentException(what + " is null");
        if (s.isClosed()) throw new IllegalStateException(what + " is closed");
        if (s.precision() != precision || s.layers() != config.layers() || s.hiddenSize() != config.hiddenSize())
            throw new IllegalArgumentException(what + " shape " + s.layers() + "x" + s.hiddenSize() + " " + s.precision()
                    + " does not match the model " + config.layers() + "x" + config.hiddenSize() + " " + precision);
        if (s.batch() != B) throw new IllegalArgumentException(what + " batch " + s.batch() + " != B = " + B);
    }

    /** Checks type and capacity of a caller's buffer; returns a position-0 view at its position. */
    private Pointer checkBuffer(Pointer p, long need, String what) {
        if (p == null || p.isNull()) throw new IllegalArgumentException(what + " is null");
        boolean ok = precision == Precision.FLOAT ? p instanceof FloatPointer : p instanceof DoublePointer;
        if (!ok) throw new IllegalArgumentException(what + " must be a " + (precision == Precision.FLOAT ? "FloatPointer" : "DoublePointer")
                + " for a " + precision + " model, got " + p.getClass().getSimpleName());
        long have = p.capacity() - p.position();
        if (p.capacity() <= 0 || have < need)
            throw new IllegalArgumentException(what + " holds " + (p.capacity() <= 0 ? "an unknown number of" : String.valueOf(have))
                    + " elements, need " + need + " (set its capacity)");
        return OffHeap.view(p, p.position(), have);
    }
}
