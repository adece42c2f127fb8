package moglm.train;

import moglm.model.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A text as one token stream of model indices, in the PTB convention: every sentence is followed
 * by {@code </s>} and the sentences are concatenated. The stream starts with an extra
 * {@code </s>} (index 0) that serves as the context of the first sentence, so that position
 * {@code p} predicts token {@code p+1} and EVERY word and EVERY {@code </s>} of the text is a
 * prediction target: {@link #targetCount()} = words + sentences (published PTB perplexities count
 * exactly these, e.g. 82,430 for ptb.test.txt).
 *
 * <p>Unknown words map to the vocabulary's OOV word and are counted ({@link #oovCount()}); a
 * vocabulary without an OOV word makes an unknown word an error naming file and line.
 * Sentence {@code i} has inputs {@code stream[sentenceStart(i) .. sentenceStart(i+1)-1]} (its first
 * input is the preceding {@code </s>}) and targets shifted by one.
 */
public final class Corpus {
    private final int[] stream;
    private final int[] sentenceStarts;   // length sentences + 1; last = stream.length - 1
    private final long words;
    private final long oovs;
    private final String source;
    private final String oovWord;

    private Corpus(int[] stream, int[] sentenceStarts, long words, long oovs, String source, String oovWord) {
        this.oovWord = oovWord;
        this.stream = stream;
        this.sentenceStarts = sentenceStarts;
        this.words = words;
        this.oovs = oovs;
        this.source = source;
    }

    /**
     * Reads a text file ({@code .gz} is decompressed) with the given vocabulary: strict UTF-8, a
     * leading byte order mark dropped ({@link moglm.util.TextLines}); bytes that are not UTF-8 are
     * an error naming file and line.
     */
    public static Corpus read(Path file, Vocabulary vocab, TextFormat format) throws IOException {
        try (moglm.util.TextLines lines = new moglm.util.TextLines(open(file), file.toString())) {
            return read(lines::next, vocab, format, file.toString());
        }
    }

    /** A source of lines: the next line, or null at the end. */
    @FunctionalInterface
    public interface LineSource {
        String next() throws IOException;
    }

    static InputStream open(Path file) throws IOException {
        InputStream in = moglm.util.InputFiles.open(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Reads sentences from a reader; {@code source} names it in errors. */
    public static Corpus read(BufferedReader r, Vocabulary vocab, TextFormat format, String source) throws IOException {
        return read(r::readLine, vocab, format, source);
    }

    /** Reads sentences from a line source; {@code source} names it in errors. */
    public static Corpus read(LineSource r, Vocabulary vocab, TextFormat format, String source) throws IOException {
        IntList stream = new IntList(1 << 16);
        IntList starts = new IntList(1 << 12);
        stream.add(Vocabulary.EOS_INDEX);
        long words = 0, oovs = 0;
        String line;
        int lineNo = 0;
        while ((line = r.next()) != null) {
            lineNo++;
            String[] tok = Tokens.split(line);
            int from = 0, to = tok.length;
            if (format == TextFormat.KALDI) {
                if (tok.length == 0) continue;          // blank line: no utterance
                from = 1;
            }
            if (to > from && tok[from].equals(Vocabulary.BOS)) from++;
            if (to > from && tok[to - 1].equals(Vocabulary.EOS)) to--;
            starts.add(stream.size() - 1);
            for (int i = from; i < to; i++) {
                int m = vocab.modelIndex(tok[i]);
                if (m == Vocabulary.EOS_INDEX || (m < 0 && !Vocabulary.isRealWord(tok[i]))) {
                    throw new IllegalArgumentException(source + ":" + lineNo + ": special symbol '" + tok[i]
                            + "' inside a sentence (only words are allowed; <s>/</s> only at the ends)");
                }
                if (m < 0) {
                    if (vocab.oovIndex() < 0) {
                        throw new IllegalArgumentException(source + ":" + lineNo + ": word '" + tok[i]
                                + "' is not in the vocabulary and no OOV word is set");
                    }
                    m = vocab.oovIndex();
                    oovs++;
                }
                stream.add(m);
                words++;
            }
            stream.add(Vocabulary.EOS_INDEX);
        }
        starts.add(stream.size() - 1);
        return new Corpus(stream.toArray(), starts.toArray(), words, oovs, source, vocab.oovWord());
    }

    /** The stream (shared, do not modify): {@code </s>} followed by every sentence and its {@code </s>}. */
    public int[] stream() { return stream; }

    /** Number of prediction targets: words + sentences (every {@code </s>}). */
    public long targetCount() { return stream.length - 1; }

    public int sentences() { return sentenceStarts.length - 1; }

    /** Stream position of the {@code </s>} that is the first input of sentence i. */
    public int sentenceStart(int i) { return sentenceStarts[i]; }

    /** Words in the text (without {@code </s>}), OOVs included. */
    public long words() { return words; }

    /** Tokens that were not in the vocabulary and were mapped to the OOV word. */
    public long oovCount() { return oovs; }

    public String source() { return source; }

    /** A summary line: sentences, words, targets, OOVs. */
    public String describe() {
        return String.format("%s: %d sentences, %d words, %d tokens incl. </s>, %d OOV words mapped to %s (%.2f%%)",
                source, sentences(), words, targetCount(), oovs, oovWord == null ? "(none)" : oovWord,
                words == 0 ? 0.0 : 100.0 * oovs / words);
    }

    /** Growable int array. */
    static final class IntList {
        private int[] a;
        private int n;
        IntList(int cap) { a = new int[Math.max(cap, 4)]; }
        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }
        int size() { return n; }
        int[] toArray() { return Arrays.copyOf(a, n); }
    }
}
