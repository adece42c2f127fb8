package moglm.lowrank;

import moglm.model.TensorNames;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;
import moglm.model.FactorableMatrix;

/**
 * Low-rank factorisation of a Mogrifier LM by truncated SVD ({@link Svd}).
 *
 * <ul>
 * <li>{@link #toRank}: every mogrifier round matrix W (the full matrix, or the product
 *     left * right of a low-rank model) becomes {@code left = U_k sqrt(S_k)}, {@code right =
 *     sqrt(S_k) V_k^T}, the best rank-k approximation (Eckart-Young), in a model of
 *     {@code ModelConfig.rank = k}: physically smaller and faster, same scoring path. The factors
 *     are ordered by singular value, so the first k' &lt; k directions are the rank-k' model
 *     ({@code moglm.level.NestedRanks}).
 * <li>{@link #toRanks}: the same for every factorable matrix ({@link FactorableMatrix}) at once:
 *     mogrifier rounds to rank k, the LSTM gate matrices to lstmRank, the embedding and the untied
 *     output matrix to embedRank (0 keeps a group dense, or makes it dense again: the product).
 *     The kernel computes factored LSTM and embedding/output matrices directly, so the result is
 *     physically smaller and, for small ranks, faster (the output layer's V x H product becomes
 *     V x ke plus ke x H).
 * <li>{@link #truncateInPlace}: named matrices replaced by their rank-k truncation in place,
 *     same shapes (a measuring aid: the perplexity of a truncation without changing the
 *     architecture; {@link #toRanks} is the physical export).
 * </ul>
 */
public final class LowRank {
    private LowRank() {}

