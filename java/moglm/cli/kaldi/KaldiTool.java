package moglm.cli.kaldi;

import java.io.IOException;
import java.util.concurrent.Callable;
import moglm.kaldi.KaldiFloat;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Common behaviour of the Kaldi-named tools: Kaldi-style log lines on standard error, the
 * {@code Done N lattices, failed for M} summary, and the exit status (0 only when something was
 * processed and nothing failed; 1 otherwise, including invalid specifiers and I/O errors, which
 * are reported as one {@code ERROR} line).
 */
abstract class KaldiTool implements Callable<Integer> {
    final ToolLog log = new ToolLog(programName());

    @Option(names = "--kaldi-text-floats", arity = "0..1", paramLabel = "BOOL",
            description = "Text lattices: print weights with Kaldi's 6 significant digits instead of the"
                    + " lossless shortest float32 form (default: ${DEFAULT-VALUE}).")
    boolean kaldiTextFloats;

    private String programName() {
        Command c = getClass().getAnnotation(Command.class);
        return c != null ? c.name() : getClass().getSimpleName();
    }

    /** The body of the tool; returns the exit status. */
    abstract int run() throws IOException;

    @Override public final Integer call() {
        try {
            return run();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            log.error(moglm.util.ErrorMessages.of(e));
            return 1;
        }
    }

    /** The holder used to write lattices, honouring {@code --kaldi-text-floats}. */
    CompactLatticeHolder latticeWriterHolder() {
        return kaldiTextFloats ? new CompactLatticeHolder(LatticeText.FloatStyle.KALDI) : CompactLatticeHolder.INSTANCE;
    }

    /** Logs the summary and returns the exit status. */
    int finish(int done, int failed) {
        log.log("Done " + done + " lattices, failed for " + failed);
        return failed == 0 && done > 0 ? 0 : 1;
    }

    /** A float as Kaldi's log lines print it (C++ default precision 6). */
    static String f(double v) {
        return KaldiFloat.g(v, 6);
    }
}
