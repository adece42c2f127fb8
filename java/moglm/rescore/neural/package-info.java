/**
 * The neural LM for decoders and rescorers: {@link moglm.rescore.neural.NeuralLm} (states with
 * Kaldi's n-gram history approximation, batched scoring, a memory-bounded distribution cache,
 * thread safety) over a {@link moglm.rescore.neural.StepFunction} (the Mogrifier network:
 * {@link moglm.rescore.neural.MogrifierStepFunction}), as an on-demand FST
 * ({@link moglm.rescore.neural.NeuralOnDemandLm}), and loading a model file at a level with its
 * ARPA LM ({@link moglm.rescore.neural.ModelLoader}).
 *
 * <p>Depends on: {@code rescore.lmfst}, {@code level}, {@code modelfile}, {@code model},
 * {@code kaldi.ngram}; never on the training-side packages.
 */
package moglm.rescore.neural;
