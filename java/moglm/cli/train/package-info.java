/**
 * {@code train} and {@code ppl}, and the option groups of {@code train}:
 * {@code TrainOptionsBinding} binds {@link moglm.train.TrainOptions} (defaults registered there),
 * the mixins add the on-demand pruning, L0 and low-rank options and build their trainer hooks,
 * {@code ConfigFileDefaults} reads {@code --config} files.
 */
package moglm.cli.train;
