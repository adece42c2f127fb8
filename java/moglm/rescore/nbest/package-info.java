/**
 * N-best rescoring: each utterance's list as a prefix tree scored with exact histories
 * ({@link moglm.rescore.nbest.NbestLattice}, {@link moglm.rescore.nbest.NbestRescorer}).
 *
 * <p>Depends on: {@code rescore.lmfst}, {@code rescore.neural}, {@code kaldi.nbest},
 * {@code kaldi.lattice}, {@code model}.
 */
package moglm.rescore.nbest;
