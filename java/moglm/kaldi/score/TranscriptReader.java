package moglm.kaldi.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a Kaldi text archive of token vectors ({@code data/text}, {@code LMWT.txt}, the output of
 * {@code int2sym.pl}): one entry per line, {@code key w1 w2 ...}.
 *
 * <p>Parsing follows Kaldi's {@code SequentialTokenVectorReader} on a text archive: leading
 * whitespace and blank lines are skipped; the key is the first run of non-whitespace; the rest of
 * the line is split on any of {@code " \t\r\f\v"} with empty pieces dropped, so a key alone on a
 * line is an empty transcript. Streaming: one line in memory at a time.
 */
public final class TranscriptReader implements Iterator<Transcript> {
    private final BufferedReader in;
    private final String source;
    private int lineNumber;
    private Transcript next;

    /** Reads from {@code in}; {@code source} names it in error messages (file name or rspecifier). */
    public TranscriptReader(BufferedReader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The line number (1-based) of the entry last returned by {@link #next()}. */
    public int lineNumber() {
        return lineNumber;
    }

    @Override public boolean hasNext() {
        if (next != null) return true;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                Transcript t = parse(line);
                if (t != null) {
                    next = t;
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("error reading " + source + " after line " + lineNumber, e);
        }
    }

    @Override public Transcript next() {
        if (!hasNext()) throw new NoSuchElementException();
        Transcript t = next;
        next = null;
        return t;
    }

    /** Parses one line; null for a blank line. */
    static Transcript parse(String line) {
        List<String> tokens = new ArrayList<>();
        int n = line.length(), i = 0;
        while (i < n) {
            while (i < n && isSpace(line.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) i++;
            tokens.add(line.substring(start, i));
        }
        if (tokens.isEmpty()) return null;
        String key = tokens.get(0);
        return new Transcript(key, tokens.subList(1, tokens.size()).toArray(new String[0]));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
    }

    /**
     * Reads a whole archive into a key-to-words map (insertion order kept), for random access as
     * Kaldi's {@code RandomAccessTokenVectorReader} gives it.
     *
     * @throws IllegalArgumentException on a duplicate key, naming the source and line
     */
    public static Map<String, String[]> readAll(BufferedReader in, String source) {
        Map<String, String[]> map = new LinkedHashMap<>();
        TranscriptReader r = new TranscriptReader(in, source);
        while (r.hasNext()) {
            Transcript t = r.next();
            if (map.putIfAbsent(t.key(), t.words()) != null) {
                throw new IllegalArgumentException(source + " line " + r.lineNumber()
                        + ": duplicate key " + t.key());
            }
        }
        return map;
    }
}
