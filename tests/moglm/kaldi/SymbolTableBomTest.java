package moglm.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 #14: a BOM at the start of words.txt must not turn {@code <eps>} into a word. */
class SymbolTableBomTest {
    @TempDir Path tmp;
    static final String WORDS = "\uFEFF<eps> 0\na 1\nb 2\n<unk> 3\n#0 4\n<s> 5\n</s> 6\n";

    @Test void symbolTable() throws IOException {
        SymbolTable t = SymbolTable.read(new ByteArrayInputStream(WORDS.getBytes(StandardCharsets.UTF_8)), "words.txt");
        assertEquals(0, t.id("<eps>"));
    }

    @Test void vocabulary() throws IOException {
        Path p = tmp.resolve("words.txt");
        Files.writeString(p, WORDS);
        Vocabulary v = Vocabulary.readKaldi(p, "<unk>");
        assertEquals(0, v.kaldiId("<eps>"));
        assertEquals(1, v.kaldiId("a"));
    }

    @Test void latin1WordsTxtNamesLine() throws IOException {
        Path p = tmp.resolve("w.txt");
        Files.write(p, new byte[] {'<', 'e', 'p', 's', '>', ' ', '0', '\n', 'c', 'a', 'f', (byte) 0xE9, ' ', '1', '\n'});
        Exception e = assertThrows(Exception.class, () -> Vocabulary.readKaldi(p, null));
        assertTrue(e.getMessage().startsWith(p + ":2: ") && e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }
}
