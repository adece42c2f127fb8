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
import moglm.util.TextLines;

/**
 * Reads a Kaldi text archive of token vectors ({@code data/text}, {@code LMWT.txt}, the output of
 * {@code int2sym.pl}): one entry per line, {@code key w1 w2 ...}.
 *
 * <p>Parsing follows Kaldi's {@code SequentialTokenVectorReader} on a text archive: leading
 * whitespace and blank lines are skipped; the key is the first run of non-whitespace; the rest of
 * the line is split on any of {@code " \t\r\f\v"} with empty pieces dropped, so a key alone on a
 * line is an empty transcript. Streaming: one line in memory at a time. Read from {@link TextLines}
 * (files), bytes that are not UTF-8 are an error naming the file and line.
 */
public final class TranscriptReader implements Iterator<Transcript> {
    private final BufferedReader in;
    private final TextLines text;
    private final String source;
    private int lineNumber;
    private Transcript next;

    /** Reads from {@code in}; {@code source} names it in error messages (file name or rspecifier). */
    public TranscriptReader(BufferedReader in, String source) {
        this.in = in;
        this.text = null;
        this.source = source;
    }

    /** Reads from {@code text} (strict UTF-8; errors name its file and line), named by {@link TextLines#name()}. */
    public TranscriptReader(TextLines text) {
        this.in = null;
        this.text = text;
        this.source = text.name();
    }

    /** The line number (1-based) of the entry last returned by {@link #next()}. */
    public int lineNumber() {
        return lineNumber;
    }

    @Override public boolean hasNext() {
        if (next != null) return true;
        try {
            String line;
            while ((line = text != null ? text.next() : in.readLine()) != null) {
                lineNumber++;
                Transcript t = parse(line);
                if (t != null) {
                    next = t;
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            if (text != null) throw new UncheckedIOException(e.getMessage(), e);   // names the file and line
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
        return readAll(new TranscriptReader(in, source), source);
    }

    /** Same, from a file read by {@link TextLines}. */
    public static Map<String, String[]> readAll(TextLines text) {
        return readAll(new TranscriptReader(text), text.name());
    }

    private static Map<String, String[]> readAll(TranscriptReader r, String source) {
        Map<String, String[]> map = new LinkedHashMap<>();
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
