package moglm.cli.rescore;

import java.io.IOException;
import java.util.function.Function;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.rescore.lattice.CompactLatticeConvert;
import moglm.rescore.lattice.WordLattice;

/**
 * The read-rescore-write loop of the n-gram lattice rescoring commands, with Kaldi's log lines
 * ({@code LOG/WARNING (program) ...}) and summary. A lattice whose rescoring fails or leaves no
 * path is reported and skipped; the exit status is 0 when at least one lattice was written
 * (Kaldi's rule for these binaries), else 1.
 */
final class LatticeRescoreLoop {
    private LatticeRescoreLoop() {}

    static void log(String program, String message) {
        System.err.print("LOG (" + program + ") " + message + "\n");
    }

    static void warn(String program, String message) {
        System.err.print("WARNING (" + program + ") " + message + "\n");
    }

    static void error(String program, String message) {
        System.err.print("ERROR (" + program + ") " + message + "\n");
    }

    /** Rescores every lattice of {@code rspec} with {@code rescore} (null result = empty) into {@code wspec}. */
    static int run(String program, String rspec, String wspec, Function<WordLattice, WordLattice> rescore) throws IOException {
        int done = 0, failed = 0;
        long t0 = System.nanoTime();
        try (SequentialTableReader<CompactLattice> reader = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE,
                m -> warn(program, m))) {
            TableWriter<CompactLattice> writer = new TableWriter<>(wspec, CompactLatticeHolder.INSTANCE);
            try {
                while (reader.next()) {
                    String key = reader.key();
                    CompactLattice clat = reader.value();
                    try {
                        WordLattice in = CompactLatticeConvert.toWordLattice(clat);
                        WordLattice out = rescore.apply(in);
                        if (out == null) {
                            warn(program, "Empty lattice for utterance " + key + " (incompatible LM?)");
                            failed++;
                            continue;
                        }
                        writer.write(key, CompactLatticeConvert.toCompactLattice(out, in, clat));
                        done++;
                    } catch (IllegalArgumentException e) {
                        warn(program, "failed to rescore lattice for " + key + ": " + e.getMessage());
                        failed++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                writer.abort();
                throw e;
            }
            writer.close();
            failed += reader.failed();
        }
        log(program, String.format("Done %d lattices, failed for %d (%.1f s)", done, failed, (System.nanoTime() - t0) / 1e9));
        return done > 0 ? 0 : 1;
    }
}
