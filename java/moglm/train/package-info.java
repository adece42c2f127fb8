/**
 * Training a Mogrifier LM: text corpora and vocabulary building ({@link moglm.train.Corpus},
 * {@link moglm.train.VocabularyBuilder}), batching ({@link moglm.train.StreamBatcher},
 * {@link moglm.train.SentenceBatcher}), the trainer with checkpoints and exact resume
 * ({@link moglm.train.Trainer}, {@link moglm.train.Checkpoint}), step hooks for pruning and
 * distillation ({@link moglm.train.StepHook}), data-parallel steps and evaluation
 * ({@link moglm.train.Evaluator}).
 *
 * <p>Depends on: {@code model}, {@code modelfile}, {@code train.optim}, {@code util}. The
 * pruning packages plug in through {@link moglm.train.StepHook}; train never names them.
 */
package moglm.train;
