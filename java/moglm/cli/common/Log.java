package moglm.cli.common;

import java.io.PrintStream;

/**
 * Diagnostics of one command on standard error, in Kaldi's three forms with the command named:
 * {@code LOG (moglm <command>) ...}, {@code WARNING (moglm <command>) ...},
 * {@code ERROR (moglm <command>) ...}. Standard output stays free for data ({@code ark,t:-}).
 * The stream is looked up on every call, so a test that redirects {@code System.err} sees it.
 */
public final class Log {
    private final String program;

    /** A log for {@code moglm <command>}. */
    public Log(String command) {
        this.program = "moglm " + command;
    }

    /** The program name in the brackets: {@code moglm <command>}. */
    public String program() {
        return program;
    }

    public void log(String message) {
        line("LOG", message);
    }

    public void warn(String message) {
        line("WARNING", message);
    }

    public void error(String message) {
        line("ERROR", message);
    }

    /** Raw text to standard error (Kaldi's {@code std::cerr <<} lines, e.g. the command-line echo). */
    public void raw(String text) {
        PrintStream err = System.err;
        err.print(text);
        err.flush();
    }

    private void line(String level, String message) {
        raw(level + " (" + program + ") " + message + "\n");
    }
}
