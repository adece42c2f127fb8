/**
 * On-demand training: one model trained so that every nested level works (sub-network
 * selection, {@link moglm.distill.SubnetSelection}; distillation of the levels from the dense
 * network, {@link moglm.distill.HiddenDistillation}; the training step
 * {@link moglm.distill.OnDemandStep}; state and resume {@link moglm.distill.OnDemandTraining};
 * plugged into the trainer by {@link moglm.distill.OnDemandHook}).
 *
 * <p>Depends on: {@code train}, {@code prune}, {@code level}, {@code model}, {@code modelfile}.
 */
package moglm.distill;
