package moglm.kaldi.table;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream for Kaldi objects that counts bytes ({@link #position()}, used for the
 * {@code key ark:offset} lines of {@code ark,scp:}) and knows how to finish its target:
 * {@link #close()} commits (renames an atomically written file into place, waits for a pipe and
 * checks its exit status, flushes standard output) and {@link #abort()} gives up (deletes the
 * temporary file). Created by {@link KaldiIo#openOutput(String)}.
 */
public final class KaldiOutput extends OutputStream {
    /** How a target is committed or abandoned. */
    interface Target {
        void commit() throws IOException;

        void abort();
    }

    private final OutputStream out;
    private final String name;
    private final Target target;
    private long position;
    private boolean finished;

    KaldiOutput(OutputStream bufferedOut, String name, Target target) {
        this.out = bufferedOut;
        this.name = name;
        this.target = target;
    }

    /** Printable name of the target. */
    public String name() {
        return name;
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    @Override public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw writeError(e);
        }
        position++;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw writeError(e);
        }
        position += len;
    }

    @Override public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw writeError(e);
        }
    }

    /** "Stream closed" / "Broken pipe" alone do not say which output failed, nor why it may have. */
    private IOException writeError(IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("error writing ")) return e;
        boolean pipe = name.startsWith("|") || name.contains("|");
        return new IOException("error writing " + name + " after " + position + " bytes: " + moglm.util.ErrorMessages.of(e)
                + (pipe ? " (the output command exited early or failed; see its messages above)" : ""), e);
    }

    /** Flushes and commits the target; a failing pipe command or rename throws. */
    @Override public void close() throws IOException {
        if (finished) return;
        finished = true;
        try {
            out.flush();
        } catch (IOException e) {
            target.abort();
            throw writeError(e);
        }
        target.commit();
    }

    /** Abandons the output (temporary file deleted, pipe closed without checking). Idempotent. */
    public void abort() {
        if (finished) return;
        finished = true;
        try {
            out.flush();
        } catch (IOException ignored) {
            // abandoning anyway
        }
        target.abort();
    }
}
