package moglm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir Path dir;

    @Test void writtenTableReadsBackWithIdenticalIdsAndBytes() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("the", "cat", "a", "zebra", "O'Neil"), "<unk>");
        Path f = dir.resolve("words.txt");
        v.writeKaldi(f);
        String text = Files.readString(f);
        // Kaldi layout: <eps> 0, C-sorted words ('<' 0x3C < 'O' 0x4F < 'a'), #0 <s> </s>, <brk>
        assertEquals("<eps> 0\n<unk> 1\nO'Neil 2\na 3\ncat 4\nthe 5\nzebra 6\n#0 7\n<s> 8\n</s> 9\n<brk> 10\n", text);
        Vocabulary back = Vocabulary.readKaldi(f, "<unk>");
        assertEquals(v, back);
        for (int id = 0; id <= v.maxKaldiId(); id++) {
            assertEquals(v.wordOfKaldiId(id), back.wordOfKaldiId(id));
            assertEquals(v.outputIndexOfKaldiId(id), back.outputIndexOfKaldiId(id));
        }
        Path f2 = dir.resolve("words2.txt");
        back.writeKaldi(f2);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(f2));
    }

    @Test void modelIndexMappingIsDocumentedLayout() {
        Vocabulary v = Vocabulary.fromWords(List.of("b", "a"), "<unk>");
        // model index 0 = </s>, then real words in Kaldi id order: <unk>(1) a(2) b(3)
        assertEquals(4, v.size());
        assertEquals("</s>", v.word(0));
        assertEquals("<unk>", v.word(1));
        assertEquals("a", v.word(2));
        assertEquals("b", v.word(3));
        assertEquals(1, v.oovIndex());
        assertEquals(-1, v.outputIndexOfKaldiId(v.kaldiId("<s>")));
        assertEquals(0, v.inputIndexOfKaldiId(v.kaldiId("<s>")));
        assertEquals(0, v.inputIndexOfKaldiId(v.kaldiId("<brk>")));
        assertEquals(-1, v.outputIndexOfKaldiId(v.kaldiId("<brk>")));
        assertEquals(-1, v.outputIndexOfKaldiId(v.kaldiId("#0")));
        assertEquals(-1, v.inputIndexOfKaldiId(v.kaldiId("#0")));
        assertEquals(-1, v.outputIndexOfKaldiId(0));
        assertEquals(0, v.outputIndexOfKaldiId(v.kaldiId("</s>")));
        for (int m = 0; m < v.size(); m++) assertEquals(m, v.outputIndexOfKaldiId(v.kaldiIdOfModelIndex(m)));
    }

    /** oov.txt is text like any other: strict UTF-8 (errors name file and line), a byte order mark dropped. */
    @Test void oovFileIsStrictUtf8() throws IOException {
        Path bom = dir.resolve("oov-bom.txt");
        Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'u', 'n', 'k', '>', '\n'});
        assertEquals("<unk>", Vocabulary.readOovFile(bom));   // was "\uFEFF<unk>", a word not in words.txt
        Path latin1 = dir.resolve("oov-latin1.txt");
        Files.write(latin1, new byte[] {'\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        IOException e = assertThrows(IOException.class, () -> Vocabulary.readOovFile(latin1));
        assertTrue(e.getMessage().startsWith(latin1 + ":2: not valid UTF-8"), e.getMessage());
    }

    @Test void realKaldiWordsTxt() throws IOException {
        Path lang = SharedData.require("ljspeech-asr/lang");
        String oov = Vocabulary.readOovFile(lang.resolve("oov.txt"));
        assertEquals("<unk>", oov);
        Vocabulary v = Vocabulary.readKaldi(lang.resolve("words.txt"), oov);
        // README: <eps> 0, 12,615 words (<unk>=1, a=2 ... zoology=12615), #0 12616, <s> 12617, </s> 12618
        assertEquals(12615 + 1, v.size());
        assertEquals(1, v.kaldiId("<unk>"));
        assertEquals(1, v.oovIndex());
        assertEquals(12618, v.kaldiIdOfModelIndex(0));
        assertEquals("zoology", v.word(12615));
        assertEquals(12615, v.outputIndexOfKaldiId(12615));
        assertEquals(-1, v.outputIndexOfKaldiId(12616));
        Path out = dir.resolve("words.txt");
        v.writeKaldi(out);
        assertArrayEquals(Files.readAllBytes(lang.resolve("words.txt")), Files.readAllBytes(out));
    }

    @Test void badTablesNameFileAndLine() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "<eps> 0\na 1\nb 1\n</s> 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.readKaldi(f, null));
        assertTrue(e.getMessage().contains("bad.txt:3"), e.getMessage());
        Files.writeString(f, "<eps> 0\na x\n");
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.readKaldi(f, null));
        assertTrue(e.getMessage().contains("bad.txt:2") && e.getMessage().contains("not an integer"), e.getMessage());
        Files.writeString(f, "<eps> 0\na 1\n</s> 2\n");
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.readKaldi(f, "<UNK>"));
        assertTrue(e.getMessage().contains("<UNK>"), e.getMessage());
    }

    /** Issue 17 finding 1: one huge id must not allocate an array up to it (it used to end in OutOfMemoryError). */
    @Test void hugeSparseIdIsHeldSparsely() throws IOException {
        Path f = dir.resolve("sparse.txt");
        Files.writeString(f, "<eps> 0\n<unk> 1\na 2\n</s> 3\nzed  267126618\n");
        Vocabulary v = Vocabulary.readKaldi(f, "<unk>");
        assertEquals(4, v.size());  // </s>, <unk>, a, zed
        assertEquals(3, v.outputIndexOfKaldiId(267126618));
        assertEquals("zed", v.word(3));
        assertEquals(267126618, v.kaldiIdOfModelIndex(3));
        assertEquals(-1, v.outputIndexOfKaldiId(267126617));
        assertEquals(267126618, v.maxKaldiId());
        assertEquals("<eps> 0\n<unk> 1\na 2\n</s> 3\nzed 267126618\n", v.toKaldiText());
        assertEquals(v, Vocabulary.parseKaldi(v.toKaldiText(), "<unk>", "model file [vocabulary]"));
    }

    @Test void codePointOrderMatchesUtf8ByteOrder() {
        String[] w = {"é", "z", "<unk>", "'s", "A", "\uD83D\uDE00", "\uFFFD"};
        for (String a : w) {
            for (String c : w) {
                int bytes = java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), c.getBytes(StandardCharsets.UTF_8));
                assertEquals(Integer.signum(bytes), Integer.signum(Vocabulary.compareCodePoints(a, c)), a + " vs " + c);
            }
        }
    }
}
