/**
 * Lattice rescoring (Kaldi's {@code lattice-lmrescore-pruned}): the composers' word lattice
 * ({@link moglm.rescore.lattice.WordLattice}, converted from and to Kaldi lattices by
 * {@link moglm.rescore.lattice.CompactLatticeConvert}), pruned composition with an on-demand LM
 * ({@link moglm.rescore.lattice.PrunedLatticeComposer}, options
 * {@link moglm.rescore.lattice.ComposeOptions}), the exhaustive reference composer, and the
 * per-archive driver ({@link moglm.rescore.lattice.LatticeRescorer}).
 *
 * <p>Depends on: {@code rescore.lmfst}, {@code rescore.neural}, {@code rescore.util},
 * {@code kaldi.lattice}.
 */
package moglm.rescore.lattice;
