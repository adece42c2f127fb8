package moglm.kaldi.table;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import moglm.util.AtomicFile;

/**
 * Kaldi's extended file names: where {@code rxfilename}s are read from and {@code wxfilename}s
 * written to (Kaldi's {@code Input} / {@code Output} classes).
 *
 * <table>
 * <caption>rxfilename forms</caption>
 * <tr><td>{@code -} or empty</td><td>standard input</td></tr>
 * <tr><td>{@code some command |}</td><td>standard output of {@code sh -c "some command"}</td></tr>
 * <tr><td>{@code file:1234}</td><td>the file from byte 1234 (what {@code ark,scp:} writes into scp files)</td></tr>
 * <tr><td>{@code file}</td><td>the file; a gzip file (magic 1F 8B) is decompressed on the fly</td></tr>
 * </table>
 * <table>
 * <caption>wxfilename forms</caption>
 * <tr><td>{@code -} or empty</td><td>standard output</td></tr>
 * <tr><td>{@code | some command}</td><td>standard input of {@code sh -c "some command"}; exit status checked on close</td></tr>
 * <tr><td>{@code file}</td><td>written atomically (temporary file renamed on success); devices such as
 * {@code /dev/null} are written directly</td></tr>
 * </table>
 */
public final class KaldiIo {
    private KaldiIo() {}

    /** Kinds of rxfilename. */
    public enum InputKind { STANDARD_INPUT, PIPE, OFFSET_FILE, FILE }

    /** Kinds of wxfilename. */
    public enum OutputKind { STANDARD_OUTPUT, PIPE, FILE }

    /** Classifies an rxfilename; throws {@link IllegalArgumentException} for invalid ones. */
    public static InputKind classifyInput(String rx) {
        if (rx.isEmpty() || rx.equals("-")) return InputKind.STANDARD_INPUT;
        if (rx.startsWith("|")) throw new IllegalArgumentException("invalid rxfilename '" + rx + "': a leading '|' is an output pipe");
        if (Character.isWhitespace(rx.charAt(0)) || Character.isWhitespace(rx.charAt(rx.length() - 1)) && !rx.endsWith("|")) {
            throw new IllegalArgumentException("invalid rxfilename '" + rx + "': leading or trailing whitespace");
        }
        if (rx.endsWith("|")) return InputKind.PIPE;
        if (offsetStart(rx) > 0) return InputKind.OFFSET_FILE;
        return InputKind.FILE;
    }

    /** Classifies a wxfilename; throws {@link IllegalArgumentException} for invalid ones. */
    public static OutputKind classifyOutput(String wx) {
        if (wx.isEmpty() || wx.equals("-")) return OutputKind.STANDARD_OUTPUT;
        if (wx.endsWith("|")) throw new IllegalArgumentException("invalid wxfilename '" + wx + "': a trailing '|' is an input pipe");
        if (wx.startsWith("|")) return OutputKind.PIPE;
        if (Character.isWhitespace(wx.charAt(0)) || Character.isWhitespace(wx.charAt(wx.length() - 1))) {
            throw new IllegalArgumentException("invalid wxfilename '" + wx + "': leading or trailing whitespace");
        }
        if (offsetStart(wx) > 0) throw new IllegalArgumentException("invalid wxfilename '" + wx + "': cannot write at an offset");
        return OutputKind.FILE;
    }

    /** Index of the ':' in "file:123", or -1. */
    private static int offsetStart(String s) {
        int i = s.length() - 1;
        while (i >= 0 && Character.isDigit(s.charAt(i))) i--;
        if (i == s.length() - 1 || i <= 0 || s.charAt(i) != ':') return -1;
        return i;
    }

    /** A printable form of an rxfilename for messages. */
    public static String printable(String rx) {
        return (rx.isEmpty() || rx.equals("-")) ? "standard input" : rx;
    }

