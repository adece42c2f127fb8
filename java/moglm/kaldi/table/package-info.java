/**
 * Kaldi's table I/O: {@link moglm.kaldi.table.Rspecifier} / {@link moglm.kaldi.table.Wspecifier}
 * ({@code ark:}, {@code ark,t:}, {@code scp:}, {@code ark,scp:}, pipes, {@code -}),
 * {@link moglm.kaldi.table.KaldiIo} for rx/wx file names, the streaming
 * {@link moglm.kaldi.table.SequentialTableReader}, {@link moglm.kaldi.table.TableWriter},
 * {@link moglm.kaldi.table.RandomAccessTableReader}, and {@link moglm.kaldi.table.Holder}s for
 * int32 vectors, floats and ints (lattice holders live in {@code moglm.kaldi.lattice}).
 *
 * <p>Depends on: {@code kaldi}, {@code util}.
 */
package moglm.kaldi.table;
