/**
 * Lattice rescoring (Kaldi's {@code lattice-lmrescore-pruned}, {@code lattice-lmrescore},
 * {@code lattice-lmrescore-const-arpa}): the composers' word lattice
 * ({@link moglm.rescore.lattice.WordLattice}, converted from and to Kaldi lattices by
 * {@link moglm.rescore.lattice.CompactLatticeConvert}), pruned composition with an on-demand LM
 * ({@link moglm.rescore.lattice.PrunedLatticeComposer}, options
 * {@link moglm.rescore.lattice.ComposeOptions}), the exhaustive reference composer, and the
 * per-archive driver ({@link moglm.rescore.lattice.LatticeRescorer}); n-gram rescoring as Kaldi's
 * binaries do it ({@link moglm.rescore.lattice.NgramLatticeRescoring}), including Kaldi's
 * composition of a lattice with a G.fst and its back-off epsilons followed by determinization
 * ({@link moglm.rescore.lattice.FstLatticeRescorer}).
 *
 * <p>Depends on: {@code rescore.lmfst}, {@code rescore.neural}, {@code rescore.util},
 * {@code kaldi.lattice}, {@code kaldi.ngram}.
 */
package moglm.rescore.lattice;
