package moglm.train;

import moglm.model.Vocabulary;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusTest {
    private static final Vocabulary V = Vocabulary.fromWords(List.of("the", "cat", "sat"), "<unk>");
    // model indices: 0 </s>, 1 <unk>, 2 cat, 3 sat, 4 the

    private static Corpus read(String text, TextFormat f) throws IOException {
        return Corpus.read(new BufferedReader(new StringReader(text)), V, f, "mem");
    }

    @Test void ptbCountingOnAHandExample() throws IOException {
        Corpus c = read("the cat sat\n\nthe dog\n", TextFormat.PLAIN);
        // stream: </s> | the cat sat </s> | </s> | the <unk> </s>
        assertArrayEquals(new int[] {0, 4, 2, 3, 0, 0, 4, 1, 0}, c.stream());
        assertEquals(3, c.sentences());
        assertEquals(5, c.words());
        assertEquals(8, c.targetCount());          // 5 words + 3 </s>
        assertEquals(1, c.oovCount());
        assertEquals(0, c.sentenceStart(0));
        assertEquals(4, c.sentenceStart(1));
        assertEquals(5, c.sentenceStart(2));
        assertTrue(c.describe().contains("1 OOV words mapped to <unk>"), c.describe());
    }

    @Test void kaldiTextSkipsUtteranceIdsAndMarkup() throws IOException {
        Corpus c = read("utt1 <s> the cat </s>\n\nutt2\nutt3 sat\n", TextFormat.KALDI);
        assertArrayEquals(new int[] {0, 4, 2, 0, 0, 3, 0}, c.stream());
        assertEquals(3, c.sentences());
        assertEquals(6, c.targetCount());
    }

    @Test void specialSymbolInsideSentenceIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("the cat\nthe </s> sat\n", TextFormat.PLAIN));
        assertTrue(e.getMessage().startsWith("mem:2:"), e.getMessage());
    }

    @Test void noOovWordMakesUnknownWordsAnError() {
        Vocabulary strict = Vocabulary.fromWords(List.of("the"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corpus.read(new BufferedReader(new StringReader("the\nthe dog\n")), strict, TextFormat.PLAIN, "t.txt"));
        assertTrue(e.getMessage().contains("t.txt:2") && e.getMessage().contains("dog"), e.getMessage());
    }

    @Test void streamBatcherPredictsEveryTargetOnce() throws IOException {
        Corpus c = read("the cat sat\nthe cat\nsat sat the cat\n", TextFormat.PLAIN);  // 12 targets
        for (int batch : new int[] {1, 2, 3, 5}) {
            for (int bptt : new int[] {1, 2, 4, 50}) {
                StreamBatcher sb = new StreamBatcher(c, batch, bptt);
                int[] seen = new int[c.stream().length];
                long count = 0;
                for (int k = 0; k < sb.numChunks(); k++) {
                    Chunk ch = sb.chunk(k);
                    assertEquals(k == 0 ? batch : 0, ch.resetRows().length);
                    count += ch.targetCount();
                    for (int b = 0; b < batch; b++) {
                        for (int t = 0; t < ch.steps(); t++) {
                            int i = t * batch + b;
                            if (ch.targets()[i] < 0) continue;
                            // column b reads consecutive positions: find where it is
                            int p = (int) (b * 12L / batch) + k * bptt + t;
                            assertEquals(c.stream()[p], ch.inputs()[i]);
                            assertEquals(c.stream()[p + 1], ch.targets()[i]);
                            seen[p + 1]++;
                        }
                    }
                }
                assertEquals(12, count);
                for (int p = 1; p < seen.length; p++) assertEquals(1, seen[p], "position " + p + " B=" + batch + " T=" + bptt);
            }
        }
    }

    @Test void sentenceBatcherStartsEachSentenceWithAResetAtAChunkBoundary() throws IOException {
        Corpus c = read("the cat sat\nthe cat\nsat sat the cat\nthe\n", TextFormat.PLAIN);
        SentenceBatcher sb = new SentenceBatcher(c, 2, 3);
        // sentence inputs: s0 [0 4 2 3] (4), s1 [0 4 2] (3), s2 [0 3 3 4 2] (5), s3 [0 4] (2)
        // chunk0: row0 s0[0..3) row1 s1 (resets 0,1); chunk1: row0 s0[3] row1 s2[0..3) (reset 1);
        // chunk2: row0 s3 (reset 0) row1 s2[3..5)
        assertEquals(3, sb.numChunks());
        assertArrayEquals(new int[] {0, 1}, sb.chunk(0).resetRows());
        assertArrayEquals(new int[] {1}, sb.chunk(1).resetRows());
        assertArrayEquals(new int[] {0}, sb.chunk(2).resetRows());
        Chunk k1 = sb.chunk(1);
        assertEquals(3, k1.steps());
        assertArrayEquals(new int[] {3, 0, 0, 3, 0, 3}, k1.inputs());
        assertArrayEquals(new int[] {0, 3, -1, 3, -1, 4}, k1.targets());
        assertEquals(c.targetCount(), sb.targetCount());
        long sum = 0;
        for (int k = 0; k < sb.numChunks(); k++) sum += sb.chunk(k).targetCount();
        assertEquals(c.targetCount(), sum);
        assertEquals(2, sb.chunk(2).steps());
        assertArrayEquals(new int[] {0, 4, 4, 2}, sb.chunk(2).inputs());
        assertArrayEquals(new int[] {4, 2, 0, 0}, sb.chunk(2).targets());
        assertEquals(14.0 / 16.0, sb.efficiency(), 1e-12);   // slots 6 + 6 + 4
    }
}
