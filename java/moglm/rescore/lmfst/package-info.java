/**
 * Language models as deterministic on-demand FSTs for lattice composition (Kaldi's
 * {@code DeterministicOnDemandFst}): {@link moglm.rescore.lmfst.OnDemandLm} with arcs
 * {@link moglm.rescore.lmfst.LmArc}, the ARPA model as one ({@link moglm.rescore.lmfst.NgramOnDemandLm}),
 * and combinations ({@link moglm.rescore.lmfst.ScaledLm}, {@link moglm.rescore.lmfst.SumLm}: e.g.
 * "minus the old LM plus the neural LM"); Kaldi's n-gram formats as on-demand LMs
 * ({@link moglm.rescore.lmfst.FstOnDemandLm} for G.fst, {@link moglm.rescore.lmfst.ConstArpaOnDemandLm}
 * for G.carpa) and {@link moglm.rescore.lmfst.NgramModel}, which loads an n-gram LM in any of the
 * three formats (detected from the file's first bytes; files, standard input or pipes).
 *
 * <p>Depends on: {@code kaldi.ngram}, {@code kaldi.table} (pipes), {@code rescore.util}.
 */
package moglm.rescore.lmfst;
