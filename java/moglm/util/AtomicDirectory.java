package moglm.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a whole output directory (several files that belong together, e.g. an n-best
 * directory's {@code trans.int}, {@code lmcost}, {@code accost}, {@code text}) so that a reader
 * never sees new files beside old ones.
 *
 * <p>Files are written into a hidden sibling {@code .NAME.PID.RANDOM.tmpdir}; {@link Writer#commit()}
 * renames the old directory (if any) away, renames the new one into place and deletes the old one.
 * A writer killed before commit leaves the old directory untouched (its temporary is deleted by
 * the next writer, see {@link StaleTemps}). Between the two renames of a commit the directory does
 * not exist for a moment: a reader then fails loudly ("no such directory"), it never reads a mix.
 *
 * <pre>{@code
 * try (AtomicDirectory.Writer w = AtomicDirectory.create(outDir)) {
 *     AtomicFile.write(w.path().resolve("text"), bytes);
 *     w.commit();           // without commit() the temporary directory is deleted on close
 * }
 * }</pre>
 */
public final class AtomicDirectory {
    private AtomicDirectory() {}

    /**
     * Opens a writer whose directory replaces {@code target} on {@link Writer#commit()}.
     *
     * @throws IOException also when {@code target} contains {@code keep} (e.g. the job's input
     *                     directory): replacing it would delete it
     */
    public static Writer create(Path target, Path keep) throws IOException {
        if (keep != null && Files.exists(target) && Files.exists(keep)
                && keep.toRealPath().startsWith(target.toRealPath())) {
            throw new IOException("output directory " + target + " is or contains the input " + keep
                    + ": it is replaced as a whole, which would delete the input; choose another output directory");
        }
        return create(target);
    }

    /** Opens a writer whose directory replaces {@code target} on {@link Writer#commit()}. */
    public static Writer create(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) throw new IOException("cannot replace the root directory " + target);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException("output " + target + " exists and is not a directory");
        }
        Files.createDirectories(parent);
        String name = abs.getFileName().toString();
        StaleTemps.clean(parent, name, ".tmpdir");
        StaleTemps.clean(parent, name, ".old");
        java.util.Random random = new java.security.SecureRandom();
        for (int attempt = 0; ; attempt++) {
            Path tmp = parent.resolve(StaleTemps.prefix(name) + Long.toUnsignedString(random.nextLong() >>> 1) + ".tmpdir");
            try {
                Files.createDirectory(tmp, permissions());
                return new Writer(abs, tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 10) throw e;
            }
        }
    }

    private static java.nio.file.attribute.FileAttribute<?>[] permissions() {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"))};
    }

    /** An open temporary directory that becomes the target on commit. */
    public static final class Writer implements AutoCloseable {
        private final Path target, tmp;
        private boolean committed;

        private Writer(Path target, Path tmp) {
            this.target = target;
            this.tmp = tmp;
        }

        /** The directory to write the files into. */
        public Path path() { return tmp; }

        /** Puts the written directory in place of the target (the old one is deleted). */
        public void commit() throws IOException {
            Path old = null;
            if (Files.exists(target)) {
                String t = tmp.getFileName().toString();
                old = tmp.resolveSibling(t.substring(0, t.length() - ".tmpdir".length()) + ".old");
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) {
                    try {
                        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);   // put the old one back
                    } catch (IOException again) {
                        e.addSuppressed(again);
                    }
                }
                throw e;
            }
            committed = true;
            if (old != null) StaleTemps.deleteRecursively(old);
        }

        @Override public void close() throws IOException {
            if (!committed) StaleTemps.deleteRecursively(tmp);
        }
    }
}
