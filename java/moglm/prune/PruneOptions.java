package moglm.prune;

import moglm.model.ParamSpec;

import moglm.model.ModelConfig;

import java.util.EnumSet;
import java.util.List;
import moglm.level.LevelMasks;
import moglm.level.ElementLevelMasks;
import moglm.level.NestedElementMasks;
import moglm.level.NestedUnitMasks;
import moglm.level.SparsityLevels;
import moglm.level.PruneTarget;
import moglm.level.Ranking;

/**
 * What to prune and how: levels, granularity, criterion, ranking scope and target families.
 *
 * <p>Defaults (documented in docs/on-demand-pruning.md): element granularity, magnitude criterion, per-matrix
 * ranking, every weight matrix (LSTM, mogrifier, embedding, output) and no bias. Structured
 * ("unit") granularity removes hidden units, the same number in every layer, and embedding
 * dimensions only when tied (or asked for with {@code pruneEmbedDims}).
 */
public record PruneOptions(SparsityLevels levels, boolean structured, Criterion criterion, Ranking ranking,
                           EnumSet<PruneTarget> targets, boolean pruneEmbedDims) {
    public PruneOptions {
        if (structured && ranking == Ranking.GLOBAL) {
            throw new IllegalArgumentException("structured pruning ranks units per layer (every layer keeps the same "
                    + "number of units so the exported model has one hidden size); --ranking global is element-only");
        }
        targets = EnumSet.copyOf(targets);
    }

    public static PruneOptions defaults(SparsityLevels levels) {
        return new PruneOptions(levels, false, Criterion.MAGNITUDE, Ranking.PER_MATRIX, PruneTarget.defaults(), false);
    }

    /** Builds the nested masks of all levels from importance scores at the given level sparsities. */
    public LevelMasks build(double[] current, List<ParamSpec> tensors, ModelConfig arch, float[] scores) {
        if (structured) return NestedUnitMasks.build(levels, current, arch, pruneEmbedDims, tensors, scores);
        return new ElementLevelMasks(NestedElementMasks.build(levels, current, tensors, scores, targets, ranking));
    }

    /** Level sparsities at a schedule fraction f (each final level times f). */
    public double[] scaled(double f) {
        double[] s = levels.toArray();
        for (int i = 0; i < s.length; i++) s[i] *= f;
        return s;
    }
}
