package moglm.kaldi.ngram;

import java.io.IOException;

/** A malformed ARPA file: the message names the file, the 1-based line and what was expected. */
public final class ArpaFormatException extends IOException {
    private final String source;
    private final long line;

    public ArpaFormatException(String source, long line, String message) {
        super(source + ":" + line + ": " + message);
        this.source = source;
        this.line = line;
    }

    public ArpaFormatException(String source, long line, String message, Throwable cause) {
        this(source, line, message);
        initCause(cause);
    }

    /** The file (or stream name) being read. */
    public String source() { return source; }

    /** The 1-based line number where the problem was found. */
    public long line() { return line; }
}
