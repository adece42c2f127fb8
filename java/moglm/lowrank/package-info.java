/**
 * Low-rank factorisation of the mogrifier, LSTM and embedding matrices: truncated SVD
 * ({@link moglm.lowrank.Svd}, LAPACK's dgesdd from the OpenBLAS preset), conversion of a model to given ranks ({@link moglm.lowrank.LowRank}),
 * and training a factored model initialised from a dense one ({@link moglm.lowrank.InitFromHook}).
 * Nested rank levels (one file serving several ranks) are read in {@code level}.
 *
 * <p>Depends on: {@code train} (the step hook), {@code level}, {@code model}, {@code modelfile};
 * outside moglm on {@code org.bytedeco.openblas} (LAPACK).
 * Its commands and options belong to {@code cli}.
 */
package moglm.lowrank;
