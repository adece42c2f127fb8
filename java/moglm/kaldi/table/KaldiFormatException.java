package moglm.kaldi.table;

import java.io.IOException;

/**
 * Malformed data in a Kaldi object (lattice, vector, ...). The message names the source, the
 * byte or line position and what was expected.
 *
 * <p>{@link #resumable()} tells a table reader whether the stream is positioned at the start of
 * the next entry (e.g. a text lattice was skipped up to its blank line, or a binary lattice was
 * read completely but referred to a missing state), so the bad entry can be reported and skipped;
 * otherwise (truncated data, bad magic number, unknown arc type) the rest of the archive cannot be
 * located and reading stops.
 */
public class KaldiFormatException extends IOException {
    private final boolean resumable;

    public KaldiFormatException(String message, boolean resumable) {
        super(message);
        this.resumable = resumable;
    }

    public KaldiFormatException(String message, boolean resumable, Throwable cause) {
        super(message, cause);
        this.resumable = resumable;
    }

    private int alsoLost;

    /**
     * Marks that skipping this entry also skipped {@code n} entries after it (e.g. a text
     * archive missing the blank line that ends a lattice: the next entry's lines were read as
     * part of this one). Table readers count them as failed too.
     */
    public KaldiFormatException alsoLost(int n) {
        alsoLost = n;
        return this;
    }

    /** Entries after this one that were skipped with it (0 usually). */
    public int alsoLost() {
        return alsoLost;
    }

    /** True when the stream is at the start of the next entry, so reading can go on. */
    public boolean resumable() {
        return resumable;
    }
}
