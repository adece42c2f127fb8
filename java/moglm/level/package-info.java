/**
 * A model at a level: which network of a model file to run ({@link moglm.level.Level}: dense, a
 * nested sparsity level or a nested rank level) and loading a model file at that level
 * ({@link moglm.level.LevelLoader}). Also the data a level is selected from, as stored in model
 * files: nested sparsity masks ({@link moglm.level.LevelMasks}, element
 * {@link moglm.level.NestedElementMasks} or unit {@link moglm.level.NestedUnitMasks}, section
 * codec {@link moglm.level.LevelMasksCodec}, built from importance scores) and nested rank levels
 * ({@link moglm.level.RankLevels}, {@link moglm.level.NestedRanks}).
 *
 * <p>Depends on: {@code model}, {@code modelfile}, {@code util}. Used by rescoring (which must
 * not depend on training) and by the training-side packages ({@code prune}, {@code distill},
 * {@code l0}, {@code lowrank}) that make levels.
 */
package moglm.level;
