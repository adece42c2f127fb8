package moglm.cli.kaldi;

import java.io.IOException;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import picocli.CommandLine.Parameters;

/**
 * A tool that reads CompactLattices, changes each one and writes it under the same key
 * (lattice-scale, lattice-add-penalty, lattice-prune). A lattice the transform rejects (null) or
 * a bad input entry is reported with its key, skipped and counted as failed.
 */
abstract class LatticeTransformTool extends KaldiTool {
    @Parameters(index = "0", paramLabel = "<lattice-rspecifier>") String in;
    @Parameters(index = "1", paramLabel = "<lattice-wspecifier>") String out;

    /** Checks options before anything is opened. */
    void checkOptions() { }

    /** The transformed lattice, or null when it failed (the subclass logs why). */
    abstract CompactLattice transform(String key, CompactLattice lat);

    /** Extra summary lines before "Done ...". */
    void summary(int done) { }

    @Override protected int run() throws IOException {
        checkOptions();
        int done = 0, failed = 0;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(in, CompactLatticeHolder.INSTANCE, log::warn)) {
            TableWriter<CompactLattice> w = new TableWriter<>(out, latticeWriterHolder());
            try {
                while (r.next()) {
                    CompactLattice result = transform(r.key(), r.value());
                    if (result == null) {
                        failed++;
                        continue;
                    }
                    w.write(r.key(), result);
                    done++;
                }
                r.close();   // checks the input (a failed pipe is an error) before any output is committed
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
            failed += r.failed();
        }
        summary(done);
        return finish(done, failed);
    }
}
