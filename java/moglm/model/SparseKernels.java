package moglm.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Which weight matrices of an element-pruned model run on the CSR kernel at inference
 * ({@link MogrifierLM#setSparseKernel}): those whose density (non-zeros / size) is at most
 * {@link #CROSSOVER_DENSITY}; denser ones keep the dense BLAS kernels.
 *
 * <p>The crossover comes from {@code cpp/test/sparse_bench.sh} at the 2 x 200 Mogrifier LM's
 * shapes (V = 10000, tied; one thread, CPU time; measured on a shared, loaded 2-core machine, so
 * the ratios are rough): the whole model with every weight matrix on CSR ran a decoder step
 * (B = 1) about 2x faster than the dense kernels at density 0.2 and about as fast at 0.4, and an
 * evaluation forward (T = 35, B = 64) about 1.15x faster at 0.2 and 1.3-1.4x slower at 0.4;
 * at 0.6 and 0.8 CSR was slower everywhere. The break-even lies between 0.2 and 0.4: 0.3.
 * In terms of on-demand levels: the 80%-sparse level (density 0.2) runs sparse, the 60% and
 * lower levels dense (their files are still smaller: sparse storage, {@code ModelFile}).
 */
public final class SparseKernels {
    /** Highest density at which a matrix runs on the CSR kernel. */
    public static final double CROSSOVER_DENSITY = 0.3;

    private SparseKernels() {}

    /** The tensors that take part in a product the CSR kernel can serve (see {@link MogrifierLM#setSparseKernel}). */
    public static List<String> eligible(MogrifierLM model) {
        ModelConfig c = model.config();
        List<String> out = new ArrayList<>();
        for (ParamSpec p : model.params()) {
            String n = p.name();
            boolean mog = c.rank() == 0 && n.matches("layer\\d+\\.mog\\d+\\.weight");
            boolean output = n.equals(c.tied() ? TensorNames.EMBED : TensorNames.OUT_WEIGHT);
            if (n.endsWith(".lstm." + TensorNames.WEIGHT) || mog || output) out.add(n);
        }
        return out;
    }

    /** Fraction of non-zero values. */
    public static double density(float[] w) {
        long nz = 0;
        for (float v : w) if (v != 0f) nz++;
        return w.length == 0 ? 1 : (double) nz / w.length;
    }

    /**
     * Puts every eligible matrix of density &lt;= {@link #CROSSOVER_DENSITY} on the CSR kernel (for
     * products of any width) and takes the others off it. Returns the names now on CSR.
     */
    public static List<String> apply(MogrifierLM model) {
        List<String> on = new ArrayList<>();
        for (String n : eligible(model)) {
            ParamSpec p = model.param(n);
            double density = p.size() == 0 ? 1 : (double) model.countNonZeros(n) / p.size();   // no copy of the matrix
            boolean sparse = density <= CROSSOVER_DENSITY;
            model.setSparseKernel(n, sparse ? 1 : 0);
            if (sparse) on.add(n);
        }
        return on;
    }
}
