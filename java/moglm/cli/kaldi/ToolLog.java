package moglm.cli.kaldi;

import java.io.PrintStream;

/**
 * Kaldi-style diagnostics on standard error: {@code LOG (program) ...},
 * {@code WARNING (program) ...}, {@code ERROR (program) ...}. Standard output stays free for data
 * ({@code ark,t:-}).
 */
final class ToolLog {
    private final String program;
    private final PrintStream err;

    ToolLog(String program) {
        this.program = program;
        this.err = System.err;
    }

    void log(String message) {
        err.print("LOG (" + program + ") " + message + "\n");
    }

    void warn(String message) {
        err.print("WARNING (" + program + ") " + message + "\n");
    }

    void error(String message) {
        err.print("ERROR (" + program + ") " + message + "\n");
    }

    /** Raw text to standard error (Kaldi's {@code std::cerr <<} lines). */
    void raw(String text) {
        err.print(text);
    }
}