    /** The round matrix (rows x cols, row-major, double) of layer l round i of m. */
    public static double[] roundMatrix(MogrifierLM m, int layer, int round) {
        String base = TensorNames.mog(layer, round) + ".";
        if (m.config().rank() == 0) return m.getParamD(base + "weight");
        ParamSpec ls = m.param(base + "left"), rs = m.param(base + "right");
        double[] l = m.getParamD(base + "left"), r = m.getParamD(base + "right");
        int rows = ls.rows(), k = ls.cols(), cols = rs.cols();
        double[] w = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < k; p++) {
                double a = l[i * k + p];
                if (a == 0) continue;
                for (int j = 0; j < cols; j++) w[i * cols + j] += a * r[p * cols + j];
            }
        }
        return w;
    }

    /** Largest rank a round matrix of c can have: min over layers of min(in, H). */
    public static int maxRank(ModelConfig c) {
        int r = Integer.MAX_VALUE;
        for (int l = 0; l < c.layers(); l++) r = Math.min(r, Math.min(c.inputSize(l), c.hiddenSize()));
        return r;
    }

    /**
     * A new model (caller closes it) of {@code ModelConfig.rank = k} whose round matrices are the
     * rank-k SVD truncations of {@code source}'s; every other tensor is copied (factored LSTM or
     * embedding matrices keep their ranks and factors).
     */
    public static MogrifierLM toRank(MogrifierLM source, int k) {
        ModelConfig c = source.config();
        if (c.rounds() == 0) throw new IllegalArgumentException("the model has no mogrifier rounds to factor (rounds = 0)");
        if (k < 1 || k > maxRank(c)) throw new IllegalArgumentException("rank must be in 1.." + maxRank(c) + ", got " + k);
        ModelConfig small = c.withRanks(k, c.lstmRank(), c.embedRank());
        MogrifierLM out = new MogrifierLM(small, source.precision());
        try {
            for (ParamSpec p : out.params()) {
                if (!p.name().endsWith(".left") && !p.name().endsWith(".right")) out.setParamD(p.name(), source.getParamD(p.name()));
            }
            for (int l = 0; l < c.layers(); l++) {
                for (int i = 1; i <= c.rounds(); i++) {
                    int[] shape = FactorableMatrix.roundShape(c, l, i);
                    Svd svd = Svd.of(roundMatrix(source, l, i), shape[0], shape[1]);
                    out.setParamD(TensorNames.mog(l, i, TensorNames.LEFT), svd.left(k));
                    out.setParamD(TensorNames.mog(l, i, TensorNames.RIGHT), svd.right(k));
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * A new model (caller closes it) of ranks (k, kl, ke) = (mogrifier, LSTM, embedding/output;
     * 0 = dense) whose matrices are {@code source}'s (dense, or the product of its factors),
     * factored by truncated SVD ({@link #store}, LAPACK's through {@link Svd}); biases are copied.
     * A rank beyond what a group's matrices allow (min(rows, cols)) is refused with the bound.
     */
    public static MogrifierLM toRanks(MogrifierLM source, int k, int kl, int ke) {
        ModelConfig c = source.config();
        checkRank("rank (mogrifier)", k, c.rounds() == 0 ? Integer.MAX_VALUE : FactorableMatrix.maxRank(c, FactorableMatrix.Group.MOGRIFIER));
        checkRank("lstm rank", kl, FactorableMatrix.maxRank(c, FactorableMatrix.Group.LSTM));
        checkRank("embed rank", ke, FactorableMatrix.maxRank(c, FactorableMatrix.Group.EMBEDDING));
        MogrifierLM out = new MogrifierLM(c.withRanks(k, kl, ke), source.precision());
        try {
            Set<String> done = new HashSet<>();
            for (FactorableMatrix f : FactorableMatrix.of(c)) {
                store(f, out, f.read(source));
                done.addAll(f.names(out.config()));
            }
            for (ParamSpec p : out.params()) {
                if (!done.contains(p.name())) out.setParamD(p.name(), source.getParamD(p.name()));
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static void checkRank(String what, int k, int max) {
        if (k < 0 || k > max) throw new IllegalArgumentException(what + " must be in 0.." + max + " (0 = dense), got " + k);
    }

    /**
     * Replaces each named matrix of m by its rank-k truncation, min(k, its full rank), in place
     * (same shapes: no size gain). Returns the relative Frobenius error of each.
     */
    public static List<Double> truncateInPlace(MogrifierLM m, List<String> tensors, int k) {
        List<Double> err = new ArrayList<>();
        for (String name : tensors) {
            ParamSpec p = m.param(name);
            double[] w = m.getParamD(name);
            Svd svd = Svd.of(w, p.rows(), p.cols());
            double[] t = svd.truncated(Math.min(k, svd.fullRank()));
            double num = 0, den = 0;
            for (int i = 0; i < w.length; i++) {
                num += (w[i] - t[i]) * (w[i] - t[i]);
                den += w[i] * w[i];
            }
            m.setParamD(name, t);
            err.add(den == 0 ? 0 : Math.sqrt(num / den));
        }
        return err;
    }

    /** Names of the LSTM weight matrices (and the output matrix when untied) of c. */
    public static List<String> lstmAndOutput(ModelConfig c) {
        List<String> n = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) n.add(TensorNames.lstmWeight(l));
        if (!c.tied()) n.add(TensorNames.OUT_WEIGHT);
        return n;
    }

    /**
     * Stores w (f.rows() x f.cols()) into m at m's rank for matrix f: dense as is, or the rank-k
     * truncated SVD split as {@code left = U_k sqrt(S_k)}, {@code right = sqrt(S_k) V_k^T} (factors
     * ordered by singular value, so the first k' columns / rows are the rank-k' truncation).
     */
    public static void store(FactorableMatrix f, MogrifierLM m, double[] w) {
        int k = f.rankIn(m.config());
        if (k == 0) {
            m.setParamD(f.denseName(), w);
            return;
        }
        if (k > f.maxRank()) throw new IllegalArgumentException(f.base() + " is " + f.rows() + " x " + f.cols() + ": rank " + k + " > " + f.maxRank());
        Svd svd = Svd.of(w, f.rows(), f.cols());
        m.setParamD(f.leftName(), svd.left(k));
        m.setParamD(f.rightName(), svd.right(k));
    }

}
