package moglm.cli.rescore;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import moglm.cli.common.Log;
import moglm.cli.common.MoglmCommand;
import moglm.cli.common.Progress;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.rescore.lattice.CompactLatticeConvert;
import moglm.rescore.lattice.WordLattice;

/**
 * The read-rescore-write loop of the n-gram lattice rescoring commands. A lattice whose rescoring
 * fails or leaves no path is reported and skipped; the exit status is 0 when at least one lattice
 * was written (Kaldi's rule), else 1. The input is closed and checked before the output archive is
 * committed; on any error the output is aborted, never committed half-written.
 */
final class LatticeRescoreLoop {
    private LatticeRescoreLoop() {}

    /** Rescores every lattice of {@code rspec} with {@code rescore} (null result = empty) into {@code wspec}. */
    static int run(Log log, String rspec, String wspec, int progressEvery,
                   Function<WordLattice, WordLattice> rescore) throws IOException {
        int done = 0, failed = 0;
        Progress progress = new Progress(log, "lattices", progressEvery);
        try (SequentialTableReader<CompactLattice> reader = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE,
                log::warn)) {
            TableWriter<CompactLattice> writer = new TableWriter<>(wspec, CompactLatticeHolder.INSTANCE);
            try {
                while (reader.next()) {
                    String key = reader.key();
                    CompactLattice clat = reader.value();
                    progress.tick();
                    try {
                        WordLattice in = CompactLatticeConvert.toWordLattice(clat);
                        WordLattice out = rescore.apply(in);
                        if (out == null) {
                            log.warn("Empty lattice for utterance " + key + " (incompatible LM?)");
                            failed++;
                            continue;
                        }
                        writer.write(key, CompactLatticeConvert.toCompactLattice(out, in, clat));
                        done++;
                    } catch (IllegalArgumentException e) {
                        log.warn("Failed to rescore lattice for " + key + ": " + e.getMessage());
                        failed++;
                    }
                }
                failed += reader.failed();
                reader.close();   // checks the input (a failed pipe is an error) before the output is committed
            } catch (IOException | RuntimeException | Error e) {
                writer.abort();   // never commit a half-written archive
                throw e;
            }
            writer.close();
        }
        log.log(String.format(Locale.ROOT, "%s", progress.line()));
        log.log("Done " + done + " lattices, failed for " + failed);
        return MoglmCommand.tableStatus(done);
    }
}
