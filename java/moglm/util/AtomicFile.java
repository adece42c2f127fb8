package moglm.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: bytes go to a temporary file in the target's directory, are forced
 * to disk, and only then renamed over the target. A crash leaves either the old file or the new
 * one, never half of one.
 *
 * <p>The temporary file is {@code .NAME.PID.RANDOM.tmp} beside the target. One left by a writer
 * that was killed (its process no longer exists) is deleted by the next writer of the same target
 * ({@link StaleTemps}).
 *
 * <pre>{@code
 * try (AtomicFile.Writer w = AtomicFile.create(path)) {
 *     w.stream().write(bytes);
 *     w.commit();          // without commit() the temp file is deleted on close
 * }
 * }</pre>
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Opens a writer whose output replaces {@code target} atomically on {@link Writer#commit()}. */
    public static Writer create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        StaleTemps.clean(dir, abs.getFileName().toString(), ".tmp");
        Path tmp = Files.createTempFile(dir, StaleTemps.prefix(abs.getFileName().toString()), ".tmp");
        setReadablePermissions(tmp, abs);
        return new Writer(abs, tmp);
    }

    /**
     * Temporary files are created owner-only (0600); the result should look like any file the user
     * writes: the replaced file's permissions, or rw-r--r-- for a new file.
     */
    private static void setReadablePermissions(Path tmp, Path target) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the platform's default
        }
    }

    /** Writes all of {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (Writer w = create(target)) {
            w.stream().write(bytes);
            w.commit();
        }
    }

    /** An open temporary file that becomes the target on commit. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean committed;

        private Writer(Path target, Path tmp) throws IOException {
            this.target = target;
            this.tmp = tmp;
            this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                @Override public void close() { /* closed by the Writer */ }
            };
        }

        /** The stream to write to (buffered; do not close it yourself). */
        public OutputStream stream() { return out; }

        /** Flushes, syncs and renames the temporary file over the target. */
        public void commit() throws IOException {
            out.flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        @Override public void close() throws IOException {
            if (!committed) {
                try { channel.close(); } finally { Files.deleteIfExists(tmp); }
            }
        }
    }
}
