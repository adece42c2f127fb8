package moglm.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import moglm.kaldi.SymbolTable;
import moglm.util.AtomicFile;
import moglm.util.TextLines;

/**
 * The language model's vocabulary: a Kaldi symbol table ({@code words.txt}, read and written by
 * {@link SymbolTable}, the one parser) plus the mapping between Kaldi word ids and the model's
 * input/output indices.
 *
 * <h2>Kaldi side</h2>
 * A {@code words.txt} has lines {@code word id}: {@code <eps> 0}, the real words, then the
 * disambiguation symbol {@code #0}, {@code <s>} and {@code </s>}. Kaldi's rnnlm scripts add
 * {@code <brk>} (with the largest id) when the table lacks it. The OOV word (usually {@code <unk>},
 * from {@code lang/oov.txt}) is an ordinary, predicted word.
 *
 * <h2>Model side (the id mapping)</h2>
 * The model has one index space of size {@link #size()} = number of real words + 1, used for both
 * its inputs (embedding rows) and its outputs (softmax rows):
 * <ul>
 *   <li>model index 0 is {@code </s>};</li>
 *   <li>model indices 1..size()-1 are the real words in increasing Kaldi id order.</li>
 * </ul>
 * Real words are all symbols except {@code <eps>}, {@code <s>}, {@code </s>}, {@code <brk>} and
 * disambiguation symbols ({@code #} followed by digits). The model predicts real words and
 * {@code </s>}; {@code <eps>}, {@code #0}, {@code <s>} and {@code <brk>} are never predicted
 * ({@link #outputIndexOfKaldiId} returns -1 for them).
 * As inputs, {@code <s>} and {@code <brk>} mean "a sentence starts here" and map to the
 * {@code </s>} index 0, which is exactly the context the model saw in training: the training stream
 * is the concatenation of sentences each followed by {@code </s>}, so the word after a {@code </s>}
 * is a sentence start (PTB convention; the stream also begins with an {@code </s>}).
 * A rescorer therefore starts every utterance by feeding index 0 and scores
 * {@code log P(w_i | ...)} at {@link #outputIndexOfKaldiId}(w_i), and the end with index 0.
 */
public final class Vocabulary {
    public static final String EPS = "<eps>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String BRK = "<brk>";
    /** Model index of {@code </s>}. */
    public static final int EOS_INDEX = 0;

    private final SymbolTable table;
    private final int[] denseModelIndex;              // by Kaldi id, -1 for specials/unused; null when ids are sparse
    private final Map<Integer, Integer> sparseModelIndex; // real words and </s> only; null when dense
    private final int[] kaldiIdOfModelIndex;
    private final String oovWord;
    private final int oovIndex;

    private Vocabulary(SymbolTable table, String oovWord, String source) {
        this.table = table;
        int eos = table.id(EOS);
        if (eos < 0) throw new IllegalArgumentException(source + ": symbol table has no " + EOS);
        int[] ids = table.ids();
        int[] order = new int[ids.length + 1];
        int n = 0;
        order[n++] = eos;
        for (int id : ids) {
            // every special symbol starts with '<' or '#': only those are looked at as Strings
            int b = table.firstByte(id);
            if (b != '<' && b != '#' || isRealWord(table.symbol(id))) order[n++] = id;
        }
        kaldiIdOfModelIndex = Arrays.copyOf(order, n);
        // an array by Kaldi id when ids are dense (every real table); a map when a few huge ids
        // would make that array enormous (a words.txt line "zed 267126618" must not cost 1 GB)
        if (SymbolTable.isDense(table.maxId(), ids.length)) {
            denseModelIndex = new int[table.maxId() + 1];
            Arrays.fill(denseModelIndex, -1);
            for (int i = 0; i < kaldiIdOfModelIndex.length; i++) denseModelIndex[kaldiIdOfModelIndex[i]] = i;
            sparseModelIndex = null;
        } else {
            denseModelIndex = null;
            sparseModelIndex = new HashMap<>(2 * kaldiIdOfModelIndex.length);
            for (int i = 0; i < kaldiIdOfModelIndex.length; i++) sparseModelIndex.put(kaldiIdOfModelIndex[i], i);
        }
        this.oovWord = oovWord;
        if (oovWord == null) {
            oovIndex = -1;
        } else {
            int oovId = table.id(oovWord);
            if (oovId < 0) {
                throw new IllegalArgumentException(source + ": OOV word '" + oovWord
                        + "' is not in the symbol table (give the right one with --oov-word, e.g. <unk> or <UNK>)");
            }
            if (!isRealWord(oovWord)) {
                throw new IllegalArgumentException(source + ": OOV word '" + oovWord + "' is a special symbol");
            }
            oovIndex = outputIndexOfKaldiId(oovId);
        }
    }

