package moglm.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.List;
import moglm.level.NestedRanks;
import moglm.model.MogrifierLM;
import moglm.model.SparseKernels;
import moglm.modelfile.ModelFile;
import moglm.level.LevelMasks;
import moglm.level.NestedUnitMasks;
import moglm.level.Level;
import moglm.level.LevelLoader;

/**
 * Deployable model of one level: structured levels as a smaller dense model
 * ({@link StructuredExport}); rank levels as the smaller rank-k model ({@link NestedRanks#export});
 * element levels as the full-size model with the pruned weights zeroed, in sparse storage
 * ({@link moglm.modelfile.SparseTensor}: a bitmap and the non-zero values, smaller than dense
 * storage at every level); the dense level as it is. The result carries no mask or level section.
 * Loading an element export puts the matrices of density
 * &lt;= {@value SparseKernels#CROSSOVER_DENSITY} on the CSR inference kernel and leaves the others
 * on the dense kernels, which were measured to be faster at higher densities ({@link SparseKernels}).
 */
public final class LevelExport {
    /** Config keys the model file writer owns. */
    public static final Set<String> ARCH_KEYS = ModelFile.WRITER_KEYS;

    /** What was written. */
    public record Written(String how, long params, long nonZero) {}

    private LevelExport() {}

    /**
     * Writes level {@code level} of the loaded model to {@code out}. The loaded model is left
     * with that level selected (pruned weights zeroed).
     */
    public static Written write(ModelFile.Loaded m, LevelMasks masks, Level level, Path out, Map<String, String> info)
            throws IOException {
        if (level instanceof Level.Rank r) {
            int k = LevelLoader.rank(m, r);
            LevelLoader.select(m, level);
            int full = NestedRanks.fullRank(m.model().config());
            if (k < full) {
                try (MogrifierLM small = NestedRanks.export(m.model(), k)) {
                    ModelFile.write(out, small, m.vocabulary(), info);
                    return new Written("low-rank: rank " + k + " of " + full, small.numParams(),
                            nonZero(small));
                }
            }
            ModelFile.write(out, m.model(), m.vocabulary(), info);
            return new Written("low-rank: full rank " + k, m.model().numParams(), nonZero(m.model()));
        }
        if (level instanceof Level.Sparsity s && masks instanceof NestedUnitMasks u) {
            int k = u.levels().indexOf(s.fraction());
            try (MogrifierLM small = StructuredExport.export(m.model(), u, k)) {
                ModelFile.write(out, small, m.vocabulary(), info);
                return new Written("structured: hidden " + small.config().hiddenSize() + ", embed " + small.config().embedSize(),
                        small.numParams(), nonZero(small));
            }
        }
        LevelLoader.select(m, level);
        if (level instanceof Level.Dense) {
            // sparse storage only where it is smaller: a dense network is written as it is, a model
            // pruned by itself (train --prune-to) gets the smaller file of an element export
            long nz = nonZero(m.model());
            ModelFile.writeSparse(out, m.model(), m.vocabulary(), info);
            return new Written(nz == m.model().numParams() ? "dense" : "dense level, sparse storage where smaller",
                    m.model().numParams(), nz);
        }
        ModelFile.writeSparse(out, m.model(), m.vocabulary(), info);
        int csr = 0;
        List<String> eligible = SparseKernels.eligible(m.model());
        for (String n : eligible) if (m.model().sparseNonZeros(n) >= 0) csr++;
        return new Written("element: sparse file, CSR " + csr + "/" + eligible.size() + " matrices", m.model().numParams(),
                nonZero(m.model()));
    }

    /**
     * Config keys of an exported model: the source's information keys (training options...)
     * plus {@code exported_from} and {@code exported_level}.
     */
    public static Map<String, String> info(ModelFile.Loaded source, String sourceName, Level level) {
        Map<String, String> info = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : source.config().entrySet()) {
            if (!ARCH_KEYS.contains(e.getKey())) info.put(e.getKey(), e.getValue());
        }
        info.put("exported_from", sourceName);
        info.put("exported_level", level.toString());
        return info;
    }

    /** Number of non-zero parameters. */
    public static long nonZero(MogrifierLM model) {
        float[] p = new float[Math.toIntExact(model.numParams())];
        model.getParams(p);
        long n = 0;
        for (float v : p) if (v != 0f) n++;
        return n;
    }
}
