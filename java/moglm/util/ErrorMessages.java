package moglm.util;

import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One-line, self-explaining messages for exceptions that Java words tersely: a
 * {@link NoSuchFileException}'s message is only the path, an {@link EOFException} from a gzip
 * header has none, an I/O error on a directory says "Is a directory" without the path.
 * Use it wherever an exception's message is shown to a user.
 */
public final class ErrorMessages {
    private ErrorMessages() {}

    /** A message naming the file (when the exception knows it) and the problem; never null or empty. */
    public static String of(Throwable e) {
        if (e instanceof NoSuchFileException f) return file(f) + ": no such file or directory";
        if (e instanceof AccessDeniedException f) return file(f) + ": permission denied";
        if (e instanceof NotDirectoryException f) return file(f) + ": not a directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException f) return file(f) + ": already exists";
        if (e instanceof java.nio.file.DirectoryNotEmptyException f) return file(f) + ": directory not empty";
        if (e instanceof FileSystemException f) {
            String reason = f.getReason();
            return file(f) + ": " + (reason == null ? e.getClass().getSimpleName() : reason)
                    + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
        }
        String m = e.getMessage();
        if (e instanceof EOFException && (m == null || m.isBlank())) return "unexpected end of data (the file is truncated)";
        if (e instanceof java.nio.charset.CharacterCodingException) {
            // what Files.readAllLines / BufferedReader throw: "Input length = 1" alone says nothing
            return "text is not valid UTF-8 (" + (m == null ? e.getClass().getSimpleName() : m) + "); moglm reads text as UTF-8";
        }
        if (e instanceof java.util.zip.ZipException) return "gzip: " + (m == null ? "corrupt data" : m);
        if (e instanceof OutOfMemoryError) return "out of memory (" + (m == null ? "Java heap" : m) + ")";
        if (m == null || m.isBlank()) {
            Throwable c = e.getCause();
            if (c != null && c != e) return e.getClass().getSimpleName() + ": " + of(c);
            return e.getClass().getSimpleName();
        }
        return m;
    }

    /** Same, prefixed with {@code file} when the message does not already name it. */
    public static String of(Throwable e, Object file) {
        String m = of(e);
        String f = String.valueOf(file);
        return m.contains(f) ? m : f + ": " + m;
    }

    private static String file(FileSystemException f) {
        return f.getFile() == null ? "(unknown file)" : f.getFile();
    }
}
