package moglm.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 #10/#11/#12: messages that say which file and what went wrong. */
class ErrorMessagesTest {
    @TempDir Path tmp;

    @Test void terseJavaMessagesAreExplained() {
        assertEquals("a.arpa: no such file or directory", ErrorMessages.of(new NoSuchFileException("a.arpa")));
        assertEquals("unexpected end of data (the file is truncated)", ErrorMessages.of(new EOFException()));
        assertTrue(ErrorMessages.of(new java.nio.charset.MalformedInputException(1)).startsWith("text is not valid UTF-8"));
        assertEquals("f: Stream closed", ErrorMessages.of(new IOException("Stream closed"), "f"));
    }

    @Test void directoriesAndMissingFilesAreNamedWhenOpened() {
        IOException e = assertThrows(IOException.class, () -> InputFiles.open(tmp));
        assertEquals(tmp + ": is a directory, expected a file", e.getMessage());
        e = assertThrows(IOException.class, () -> InputFiles.open(tmp.resolve("x")));
        assertEquals(tmp.resolve("x") + ": no such file or directory", e.getMessage());
        assertTrue(Files.isDirectory(tmp));
    }
}
