package moglm.train;

import moglm.model.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a vocabulary from training text: counts every word, keeps the {@code maxWords} most
 * frequent (ties broken by code point order of the word, so the result never depends on hash or
 * file order), and adds the OOV word. The result is a Kaldi-style table
 * ({@link Vocabulary#fromWords}), which {@link Vocabulary#writeKaldi} writes as {@code words.txt}.
 * {@code <s>}/{@code </s>} markup at line ends and special symbols are not counted.
 */
public final class VocabularyBuilder {
    private final Map<String, long[]> counts = new HashMap<>();

    /** Counts the words of a text file. */
    public VocabularyBuilder addFile(Path file, TextFormat format) throws IOException {
        try (moglm.util.TextLines r = new moglm.util.TextLines(Corpus.open(file), file.toString())) {
            String line;
            while ((line = r.next()) != null) addLine(line, format);
        }
        return this;
    }

    /** Counts the words of one line. */
    public VocabularyBuilder addLine(String line, TextFormat format) {
        String[] tok = Tokens.split(line);
        for (int i = format == TextFormat.KALDI ? 1 : 0; i < tok.length; i++) {
            if (!Vocabulary.isRealWord(tok[i])) continue;
            counts.computeIfAbsent(tok[i], k -> new long[1])[0]++;
        }
        return this;
    }

    /** Count of a word so far. */
    public long count(String word) {
        long[] c = counts.get(word);
        return c == null ? 0 : c[0];
    }

    /**
     * The vocabulary of the {@code maxWords} most frequent words (all when {@code maxWords <= 0}),
     * plus {@code oovWord} (which is counted inside {@code maxWords} only if it occurs in the text).
     */
    public Vocabulary build(int maxWords, String oovWord) {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> {
            int c = Long.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : Vocabulary.compareCodePoints(a.getKey(), b.getKey());
        });
        int keep = maxWords <= 0 ? entries.size() : Math.min(maxWords, entries.size());
        List<String> words = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) words.add(entries.get(i).getKey());
        return Vocabulary.fromWords(words, oovWord);
    }
}
