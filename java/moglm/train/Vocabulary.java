package moglm.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moglm.util.AtomicFile;

/**
 * A Kaldi symbol table ({@code words.txt}) plus the mapping between Kaldi word ids and the
 * language model's input/output indices.
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

    private final String[] kaldiWords;          // by Kaldi id; null where the id is unused
    private final Map<String, Integer> kaldiIdOf;
    private final int[] modelIndexOfKaldiId;    // -1 for specials and unused ids
    private final int[] kaldiIdOfModelIndex;
    private final String oovWord;
    private final int oovIndex;

    private Vocabulary(String[] kaldiWords, Map<String, Integer> kaldiIdOf, String oovWord, String source) {
        this.kaldiWords = kaldiWords;
        this.kaldiIdOf = kaldiIdOf;
        Integer eos = kaldiIdOf.get(EOS);
        if (eos == null) throw new IllegalArgumentException(source + ": symbol table has no " + EOS);
        modelIndexOfKaldiId = new int[kaldiWords.length];
        Arrays.fill(modelIndexOfKaldiId, -1);
        List<Integer> order = new ArrayList<>();
        order.add(eos);
        for (int id = 0; id < kaldiWords.length; id++) {
            if (kaldiWords[id] != null && isRealWord(kaldiWords[id])) order.add(id);
        }
        kaldiIdOfModelIndex = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            kaldiIdOfModelIndex[i] = order.get(i);
            modelIndexOfKaldiId[order.get(i)] = i;
        }
        this.oovWord = oovWord;
        if (oovWord == null) {
            oovIndex = -1;
        } else {
            Integer oovId = kaldiIdOf.get(oovWord);
            if (oovId == null) {
                throw new IllegalArgumentException(source + ": OOV word '" + oovWord
                        + "' is not in the symbol table (give the right one with --oov-word, e.g. <unk> or <UNK>)");
            }
            if (!isRealWord(oovWord)) {
                throw new IllegalArgumentException(source + ": OOV word '" + oovWord + "' is a special symbol");
            }
            oovIndex = modelIndexOfKaldiId[oovId];
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
     * Reads a Kaldi {@code words.txt}.
     * @param oovWord the word unknown tokens map to (must be in the table), or null for "no OOV
     *        word" (then unknown tokens are an error when text is read)
     */
    public static Vocabulary readKaldi(Path wordsTxt, String oovWord) throws IOException {
        // strict UTF-8, byte order mark dropped, errors name file and line (moglm.util.TextLines)
        String text = moglm.util.TextLines.decode(moglm.util.InputFiles.readAllBytes(wordsTxt), wordsTxt.toString());
        return parse(new BufferedReader(new StringReader(text)), oovWord, wordsTxt.toString());
    }

    /** Reads the OOV word from a Kaldi {@code lang/oov.txt} (first token of the first line). */
    public static String readOovFile(Path oovTxt) throws IOException {
        for (String line : Files.readAllLines(oovTxt, StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (!t.isEmpty()) return t.split("\\s+")[0];
        }
        throw new IOException(oovTxt + ": empty OOV file (expected one word, e.g. <unk>)");
    }

    /** Parses a symbol table in {@code words.txt} format from a string (used by model files). */
    public static Vocabulary parseKaldi(String text, String oovWord, String source) {
        try {
            return parse(new BufferedReader(new StringReader(text)), oovWord, source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Vocabulary parse(BufferedReader r, String oovWord, String source) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        List<String> byId = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty()) continue;
            String[] f = t.split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": expected 'word id', got '" + line + "'");
            }
            int id;
            try {
                id = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": id '" + f[1] + "' is not an integer");
            }
            if (id < 0) throw new IllegalArgumentException(source + ":" + lineNo + ": negative id " + id);
            if (ids.containsKey(f[0])) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": word '" + f[0] + "' appears twice");
            }
            while (byId.size() <= id) byId.add(null);
            if (byId.get(id) != null) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": id " + id + " used by both '"
                        + byId.get(id) + "' and '" + f[0] + "'");
            }
            byId.set(id, f[0]);
            ids.put(f[0], id);
        }
        if (ids.isEmpty()) throw new IllegalArgumentException(source + ": empty symbol table");
        return new Vocabulary(byId.toArray(new String[0]), ids, oovWord, source);
    }

    /**
     * A Kaldi-style table over {@code realWords} (in any order; {@code oovWord} is added if absent):
     * {@code <eps> 0}, the real words C-sorted (code point order) from id 1, then {@code #0},
     * {@code <s>}, {@code </s>} and {@code <brk>} (as Kaldi's rnnlm directories carry it).
     */
    public static Vocabulary fromWords(List<String> realWords, String oovWord) {
        List<String> words = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
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
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < all.size(); i++) ids.put(all.get(i), i);
        return new Vocabulary(all.toArray(new String[0]), ids, oovWord, "built vocabulary");
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
        for (int id = 0; id < kaldiWords.length; id++) {
            if (kaldiWords[id] != null) sb.append(kaldiWords[id]).append(' ').append(id).append('\n');
        }
        return sb.toString();
    }

    /** Writes the table as a Kaldi {@code words.txt}, atomically. */
    public void writeKaldi(Path wordsTxt) throws IOException {
        AtomicFile.write(wordsTxt, toKaldiText().getBytes(StandardCharsets.UTF_8));
    }

    /** Model vocabulary size: real words + {@code </s>}. */
    public int size() { return kaldiIdOfModelIndex.length; }

    /** The OOV word, or null. */
    public String oovWord() { return oovWord; }

    /** Model index of the OOV word, or -1 when there is none. */
    public int oovIndex() { return oovIndex; }

    /** Model index of a word for use as a training/evaluation token, or -1 if unknown or special. */
    public int modelIndex(String word) {
        Integer id = kaldiIdOf.get(word);
        return id == null ? -1 : modelIndexOfKaldiId[id];
    }

    /** Kaldi id of a symbol, or -1. */
    public int kaldiId(String word) {
        Integer id = kaldiIdOf.get(word);
        return id == null ? -1 : id;
    }

    /** Largest Kaldi id in the table. */
    public int maxKaldiId() { return kaldiWords.length - 1; }

    /** Symbol of a Kaldi id, or null when unused. */
    public String wordOfKaldiId(int kaldiId) {
        return kaldiId >= 0 && kaldiId < kaldiWords.length ? kaldiWords[kaldiId] : null;
    }

    /** Output (softmax) index of a Kaldi word id: real words and {@code </s>}; -1 for every special. */
    public int outputIndexOfKaldiId(int kaldiId) {
        return kaldiId >= 0 && kaldiId < modelIndexOfKaldiId.length ? modelIndexOfKaldiId[kaldiId] : -1;
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
    public String word(int index) { return kaldiWords[kaldiIdOfModelIndex[index]]; }

    @Override public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(kaldiWords, v.kaldiWords)
                && java.util.Objects.equals(oovWord, v.oovWord);
    }

    @Override public int hashCode() { return Arrays.hashCode(kaldiWords); }
}
