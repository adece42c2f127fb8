package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ArpaReaderTest {
    static final double LN10 = Math.log(10);

    static final String TINY = String.join("\n",
            "some header text SRILM writes",
            "\\data\\",
            "ngram 1=5",
            "ngram 2=4",
            "ngram 3=2",
            "",
            "\\1-grams:",
            "-1.0\t</s>",
            "-99\t<s>\t-0.5",
            "-0.7\ta\t-0.3",
            "-0.9\tb\t-0.2",
            "-1.5\t<unk>",
            "",
            "\\2-grams:",
            "-0.4\t<s> a\t-0.1",
            "-0.6\ta b\t-0.25",
            "-0.3\tb </s>",
            "-0.8 b a",
            "",
            "\\3-grams:",
            "-0.2\t<s> a b",
            "-0.05\ta b </s>",
            "",
            "\\end\\",
            "");

    static NgramLm load(String text, GrowingVocabulary v) throws IOException {
        return ArpaReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.arpa", v,
                new ArpaReader.Options());
    }

    @Test void handComputedBackoff() throws IOException {
        GrowingVocabulary v = new GrowingVocabulary(1);
        NgramLm lm = load(TINY, v);
        int s = v.idOf("<s>"), e = v.idOf("</s>"), a = v.idOf("a"), b = v.idOf("b"), unk = v.idOf("<unk>");
        assertEquals(3, lm.order());
        assertEquals(5, lm.count(1));
        assertEquals(4, lm.count(2));
        assertEquals(2, lm.count(3));
        assertEquals(unk, lm.unk());
        int st = lm.sentenceStartState();
        assertArrayEquals(new int[] {s}, lm.stateWords(st));
        // P(a | <s>) listed bigram
        long r = lm.score(st, a);
        assertEquals(-0.4 * LN10, NgramLm.logProbOf(r), 1e-6);
        int sa = NgramLm.stateOf(r);
        assertArrayEquals(new int[] {s, a}, lm.stateWords(sa));
        // P(b | <s> a) listed trigram; next state (a b)
        r = lm.score(sa, b);
        assertEquals(-0.2 * LN10, NgramLm.logProbOf(r), 1e-6);
        int ab = NgramLm.stateOf(r);
        assertArrayEquals(new int[] {a, b}, lm.stateWords(ab));
        // P(</s> | a b) listed trigram
        assertEquals(-0.05 * LN10, lm.logProb(ab, e), 1e-6);
        // P(a | a b) = bo(a b) + P(a | b) = -0.25 + -0.8 ; next state (b a)
        r = lm.score(ab, a);
        assertEquals((-0.25 - 0.8) * LN10, NgramLm.logProbOf(r), 1e-6);
        assertArrayEquals(new int[] {b, a}, lm.stateWords(NgramLm.stateOf(r)));
        // P(<unk> | <s> a) = bo(<s> a) + bo(a) + P(<unk>) ; <unk> has no bigram: next state (<unk>)
        r = lm.score(sa, unk);
        assertEquals((-0.1 - 0.3 - 1.5) * LN10, NgramLm.logProbOf(r), 1e-6);
        assertArrayEquals(new int[] {unk}, lm.stateWords(NgramLm.stateOf(r)));
        // an id the model does not know is scored as <unk>
        assertEquals(NgramLm.logProbOf(r), lm.logProb(sa, 999), 0);
        // whole sentence: <s> a b </s>
        assertEquals((-0.4 - 0.2 - 0.05) * LN10, lm.sentenceLogProb(new int[] {a, b}), 1e-6);
    }

    @Test void gzipAndPlainGiveTheSameModel() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(TINY.getBytes(StandardCharsets.UTF_8));
        }
        GrowingVocabulary v1 = new GrowingVocabulary(1), v2 = new GrowingVocabulary(1);
        NgramLm plain = load(TINY, v1);
        NgramLm gz = ArpaReader.read(new ByteArrayInputStream(bytes.toByteArray()), "t.gz", v2, new ArpaReader.Options());
        int[] sent = {v1.idOf("a"), v1.idOf("b"), v1.idOf("a"), v1.idOf("a")};
        assertEquals(plain.sentenceLogProb(sent), gz.sentenceLogProb(sent), 0);
    }

    @Test void truncatedGzipIsAnErrorWithALine() throws IOException {
        StringBuilder big = new StringBuilder("\\data\\\nngram 1=20000\n\n\\1-grams:\n");
        for (int i = 0; i < 20000; i++) big.append("-4.5\tw").append(i).append('\n');
        big.append("\n\\end\\\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(big.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> ArpaReader.read(
                new ByteArrayInputStream(cut), "cut.arpa.gz", new GrowingVocabulary(1), new ArpaReader.Options()));
        assertTrue(e.getMessage().startsWith("cut.arpa.gz:"), e.getMessage());
        assertTrue(e.line() > 4, e.getMessage());
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test void withoutUnkUnknownWordsGetMinusInfinity() throws IOException {
        String noUnk = TINY.replace("ngram 1=5", "ngram 1=4").replace("-1.5\t<unk>\n", "");
        GrowingVocabulary v = new GrowingVocabulary(1);
        NgramLm lm = load(noUnk, v);
        assertEquals(-1, lm.unk());
        assertEquals(Float.NEGATIVE_INFINITY, lm.logProb(lm.sentenceStartState(), 12345));
    }

    @Test void wordsUnknownToTheSymbolTableAreSkippedOrRejected() throws IOException {
        Map<String, Integer> table = new HashMap<>(Map.of("<s>", 1, "</s>", 2, "a", 3, "<unk>", 4));
        ArpaReader.Result res = ArpaReader.readWithStats(new ByteArrayInputStream(TINY.getBytes(StandardCharsets.UTF_8)),
                "t", w -> table.getOrDefault(w, -1), new ArpaReader.Options());
        // every n-gram with "b": 1 unigram, 3 bigrams, 2 trigrams
        assertEquals(6, res.skippedNgrams());
        assertEquals(4, res.lm().count(1));
        assertEquals(1, res.lm().count(2));
        ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> ArpaReader.read(
                new ByteArrayInputStream(TINY.getBytes(StandardCharsets.UTF_8)), "t", w -> table.getOrDefault(w, -1),
                new ArpaReader.Options().failOnUnknownWord(true)));
        assertEquals(11, e.line()); // the 1-gram "b"
    }

    @Test void aSymbolTableWithNoneOfTheWordsIsAnError() {
        ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> ArpaReader.read(
                new ByteArrayInputStream(TINY.getBytes(StandardCharsets.UTF_8)), "test.arpa", w -> -1, new ArpaReader.Options()));
        assertTrue(e.getMessage().contains("none of the 5 unigrams is in the symbol table"), e.getMessage());
    }

    /** Random models (orders 2-4, missing prefixes included) against the literal recursion. */
    @Test void randomModelsMatchTheNaiveRecursion() throws IOException {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 30; trial++) {
            int order = 2 + rnd.nextInt(3);
            int vocab = 6;
            String[] words = {"<s>", "</s>", "<unk>", "w3", "w4", "w5"};
            List<List<String>> sections = new ArrayList<>();
            NaiveBackoffLm naive = new NaiveBackoffLm(order);
            GrowingVocabulary v = new GrowingVocabulary(1);
            for (String w : words) v.applyAsInt(w); // ids 1..6 in this order
            for (int k = 1; k <= order; k++) {
                List<String> lines = new ArrayList<>();
                java.util.Set<List<Integer>> used = new java.util.HashSet<>();
                int want = k == 1 ? vocab : 4 + rnd.nextInt(12);
                for (int t = 0; t < want * 3 && lines.size() < want; t++) {
                    int[] g = new int[k];
                    for (int i = 0; i < k; i++) g[i] = k == 1 ? lines.size() : rnd.nextInt(vocab);
                    if (k > 1 && g[k - 1] == 0) continue;           // never predict <s>
                    boolean badS = false;
                    for (int i = 1; i < k; i++) badS |= g[i] == 0;  // <s> only first
                    for (int i = 0; i < k - 1; i++) badS |= g[i] == 1; // </s> only last
                    if (badS || !used.add(NaiveBackoffLm.key(g))) continue;
                    double p = -(rnd.nextInt(3_000_000) + 1) / 1e6;
                    double bo = -(rnd.nextInt(1_000_000)) / 1e6;
                    boolean withBo = k < order && rnd.nextBoolean();
                    StringBuilder sb = new StringBuilder(String.format("%.6f", p));
                    int[] ids = new int[k];
                    for (int i = 0; i < k; i++) {
                        sb.append(i == 0 ? '\t' : ' ').append(words[g[i]]);
                        ids[i] = g[i] + 1;
                    }
                    if (withBo) sb.append('\t').append(String.format("%.6f", bo));
                    lines.add(sb.toString());
                    naive.add(ids, Double.parseDouble(String.format("%.6f", p)),
                            withBo ? Double.parseDouble(String.format("%.6f", bo)) : 0);
                }
                sections.add(lines);
            }
            StringBuilder arpa = new StringBuilder("\\data\\\n");
            for (int k = 1; k <= order; k++) arpa.append("ngram ").append(k).append('=').append(sections.get(k - 1).size()).append('\n');
            for (int k = 1; k <= order; k++) {
                arpa.append("\n\\").append(k).append("-grams:\n");
                for (String l : sections.get(k - 1)) arpa.append(l).append('\n');
            }
            arpa.append("\n\\end\\\n");
            NgramLm lm = load(arpa.toString(), v);
            for (int walk = 0; walk < 40; walk++) {
                List<Integer> hist = new ArrayList<>(List.of(1));
                int state = lm.sentenceStartState();
                for (int step = 0; step < 8; step++) {
                    int w = 2 + rnd.nextInt(vocab - 1); // any word but <s>
                    int[] h = hist.stream().mapToInt(Integer::intValue).toArray();
                    double expected = naive.logProb(h, w);
                    long r = lm.score(state, w);
                    double got = NgramLm.logProbOf(r);
                    if (Double.isInfinite(expected)) {
                        assertEquals(expected, got, "trial " + trial);
                    } else {
                        assertEquals(expected, got, 1e-5 * Math.max(1, Math.abs(expected)), "trial " + trial + " hist " + hist + " w " + w);
                    }
                    state = NgramLm.stateOf(r);
                    assertArrayEquals(naive.state(h, w), lm.stateWords(state), "trial " + trial + " hist " + hist + " w " + w);
                    hist.add(w);
                }
            }
        }
    }

    // ---------------------------------------------------------------- malformed input

    private static ArpaFormatException bad(String text) {
        return assertThrows(ArpaFormatException.class, () -> load(text, new GrowingVocabulary(1)));
    }

    private static void assertBad(String text, long line, String fragment) {
        ArpaFormatException e = bad(text);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.arpa:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test void missingDataSection() {
        assertBad("hello\nworld\n", 2, "no \\data\\");
    }

    @Test void badCounts() {
        assertBad(TINY.replace("ngram 2=4", "ngram 2=x4"), 4, "bad n-gram count 'x4'");
        assertBad(TINY.replace("ngram 2=4", "ngram 2=-4"), 4, "bad n-gram count");
        assertBad(TINY.replace("ngram 2=4", "ngram 3=4"), 4, "orders must be listed as 1, 2, 3");
        assertBad(TINY.replace("ngram 2=4", "n-gram 2=4"), 4, "expected 'ngram <order>=<count>'");
        // declared 5 unigrams, 4 given: detected at the next section header (line 13 after removal)
        assertBad(TINY.replace("-0.9\tb\t-0.2\n", ""), 13, "\\1-grams: has 4 n-grams but \\data\\ declared 5");
        // more lines than declared
        assertBad(TINY.replace("ngram 3=2", "ngram 3=1"), 22, "more n-grams than the 1 declared");
        // a huge declared count must not allocate it: the count check fails instead
        assertBad(TINY.replace("ngram 2=4", "ngram 2=900000000000"), 20, "\\data\\ declared 900000000000");
    }

    @Test void missingSections() {
        assertBad(TINY.replace("\\2-grams:", "\\4-grams:"), 14, "expected \\2-grams: but found '\\4-grams:'");
        assertBad(TINY.replace("\\end\\", "\\4-grams:"), 24, "expected \\end\\");
        assertBad(TINY.substring(0, TINY.indexOf("\\end\\")), 23, "file ends inside the \\3-grams: section");
        assertBad("\\data\\\n\n\\1-grams:\n-1 a\n\\end\\\n", 3, "declares no 'ngram");
    }

    @Test void badNumbersAndFields() {
        assertBad(TINY.replace("-0.7\ta\t-0.3", "-0.7x\ta\t-0.3"), 10, "bad log10 probability '-0.7x'");
        assertBad(TINY.replace("-0.7\ta\t-0.3", "-0.7\ta\tbo"), 10, "bad log10 back-off weight 'bo'");
        assertBad(TINY.replace("-0.7\ta\t-0.3", "NaN\ta\t-0.3"), 10, "bad log10 probability 'NaN'");
        assertBad(TINY.replace("-0.7\ta\t-0.3", "0.7\ta\t-0.3"), 10, "is positive");
        assertBad(TINY.replace("-0.6\ta b\t-0.25", "-0.6\ta b c d"), 16, "a 2-gram line needs 3 fields");
        assertBad(TINY.replace("-0.8 b a", "-0.6 a b"), 18, "duplicate 2-gram");
    }
}
