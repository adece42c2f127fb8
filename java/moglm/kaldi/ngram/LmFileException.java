package moglm.kaldi.ngram;

import java.io.IOException;

/**
 * A malformed binary LM file (G.fst, G.carpa): the message names the file, the byte offset where
 * the problem was found, and what was expected there.
 */
public final class LmFileException extends IOException {
    private final String source;
    private final long offset;

    public LmFileException(String source, long offset, String message) {
        super(source + ": byte " + offset + ": " + message);
        this.source = source;
        this.offset = offset;
    }

    /** The file being read. */
    public String source() { return source; }

    /** The byte offset of the problem (0 = start of the file). */
    public long offset() { return offset; }
}