    /** Opens an rxfilename for reading (see class comment). */
    public static KaldiInput openInput(String rx) throws IOException {
        switch (classifyInput(rx)) {
            case STANDARD_INPUT: {
                InputStream stdin = new FileInputStream(FileDescriptor.in);
                return new KaldiInput(stdin, "standard input", () -> { }, 0);
            }
            case PIPE: {
                String command = rx.substring(0, rx.length() - 1).trim();
                ShellPipe pipe = ShellPipe.forReading(command);
                KaldiInput[] self = new KaldiInput[1];
                self[0] = new KaldiInput(pipe.stdout(), "'" + rx + "'", () -> pipe.finish(self[0].reachedEnd()), 0);
                return self[0];
            }
            case OFFSET_FILE: {
                int colon = offsetStart(rx);
                String file = rx.substring(0, colon);
                long offset;
                try {
                    offset = Long.parseLong(rx.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IOException("bad offset in '" + rx + "'");
                }
                return openAt(file, offset);
            }
            default:
                return openFile(Paths.get(rx), rx);
        }
    }

    /** Opens a plain file at a byte offset (an {@code ark:offset} scp entry). */
    public static KaldiInput openAt(String file, long offset) throws IOException {
        RandomAccessFile raf;
        try {
            raf = new RandomAccessFile(file, "r");
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(file, null, "cannot open for reading: " + e.getMessage());
        }
        try {
            if (offset > raf.length()) throw new IOException("offset " + offset + " is beyond the end of " + file + " (" + raf.length() + " bytes)");
            raf.seek(0);
            int b0 = raf.read(), b1 = raf.read();
            if (b0 == 0x1f && b1 == 0x8b) throw new IOException("cannot read " + file + " at an offset: it is gzip-compressed");
            raf.seek(offset);
        } catch (IOException e) {
            raf.close();
            throw e;
        }
        InputStream in = Channels.newInputStream(raf.getChannel());
        return new KaldiInput(in, file, raf, offset);
    }

    private static KaldiInput openFile(Path path, String name) throws IOException {
        InputStream raw;
        if (Files.isDirectory(path)) throw new IOException(name + ": is a directory, expected a file");
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(name, null, "no such file");
        }
        BufferedInputStream bin = new BufferedInputStream(raw, 1 << 16);
        bin.mark(2);
        int b0 = bin.read(), b1 = bin.read();
        bin.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new KaldiInput(new GZIPInputStream(bin, 1 << 16), name, bin, 0);
            } catch (IOException e) {
                bin.close();
                throw new IOException(name + ": gzip data is truncated or corrupt (" + moglm.util.ErrorMessages.of(e) + ")", e);
            }
        }
        return new KaldiInput(bin, name, bin, 0);
    }

    /** Opens a wxfilename for writing (see class comment). */
    public static KaldiOutput openOutput(String wx) throws IOException {
        switch (classifyOutput(wx)) {
            case STANDARD_OUTPUT: {
                OutputStream o = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
                return new KaldiOutput(o, "standard output", new KaldiOutput.Target() {
                    @Override public void commit() throws IOException { o.flush(); }
                    @Override public void abort() { }
                });
            }
            case PIPE: {
                String command = wx.substring(1).trim();
                ShellPipe pipe = ShellPipe.forWriting(command);
                OutputStream o = new BufferedOutputStream(pipe.stdin(), 1 << 16);
                return new KaldiOutput(o, "'" + wx + "'", new KaldiOutput.Target() {
                    @Override public void commit() throws IOException { pipe.finish(true); }
                    @Override public void abort() {
                        try { pipe.finish(false); } catch (IOException ignored) { /* abandoning */ }
                    }
                });
            }
            default: {
                Path path = Paths.get(wx);
                if (Files.exists(path) && !Files.isRegularFile(path)) { // /dev/null, a FIFO...
                    OutputStream o = new BufferedOutputStream(new FileOutputStream(wx), 1 << 16);
                    return new KaldiOutput(o, wx, new KaldiOutput.Target() {
                        @Override public void commit() throws IOException { o.close(); }
                        @Override public void abort() {
                            try { o.close(); } catch (IOException ignored) { /* abandoning */ }
                        }
                    });
                }
                AtomicFile.Writer w;
                try {
                    w = AtomicFile.create(path);
                } catch (IOException e) {
                    throw new IOException("cannot open " + wx + " for writing: " + e.getMessage(), e);
                }
                return new KaldiOutput(w.stream(), wx, new KaldiOutput.Target() {
                    @Override public void commit() throws IOException {
                        try { w.commit(); } finally { w.close(); }
                    }
                    @Override public void abort() {
                        try { w.close(); } catch (IOException ignored) { /* abandoning */ }
                    }
                });
            }
        }
    }
}
