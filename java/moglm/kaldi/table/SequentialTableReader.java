package moglm.kaldi.table;

import java.io.Closeable;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a Kaldi table (archive or scp) one entry at a time, so archives of any size stream
 * through in constant memory (Kaldi's {@code SequentialTableReader}).
 *
 * <pre>{@code
 * try (var r = new SequentialTableReader<>("ark:gunzip -c lat.1.gz|", CompactLatticeHolder.INSTANCE, System.err::println)) {
 *     while (r.next()) process(r.key(), r.value());
 *     if (r.failed() > 0) ...   // bad entries were reported and skipped
 * }
 * }</pre>
 *
 * <p><b>Archives.</b> An entry is a key (Kaldi token rules, strict UTF-8), one space or tab (a
 * newline right after the key is left for the holder, as Kaldi allows), then the object, whose
 * text/binary form the holder detects per entry.
 *
 * <p><b>Script files.</b> Each line is {@code key rxfilename}; the rxfilename may be a file, a
 * pipe, or {@code file:offset} (as written by {@code ark,scp:}); consecutive offsets into the same
 * file reuse one open file.
 *
 * <p><b>Bad entries.</b> A malformed entry is reported through the warning sink with its key and
 * position and skipped when the stream can be resynchronised ({@link KaldiFormatException#resumable()});
 * otherwise the error is reported and reading stops. {@link #failed()} counts both; with the
 * rspecifier option {@code p} (permissive) skipped entries are reported but not counted.
 */
public final class SequentialTableReader<T> implements Closeable {
    private static final int MAX_KEY_BYTES = 1 << 16;

    private final Rspecifier spec;
    private final Holder<T> holder;
    private final Consumer<String> warnings;
    private final KaldiInput input;         // the archive, or the scp file
    private KaldiInput offsetFile;          // reused for consecutive file:offset entries
    private String offsetFileName;
    private String key;
    private T value;
    private int failed;
    private boolean stopped;
    private boolean fatal;
    private long scpLine;

    /**
     * Opens {@code rspecifier} for reading.
     *
     * @param warnings receives one line per bad entry (e.g. {@code System.err::println})
     * @throws IllegalArgumentException for an invalid rspecifier
     * @throws IOException              when the archive or scp file cannot be opened
     */
    public SequentialTableReader(String rspecifier, Holder<T> holder, Consumer<String> warnings) throws IOException {
        this.spec = Rspecifier.parse(rspecifier);
        this.holder = holder;
        this.warnings = warnings;
        this.input = KaldiIo.openInput(spec.rxfilename());
    }

    /** The parsed rspecifier. */
    public Rspecifier rspecifier() {
        return spec;
    }

    /**
     * Advances to the next good entry.
     *
     * @return false at the end of the table (or after an error that stops reading)
     * @throws IOException only when closing a finished pipe reports a failed command
     */
    public boolean next() throws IOException {
        key = null;
        value = null;
        while (!stopped) {
            boolean got = spec.kind() == Rspecifier.Kind.ARCHIVE ? nextArchiveEntry() : nextScriptEntry();
            if (got) return true;
        }
        return false;
    }

    /** Key of the current entry. */
    public String key() {
        if (key == null) throw new IllegalStateException("no current entry (call next() first)");
        return key;
    }

    /** Value of the current entry. */
    public T value() {
        if (key == null) throw new IllegalStateException("no current entry (call next() first)");
        return value;
    }

    /** Number of bad entries reported (not counting those skipped under the {@code p} option). */
    public int failed() {
        return failed;
    }

    /** True when reading stopped early because the rest of the table could not be located. */
    public boolean stoppedOnError() {
        return fatal;
    }

    private void badEntry(String message, boolean stop) {
        warnings.accept(message + (stop ? "; cannot continue reading " + spec.rxfilename() : "; entry skipped"));
        if (!spec.permissive() || stop) failed++;
        if (stop) {
            stopped = true;
            fatal = true;
        }
    }

    /** Returns true with key/value set; false when it skipped a bad entry or reached the end. */
    private boolean nextArchiveEntry() {
        String k;
        long keyPos;
        try {
            input.skipWhitespace();
            keyPos = input.position();
            k = input.readToken(MAX_KEY_BYTES, "key");
        } catch (IOException e) {
            badEntry("error reading key in " + KaldiIo.printable(spec.rxfilename()) + ": " + e.getMessage(), true);
            return false;
        }
        if (k == null) {
            stopped = true;
            return false;
        }
        if (keyPos == 0 && k.startsWith("\uFEFF")) {
            // a UTF-8 byte order mark (an editor's) before the first key: not part of the key
            k = k.substring(1);
            if (k.isEmpty()) {
                try {
                    k = input.readToken(MAX_KEY_BYTES, "key");
                } catch (IOException e) {
                    badEntry("error reading key in " + KaldiIo.printable(spec.rxfilename()) + ": " + e.getMessage(), true);
                    return false;
                }
                if (k == null) {
                    stopped = true;
                    return false;
                }
            }
        }
        try {
            int c = input.peek();
            if (c == ' ' || c == '\t') {
                input.read();
            } else if (c != '\n') {
                badEntry("invalid archive " + KaldiIo.printable(spec.rxfilename()) + ": expected a space after key " + KaldiKeys.quote(k)
                        + " (byte " + keyPos + "), got " + BasicIo.describe(c), true);
                return false;
            }
            if (input.peek() == -1) {
                badEntry("archive " + KaldiIo.printable(spec.rxfilename()) + " ends right after key " + KaldiKeys.quote(k), true);
                return false;
            }
            T v = holder.read(input);
            if (!KaldiKeys.isValid(k)) {
                // the reader could pass it on, but no writer could write it: skip it here, visibly
                badEntry("invalid key " + KaldiKeys.quote(k) + " in " + KaldiIo.printable(spec.rxfilename()) + " (entry at byte "
                        + keyPos + "): " + KaldiKeys.whyInvalid(k), false);
                return false;
            }
            value = v;
            key = k;
            return true;
        } catch (KaldiFormatException e) {
            badEntry("bad " + holder.typeName() + " for key " + KaldiKeys.quote(k) + " (entry at byte " + keyPos + "): " + e.getMessage(), !e.resumable());
            if (!spec.permissive()) failed += e.alsoLost();
            return false;
        } catch (IOException e) {
            badEntry("error reading " + holder.typeName() + " for key " + KaldiKeys.quote(k) + " (entry at byte " + keyPos + "): " + e.getMessage(), true);
            return false;
        }
    }

    private boolean nextScriptEntry() {
        byte[] line;
        try {
            line = input.readLineBytes(1 << 20, "scp line");
        } catch (IOException e) {
            badEntry("error reading scp file " + KaldiIo.printable(spec.rxfilename()) + ": " + e.getMessage(), true);
            return false;
        }
        if (line == null) {
            stopped = true;
            return false;
        }
        scpLine++;
        String text;
        try {
            text = input.decodeUtf8(line, 0, line.length, "scp line " + scpLine);
        } catch (IOException e) {
            badEntry(e.getMessage(), false);
            return false;
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            badEntry(KaldiIo.printable(spec.rxfilename()) + ":" + scpLine + ": empty line in scp file", false);
            return false;
        }
        int sp = 0;
        while (sp < trimmed.length() && !Character.isWhitespace(trimmed.charAt(sp))) sp++;
        String k = trimmed.substring(0, sp);
        String rx = trimmed.substring(sp).strip();
        if (rx.isEmpty()) {
            badEntry(KaldiIo.printable(spec.rxfilename()) + ":" + scpLine + ": expected 'key rxfilename', got '" + trimmed + "'", false);
            return false;
        }
        try {
            value = readObject(rx);
            key = k;
            return true;
        } catch (IOException | IllegalArgumentException e) {
            badEntry("bad " + holder.typeName() + " for key '" + k + "' (" + rx + "): " + e.getMessage(), false);
            return false;
        }
    }

    private T readObject(String rx) throws IOException {
        if (KaldiIo.classifyInput(rx) == KaldiIo.InputKind.OFFSET_FILE) {
            int colon = rx.lastIndexOf(':');
            String file = rx.substring(0, colon);
            long offset = Long.parseLong(rx.substring(colon + 1));
            if (offsetFile == null || !file.equals(offsetFileName) || offsetFile.position() > offset
                    || offset - offsetFile.position() > (1 << 20)) {
                if (offsetFile != null) offsetFile.close();
                offsetFile = null;
                offsetFile = KaldiIo.openAt(file, offset);
                offsetFileName = file;
            } else {
                skipTo(offsetFile, offset);
            }
            return holder.read(offsetFile);
        }
        try (KaldiInput in = KaldiIo.openInput(rx)) {
            return holder.read(in);
        }
    }

    private static void skipTo(KaldiInput in, long offset) throws IOException {
        while (in.position() < offset) {
            if (in.read() < 0) throw new IOException(in.name() + ": offset " + offset + " is beyond the end of the file");
        }
    }

    /** Closes the table; a pipe that was read to the end and exited non-zero is an error. */
    @Override public void close() throws IOException {
        try {
            if (offsetFile != null) offsetFile.close();
        } finally {
            input.close();
        }
    }
}
