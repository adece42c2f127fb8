/**
 * The Mogrifier LSTM language model in memory: its architecture ({@link moglm.model.ModelConfig}),
 * the network over native kernels ({@link moglm.model.MogrifierLM}: forward, backward, loss,
 * inference steps; parameters named by {@link moglm.model.ParamSpec}, the factorable matrices by
 * {@link moglm.model.FactorableMatrix}), recurrent state ({@link moglm.model.State}), dropout,
 * precision, sparse inference kernels ({@link moglm.model.SparseKernels}), and the vocabulary that
 * maps Kaldi word ids to model indices ({@link moglm.model.Vocabulary}).
 *
 * <p>Depends on: {@code kernel} (the native calls), {@code kaldi} (the words.txt parser),
 * {@code util}. Nothing here knows about files of models, training or rescoring.
 */
package moglm.model;
