package moglm.kaldi.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A shell command used as a Kaldi pipe: {@code "gunzip -c lat.1.gz |"} (we read its standard
 * output) or {@code "| gzip -c > out.gz"} (we write its standard input). Like Kaldi's
 * {@code popen}, the command runs through {@code sh -c}; its standard error goes straight to ours
 * and the side we do not use is inherited (so {@code "cat - |"} reads our standard input).
 *
 * <p>{@link #finish(boolean)} closes our end and waits for the command: a non-zero exit status is
 * an {@link IOException} naming the command, except when we stopped reading early (then the
 * command may legitimately die of SIGPIPE).
 */
public final class ShellPipe {
    private final String command;
    private final Process process;
    private final boolean reading;

    private ShellPipe(String command, Process process, boolean reading) {
        this.command = command;
        this.process = process;
        this.reading = reading;
    }

    /** Starts {@code command} for reading its standard output. */
    public static ShellPipe forReading(String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ShellPipe(command, start(pb, command), true);
    }

    /** Starts {@code command} for writing to its standard input. */
    public static ShellPipe forWriting(String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ShellPipe(command, start(pb, command), false);
    }

    private static Process start(ProcessBuilder pb, String command) throws IOException {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start shell command '" + command + "': " + e.getMessage(), e);
        }
    }

    /** The command's standard output (reading pipes only). */
    public InputStream stdout() {
        if (!reading) throw new IllegalStateException("output pipe has no stdout for us");
        return process.getInputStream();
    }

    /** The command's standard input (writing pipes only). */
    public OutputStream stdin() {
        if (reading) throw new IllegalStateException("input pipe has no stdin for us");
        return process.getOutputStream();
    }

    /** The command text. */
    public String command() {
        return command;
    }

    /**
     * Closes our end and waits for the command to exit.
     *
     * @param checkStatus whether a non-zero exit status is an error (false after we stopped early)
     */
    public void finish(boolean checkStatus) throws IOException {
        try {
            if (reading) process.getInputStream().close();
            else process.getOutputStream().close();
        } catch (IOException e) {
            if (checkStatus) throw new IOException("error closing pipe to '" + command + "': " + e.getMessage(), e);
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for '" + command + "'", e);
        }
        if (checkStatus && status != 0) {
            throw new IOException("shell command '" + command + "' exited with status " + status);
        }
    }
}
