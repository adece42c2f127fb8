/**
 * On-demand pruning on the training side: importance criteria (magnitude, Taylor:
 * {@link moglm.prune.Criterion}, {@link moglm.prune.TaylorAccumulator}), the pruning options and
 * schedule ({@link moglm.prune.PruneOptions}, {@link moglm.prune.PruneSchedule}), exporting one
 * level as a deployable model ({@link moglm.prune.LevelExport}, structured levels via
 * {@link moglm.prune.StructuredExport}) and the size/perplexity trade-off plot. The masks and
 * selecting a level live in {@code level}.
 *
 * <p>Depends on: {@code level}, {@code model}, {@code modelfile}, {@code util}.
 */
package moglm.prune;
