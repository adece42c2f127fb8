package moglm.l0;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;

/**
 * The deterministic model of structured L0 training ({@link StructureGates}) as a deployable model:
 * <ol>
 * <li>the gate values z are folded into the weights (W * masks, every 0 &lt; z &lt; 1 included);
 * <li>everything a closed gate (z = 0) makes removable ({@link GateMap#removes}) is set to exactly 0:
 *     a unit's rows and the columns that read it, a gate row and its bias entry, a mogrifier row and
 *     its bias entry, column c of a low-rank {@code left} with row c of {@code right}, an embedding
 *     dimension's column and every column or row that reads or modulates x_j;
 * <li>what the layout can drop physically is dropped: per layer the same number of closed units
 *     (the smallest count of closed units over the layers, one hidden size), and (untied) every
 *     closed embedding dimension; the rest stays as zeros, which sparse storage
 *     ({@code ModelFile.writeSparse}) does not store.
 * </ol>
 * A closed unit's cell and output stay exactly 0 from a zero state and a closed embedding
 * dimension's x_j is 0, so every zeroed weight multiplied 0 or was 0 already: the result computes
 * the gated model's log-probabilities (up to float summation order).
 */
public final class StructuredL0Export {
    /** The exported model (caller closes it) and how many units per layer / embedding dims were dropped physically. */
    public record Result(MogrifierLM model, int removedUnits, int removedEmbedDims) {}

    private StructuredL0Export() {}

    /** Exports the deterministic gates ({@link StructureGates#deterministic}). */
    public static Result export(MogrifierLM model, StructureGates gates) {
        return export(model, gates, gates.deterministic());
    }

    /** Exports {@code model} gated by {@code z} (shaped [group][gate]). */
    public static Result export(MogrifierLM model, StructureGates gates, double[][] z) {
        GateMap map = gates.map();
        ModelConfig c = model.config();
        if (!map.config().equals(c)) throw new IllegalArgumentException("gates for " + map.config() + ", model " + c);
        double[] f = gates.flat(z);
        try (MogrifierLM folded = new MogrifierLM(c, model.precision())) {
            L0Export.copyParams(model, folded);
            gates.apply(folded, z);
            folded.applyMasksToParams();
            folded.clearMasks();
            for (Map.Entry<String, GateMap.Axes> e : map.removes().entrySet()) zeroClosed(folded, e.getKey(), e.getValue(), f);

            Set<Integer> dropped = new HashSet<>();
            int removedUnits = Integer.MAX_VALUE;
            List<List<Integer>> closedUnits = new ArrayList<>();
            int removedEmbed = 0;
            for (GateMap.Group g : map.groups()) {
                List<Integer> closed = new ArrayList<>();
                for (int j = 0; j < g.size(); j++) if (f[g.offset() + j] == 0) closed.add(g.offset() + j);
                if (g.structure() == Structure.UNITS) {
                    closedUnits.add(closed);
                    removedUnits = Math.min(removedUnits, closed.size());
                } else if (g.structure() == Structure.EMBED) {
                    dropped.addAll(closed);
                    removedEmbed = closed.size();
                }
            }
            if (closedUnits.isEmpty()) removedUnits = 0;
            for (List<Integer> closed : closedUnits) dropped.addAll(closed.subList(0, removedUnits));
            int h = c.hiddenSize() - removedUnits, e = c.tied() ? h : c.embedSize() - removedEmbed;
            if (h < 1 || e < 1) throw new IllegalArgumentException("the gates close every hidden unit or embedding dimension");
            ModelConfig small = new ModelConfig(c.vocabSize(), e, h, c.layers(), c.rounds(), c.rank(), c.tied());
            MogrifierLM out = new MogrifierLM(small, model.precision());
            try {
                for (ParamSpec p : folded.params()) {
                    GateMap.Axes a = map.removes().get(p.name());
                    int[] rows = kept(a, true, p.rows(), dropped), cols = kept(a, false, p.cols(), dropped);
                    ParamSpec q = out.param(p.name());
                    if (rows.length != q.rows() || cols.length != q.cols()) {
                        throw new IllegalStateException("export of " + p.name() + ": kept " + rows.length + "x" + cols.length
                                + " but the small config needs " + q.rows() + "x" + q.cols());
                    }
                    double[] w = folded.getParamD(p.name());
                    double[] v = new double[rows.length * cols.length];
                    for (int i = 0; i < rows.length; i++)
                        for (int j = 0; j < cols.length; j++) v[i * cols.length + j] = w[rows[i] * p.cols() + cols[j]];
                    out.setParamD(p.name(), v);
                }
                return new Result(out, removedUnits, c.tied() ? removedUnits : removedEmbed);
            } catch (RuntimeException ex) {
                out.close();
                throw ex;
            }
        }
    }

    /** Zeroes the rows and columns of one tensor that a closed gate (f = 0) removes. */
    private static void zeroClosed(MogrifierLM m, String name, GateMap.Axes a, double[] f) {
        double[] w = m.getParamD(name);
        int rows = a.rowCount(), cols = a.colCount();
        boolean changed = false;
        for (int r = 0; r < rows; r++) {
            if (!closed(a.row(r), f)) continue;
            java.util.Arrays.fill(w, r * cols, (r + 1) * cols, 0.0);
            changed = true;
        }
        for (int col = 0; col < cols; col++) {
            if (!closed(a.col(col), f)) continue;
            for (int r = 0; r < rows; r++) w[r * cols + col] = 0;
            changed = true;
        }
        if (changed) m.setParamD(name, w);
    }

    private static boolean closed(int[] ids, double[] f) {
        for (int g : ids) if (f[g] == 0) return true;
        return false;
    }

    /** Indices along one axis whose gates are not in {@code dropped}. */
    private static int[] kept(GateMap.Axes a, boolean rows, int n, Set<Integer> dropped) {
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            boolean drop = false;
            if (a != null) for (int g : rows ? a.row(i) : a.col(i)) drop |= dropped.contains(g);
            if (!drop) out[k++] = i;
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
