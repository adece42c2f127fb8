/**
 * Language models as deterministic on-demand FSTs for lattice composition (Kaldi's
 * {@code DeterministicOnDemandFst}): {@link moglm.rescore.lmfst.OnDemandLm} with arcs
 * {@link moglm.rescore.lmfst.LmArc}, the ARPA model as one ({@link moglm.rescore.lmfst.NgramOnDemandLm}),
 * and combinations ({@link moglm.rescore.lmfst.ScaledLm}, {@link moglm.rescore.lmfst.SumLm}: e.g.
 * "minus the old LM plus the neural LM").
 *
 * <p>Depends on: {@code kaldi.ngram}, {@code rescore.util}.
 */
package moglm.rescore.lmfst;
