package moglm.level;

/**
 * Nested masks of every on-demand sparsity level of one model, element-wise
 * ({@link NestedElementMasks} wrapped by {@link ElementLevelMasks}) or structured
 * ({@link NestedUnitMasks}). Level index {@link SparsityLevels#DENSE} selects the dense network.
 */
public interface LevelMasks {
    SparsityLevels levels();

    /** "element" or "unit". */
    String granularity();

    /** Installs level k's masks (clearing all masks first; DENSE leaves none). */
    void apply(MaskSink sink, int k);

    /** The whole-vector element mask equivalent to level k (1 keep, 0 pruned); null for dense. */
    float[] flatMask(int k);

    /** Parameters kept (not masked) at level k, out of all parameters of the model. */
    long keptParams(int k);
}
