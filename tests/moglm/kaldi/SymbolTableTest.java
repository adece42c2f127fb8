package moglm.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolTableTest {
    @TempDir Path tmp;

    static SymbolTable parse(String text) throws IOException {
        return SymbolTable.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "words.txt");
    }

    static SymbolTable parse(byte[] bytes) throws IOException {
        return SymbolTable.read(new ByteArrayInputStream(bytes), "words.txt");
    }

    @Test void readsTheLjspeechTable() throws IOException {
        SymbolTable t = SymbolTable.read(Paths.get("lattices/ljspeech-dev20/words.txt"));
        assertEquals(12619, t.size());
        assertEquals(0, t.id(SymbolTable.EPSILON));
        assertEquals(1, t.id("<unk>"));
        assertEquals(2, t.id("a"));
        assertEquals(12615, t.id("zoology"));
        assertEquals(12616, t.id(SymbolTable.DISAMBIG_0));
        assertEquals(12617, t.id(SymbolTable.BOS));
        assertEquals(12618, t.id(SymbolTable.EOS));
        assertEquals("zoology", t.symbol(12615));
        assertNull(t.symbol(12619));
        assertNull(t.symbol(-1));
        assertEquals(SymbolTable.NO_SYMBOL, t.id("no-such-word"));
        assertEquals(1, t.idOrOov("no-such-word", t.id("<unk>")));
        assertTrue(SymbolTable.isDisambiguation("#0"));
        assertFalse(SymbolTable.isDisambiguation("#x"));
    }

    @Test void writeReadRoundTrip() throws IOException {
        SymbolTable t = parse("<eps> 0\nONE 1\nONE(2) 2\n\ttab\t3\n#0 4\n");
        Path p = tmp.resolve("words.txt");
        t.write(p);
        assertEquals("<eps> 0\nONE 1\nONE(2) 2\ntab 3\n#0 4\n", Files.readString(p));
        SymbolTable back = SymbolTable.read(p);
        for (int i = 0; i <= 4; i++) assertEquals(t.symbol(i), back.symbol(i));
        SymbolTable made = SymbolTable.of(List.of("<eps>", "a", "b"));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        made.write(bos);
        assertEquals("<eps> 0\na 1\nb 2\n", bos.toString(StandardCharsets.UTF_8));
    }

    @Test void sparseIdsWork() throws IOException {
        SymbolTable t = parse("<eps> 0\nbig 2000000000\n");
        assertEquals("big", t.symbol(2000000000));
        assertEquals(2000000000, t.maxId());
    }

    @Test void utf8SymbolsAreRead() throws IOException {
        SymbolTable t = parse("<eps> 0\nnaïve 1\n日本 2\n");
        assertEquals(1, t.id("naïve"));
        assertEquals("日本", t.symbol(2));
    }

    @Test void badTablesGiveClearErrors() {
        assertMessage("words.txt:3: duplicate symbol 'a' (ids 1 and 2)", "<eps> 0\na 1\na 2\n");
        assertMessage("words.txt:3: duplicate id 1 (symbols 'a' and 'b')", "<eps> 0\na 1\nb 1\n");
        assertMessage("words.txt:2: expected 'symbol id', got 3 fields: 'a 1 2'", "<eps> 0\na 1 2\n");
        assertMessage("words.txt:2: expected 'symbol id', got 1 fields: 'a'", "<eps> 0\na\n");
        assertMessage("words.txt:2: id is not an integer: 'x'", "<eps> 0\na x\n");
        assertMessage("words.txt:2: negative id -3 for symbol 'a'", "<eps> 0\na -3\n");
        IOException e = assertThrows(IOException.class, () -> parse(new byte[] {'<', 'e', 'p', 's', '>', ' ', '0', '\n', (byte) 0xC3, (byte) 0x28, ' ', '1', '\n'}));
        assertEquals("words.txt:2: symbol table line is not valid UTF-8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymbolTable.of(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> SymbolTable.of(List.of("a b")));
    }

    static void assertMessage(String expected, String table) {
        IOException e = assertThrows(IOException.class, () -> parse(table));
        assertEquals(expected, e.getMessage());
    }
}
