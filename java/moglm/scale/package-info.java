/**
 * Multi-job training: averaging the models (or checkpoints) of the N jobs of an iteration
 * ({@link moglm.scale.ModelAverage}, the {@code moglm average-models} command), the step of
 * {@code recipes/kaldi/train_lm.sh} that Kaldi's {@code nnet3-average} does for its RNNLMs.
 * The jobs themselves are ordinary {@code moglm train --start-from} runs ({@code train.Trainer}).
 *
 * <p>Depends on: {@code modelfile}, {@code distill} (the on-demand resume header), {@code level}.
 */
package moglm.scale;
