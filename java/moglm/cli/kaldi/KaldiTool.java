package moglm.cli.kaldi;

import moglm.cli.common.MoglmCommand;
import moglm.kaldi.KaldiFloat;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeText;
import picocli.CommandLine.Option;

/**
 * Common behaviour of the Kaldi-named lattice tools: the {@code Done N lattices, failed for M}
 * summary and Kaldi's exit status (0 when at least one lattice was processed, 1 when none was;
 * invalid specifiers and I/O errors are one {@code ERROR} line and exit status 1, through
 * {@link MoglmCommand}).
 */
abstract class KaldiTool extends MoglmCommand {
    @Option(names = "--kaldi-text-floats", arity = "0..1", paramLabel = "BOOL",
            description = "Text lattices: print weights with Kaldi's 6 significant digits instead of the"
                    + " lossless shortest float32 form.")
    boolean kaldiTextFloats;

    /** The holder used to write lattices, honouring {@code --kaldi-text-floats}. */
    CompactLatticeHolder latticeWriterHolder() {
        return kaldiTextFloats ? new CompactLatticeHolder(LatticeText.FloatStyle.KALDI) : CompactLatticeHolder.INSTANCE;
    }

    /** Logs the summary and returns the exit status. */
    int finish(int done, int failed) {
        log.log("Done " + done + " lattices, failed for " + failed);
        return tableStatus(done);
    }

    /** A float as Kaldi's log lines print it (C++ default precision 6). */
    static String f(double v) {
        return KaldiFloat.g(v, 6);
    }
}
