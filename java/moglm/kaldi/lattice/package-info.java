/**
 * Kaldi lattices: {@link moglm.kaldi.lattice.CompactLattice} (word acceptor with (graph,
 * acoustic, transition ids) weights, what decoders write) and {@link moglm.kaldi.lattice.Lattice}
 * (transition-id:word transducer), stored as primitive arrays for hot loops; their binary
 * ({@link moglm.kaldi.lattice.LatticeBinary}) and text ({@link moglm.kaldi.lattice.LatticeText})
 * forms, read and written byte-exactly; and the operations around rescoring and scoring, each
 * reproducing Kaldi's numerics and tie-breaking.
 *
 * <p>Typical use (streaming an archive, changing LM scores, writing it back):
 * <pre>{@code
 * try (var in = new SequentialTableReader<>("ark:gunzip -c lat.1.gz|", CompactLatticeHolder.INSTANCE, System.err::println);
 *      var out = new TableWriter<>("ark:|gzip -c > new/lat.1.gz", CompactLatticeHolder.INSTANCE)) {
 *     while (in.next()) {
 *         CompactLattice lat = TopSort.ifNeeded(in.value());
 *         for (int s = 0; s < lat.numStates(); s++)
 *             for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++)
 *                 lat.setWeight(a, newGraphCost(lat.word(a), ...), lat.acousticCost(a));
 *         out.write(in.key(), lat);
 *     }
 * }
 * }</pre>
 * Build new lattices with {@link moglm.kaldi.lattice.CompactLattice#builder()}.
 *
 * <p>Depends on: {@code kaldi}, {@code kaldi.table}.
 */
package moglm.kaldi.lattice;
