package moglm.cli.rescore;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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
 * The read-rescore-write loop of the lattice rescoring commands (n-gram and neural). A lattice
 * whose rescoring fails or leaves no path is reported and skipped; the exit status is 0 when at
 * least one lattice was written (Kaldi's rule), else 1. The input is closed and checked before the
 * output archive is committed; on any error the output is aborted, never committed half-written.
 */
final class LatticeRescoreLoop {
    private LatticeRescoreLoop() {}

    /** The rescoring of one lattice. */
    @FunctionalInterface
    interface PerLattice {
        /**
         * The lattice to write for {@code clat} (read under {@code key}), or null to skip it after
         * a warning that says why. Either way it is counted (done or failed); an
         * {@link IllegalArgumentException} is reported with the key and counted as failed.
         */
        CompactLattice rescore(String key, CompactLattice clat);
    }

    /**
     * A {@link PerLattice} that rescores the word lattice of each input with {@code rescore}; a
     * null result is reported as an empty lattice (Kaldi's warning).
     */
    static PerLattice wordLattices(Log log, Function<WordLattice, WordLattice> rescore) {
        return (key, clat) -> {
            WordLattice in = CompactLatticeConvert.toWordLattice(clat);
            WordLattice out = rescore.apply(in);
            if (out == null) {
                log.warn("Empty lattice for utterance " + key + " (incompatible LM?)");
                return null;
            }
            return CompactLatticeConvert.toCompactLattice(out, in, clat);
        };
    }

    /** Rescores every lattice of {@code rspec} with {@code rescore} (null result = empty) into {@code wspec}. */
    static int run(Log log, String rspec, String wspec, int progressEvery,
                   Function<WordLattice, WordLattice> rescore) throws IOException {
        return run(log, rspec, wspec, progressEvery, wordLattices(log, rescore), UnaryOperator.identity());
    }

    /**
     * Rescores every lattice of {@code rspec} with {@code rescore} into {@code wspec}. At the end,
     * logs {@code summary} applied to the progress line (count, time, rate), then the counts.
     */
    static int run(Log log, String rspec, String wspec, int progressEvery, PerLattice rescore,
                   UnaryOperator<String> summary) throws IOException {
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
                    CompactLattice out;
                    try {
                        out = rescore.rescore(key, clat);
                    } catch (IllegalArgumentException e) {
                        log.warn("Failed to rescore lattice for " + key + ": " + e.getMessage());
                        out = null;
                    }
                    if (out == null) {
                        failed++;
                        continue;
                    }
                    writer.write(key, out);
                    done++;
                }
                failed += reader.failed();
                reader.close();   // checks the input (a failed pipe is an error) before the output is committed
            } catch (IOException | RuntimeException | Error e) {
                writer.abort();   // never commit a half-written archive
                throw e;
            }
            writer.close();
        }
        log.log(summary.apply(progress.line()));
        log.log("Done " + done + " lattices, failed for " + failed);
        return MoglmCommand.tableStatus(done);
    }
}