    /** True for symbols the model predicts as words (not {@code </s>}, not the specials, not {@code #N}). */
    public static boolean isRealWord(String w) {
        if (w.equals(EPS) || w.equals(BOS) || w.equals(EOS) || w.equals(BRK)) return false;
        return !isDisambiguationSymbol(w);
    }

    /** Kaldi's disambiguation symbols: {@code #0}, {@code #1}, ... */
    public static boolean isDisambiguationSymbol(String w) {
        if (w.length() < 2 || w.charAt(0) != '#') return false;
        for (int i = 1; i < w.length(); i++) if (!Character.isDigit(w.charAt(i))) return false;
        return true;
    }

    /**
     * Reads a Kaldi {@code words.txt} ({@link SymbolTable#read} checks the format).
     * @param oovWord the word unknown tokens map to (must be in the table), or null for "no OOV
     *        word" (then unknown tokens are an error when text is read)
     * @throws IllegalArgumentException naming the file and line when the table is malformed
     */
    public static Vocabulary readKaldi(Path wordsTxt, String oovWord) throws IOException {
        // InputFiles: a directory or a missing file is named; SymbolTable drops a byte order mark
        return parse(moglm.util.InputFiles.readAllBytes(wordsTxt), oovWord, wordsTxt.toString());
    }

    /** Reads the OOV word from a Kaldi {@code lang/oov.txt} (first token of the first line). */
    public static String readOovFile(Path oovTxt) throws IOException {
        try (TextLines lines = TextLines.open(oovTxt)) {   // strict UTF-8, errors name file:line
            for (String line; (line = lines.next()) != null; ) {
                String t = line.trim();
                if (!t.isEmpty()) return t.split("\\s+")[0];
            }
        }
        throw new IOException(oovTxt + ": empty OOV file (expected one word, e.g. <unk>)");
    }

    /** Parses a symbol table in {@code words.txt} format from a string. */
    public static Vocabulary parseKaldi(String text, String oovWord, String source) {
        return parse(text.getBytes(StandardCharsets.UTF_8), oovWord, source);
    }

    /**
     * Parses a symbol table in {@code words.txt} format from its UTF-8 bytes (used by model files,
     * {@link moglm.modelfile.SectionFile#textBytes}); the array is not kept.
     */
    public static Vocabulary parseKaldi(byte[] utf8, String oovWord, String source) {
        return parse(utf8, oovWord, source);
    }

