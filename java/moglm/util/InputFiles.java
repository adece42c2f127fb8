package moglm.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens input files with errors that name them: a directory given where a file is expected is
 * reported at once ("PATH: is a directory, expected a file") instead of as a bare
 * "Is a directory" at the first read; a missing file as "PATH: no such file or directory".
 */
public final class InputFiles {
    private InputFiles() {}

    /** Opens {@code file} for reading. */
    public static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + ": is a directory, expected a file");
        try {
            return Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException e) {
            // keep the type (callers may catch it), with a message that says what is wrong
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file or directory");
        } catch (IOException e) {
            throw new IOException(ErrorMessages.of(e, file), e);
        }
    }

    /** Reads all of {@code file}. */
    public static byte[] readAllBytes(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }
}
