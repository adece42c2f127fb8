/**
 * L0 structured pruning: hard-concrete gates ({@link moglm.l0.HardConcrete}) on hidden units
 * ({@link moglm.l0.UnitGates}) or on structures such as mogrifier rounds and factor directions
 * ({@link moglm.l0.StructureGates}, {@link moglm.l0.GateMap}), trained towards a target size with
 * Lagrange multipliers ({@link moglm.l0.L0Training}, {@link moglm.l0.L0Hook}), and exported as a
 * smaller dense model ({@link moglm.l0.L0Export}, {@link moglm.l0.StructuredL0Export}).
 *
 * <p>Depends on: {@code train} (the step hook), {@code distill}, {@code prune}, {@code level},
 * {@code model}, {@code modelfile}. Its commands and options belong to {@code cli}.
 */
package moglm.l0;