    private static Vocabulary parse(byte[] bytes, String oovWord, String source) {
        SymbolTable t;
        try {
            t = SymbolTable.parse(bytes, source);
        } catch (IOException e) { // only format errors: the bytes are in memory
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (t.size() == 0) throw new IllegalArgumentException(source + ": empty symbol table");
        return new Vocabulary(t, oovWord, source);
    }

    /**
     * A Kaldi-style table over {@code realWords} (in any order; {@code oovWord} is added if absent):
     * {@code <eps> 0}, the real words C-sorted (code point order) from id 1, then {@code #0},
     * {@code <s>}, {@code </s>} and {@code <brk>} (as Kaldi's rnnlm directories carry it).
     */
    public static Vocabulary fromWords(List<String> realWords, String oovWord) {
        List<String> words = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String w : realWords) {
            if (!isRealWord(w)) throw new IllegalArgumentException("'" + w + "' is a special symbol, not a word");
            if (seen.add(w)) words.add(w);
        }
        if (oovWord != null && seen.add(oovWord)) words.add(oovWord);
        words.sort(Vocabulary::compareCodePoints);
        List<String> all = new ArrayList<>();
        all.add(EPS);
        all.addAll(words);
        all.add("#0");
        all.add(BOS);
        all.add(EOS);
        all.add(BRK);
        return new Vocabulary(SymbolTable.of(all), oovWord, "built vocabulary");
    }

    /** Byte order of the UTF-8 encodings (= code point order), i.e. Kaldi's C-locale sort. */
    public static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The table in {@code words.txt} format, ascending ids. */
    public String toKaldiText() {
        StringBuilder sb = new StringBuilder();
        for (int id : table.ids()) sb.append(table.symbol(id)).append(' ').append(id).append('\n');
        return sb.toString();
    }

    /** Writes the table as a Kaldi {@code words.txt}, atomically. */
    public void writeKaldi(Path wordsTxt) throws IOException {
        AtomicFile.write(wordsTxt, toKaldiText().getBytes(StandardCharsets.UTF_8));
    }

    /** The Kaldi symbol table underneath. */
    public SymbolTable symbols() { return table; }

    /** Model vocabulary size: real words + {@code </s>}. */
    public int size() { return kaldiIdOfModelIndex.length; }

    /** The OOV word, or null. */
    public String oovWord() { return oovWord; }

    /** Model index of the OOV word, or -1 when there is none. */
    public int oovIndex() { return oovIndex; }

    /** Model index of a word for use as a training/evaluation token, or -1 if unknown or special. */
    public int modelIndex(String word) {
        int id = table.id(word);
        return id < 0 ? -1 : outputIndexOfKaldiId(id);
    }

    /** Kaldi id of a symbol, or -1. */
    public int kaldiId(String word) {
        return table.id(word);
    }

    /** Largest Kaldi id in the table. */
    public int maxKaldiId() { return table.maxId(); }

    /** Symbol of a Kaldi id, or null when unused. */
    public String wordOfKaldiId(int kaldiId) {
        return table.symbol(kaldiId);
    }

    /** Output (softmax) index of a Kaldi word id: real words and {@code </s>}; -1 for every special. */
    public int outputIndexOfKaldiId(int kaldiId) {
        if (denseModelIndex != null) return kaldiId >= 0 && kaldiId < denseModelIndex.length ? denseModelIndex[kaldiId] : -1;
        Integer m = sparseModelIndex.get(kaldiId);
        return m == null ? -1 : m;
    }

    /** Input (embedding) index of a Kaldi word id: as the output index, and {@code <s>}/{@code <brk>} -> 0. */
    public int inputIndexOfKaldiId(int kaldiId) {
        int m = outputIndexOfKaldiId(kaldiId);
        if (m >= 0) return m;
        String w = wordOfKaldiId(kaldiId);
        if (BOS.equals(w) || BRK.equals(w)) return EOS_INDEX;
        return -1;
    }

    /** Kaldi id of a model index. */
    public int kaldiIdOfModelIndex(int index) { return kaldiIdOfModelIndex[index]; }

    /** Word of a model index. */
    public String word(int index) { return table.symbol(kaldiIdOfModelIndex[index]); }

    @Override public boolean equals(Object o) {
        return o instanceof Vocabulary v && toKaldiText().equals(v.toKaldiText())
                && Objects.equals(oovWord, v.oovWord);
    }

    @Override public int hashCode() { return toKaldiText().hashCode(); }
}
