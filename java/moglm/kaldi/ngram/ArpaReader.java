package moglm.kaldi.ngram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.zip.GZIPInputStream;
import moglm.util.ByteLines;

/**
 * Reads an ARPA back-off language model of any order into an {@link NgramLm}.
 *
 * <p>Format (as written by SRILM, KenLM, Kaldi):
 * <pre>
 * (anything before \data\ is ignored)
 * \data\
 * ngram 1=12617
 * ngram 2=97522
 *
 * \1-grams:
 * -1.3970970	&lt;/s&gt;
 * -99.0000000	&lt;s&gt;	-0.9202039
 * ...
 * \2-grams:
 * ...
 * \end\
 * </pre>
 * Each n-gram line is {@code log10(prob) w1 ... wk [log10(back-off)]}, fields separated by spaces
 * or tabs. Sections must come in order 1..N with exactly the declared number of lines. Values are
 * converted to natural logs ({@code (float) (log10 * ln 10)}).
 *
 * <p>Words are mapped to ids by the given function (e.g. a words.txt symbol table); a word it does
 * not know (returns a negative id) drops every n-gram containing it, counted in
 * {@link Result#skippedNgrams()} — or is an error with {@link Options#failOnUnknownWord}. An n-gram
 * whose prefix is not listed gets a context-only prefix entry (no probability, back-off 1), so
 * lookups along the trie always work.
 *
 * <p>Input may be gzip-compressed (detected by its magic bytes; it is then inflated on a
 * read-ahead thread, overlapping with parsing). Loading streams the file once,
 * resolving words from their bytes; no object is created per n-gram. Any malformation raises an
 * {@link ArpaFormatException} naming the file and line.
 */
public final class ArpaReader {
    /** Longest accepted line, bytes: an ARPA line is a few words and numbers; this is generous. */
    static final int MAX_LINE = 1 << 26;

    private static final double LN10 = Math.log(10.0);

    /** Reading options. */
    public static final class Options {
        /** Fail instead of skipping n-grams with words the id function does not know. */
        public boolean failOnUnknownWord;
        public String bosWord = "<s>";
        public String eosWord = "</s>";
        public String unkWord = "<unk>";

        public Options failOnUnknownWord(boolean v) {
            failOnUnknownWord = v;
            return this;
        }
    }

    private final String source;
    private final ToIntFunction<String> wordToId;
    private final Options options;
    private final WordIndex words = new WordIndex();
    private ByteLines lines;
    private long[] declared;      // declared[k], k = 1..N
    private int order;
    private float[] uniLogProb = new float[0], uniBackoff = new float[0];
    private boolean[] uniPresent = new boolean[0];
    private NgramTable[] tables;
    private long[] kept;
    private long skipped, contextOnly;
    // field positions of the current line
    private int[] fs = new int[16], fe = new int[16];
    private int nf;

    private ArpaReader(String source, ToIntFunction<String> wordToId, Options options) {
        this.source = source;
        this.wordToId = wordToId;
        this.options = options;
    }

    /** Reads {@code path} (plain or gzip), mapping words with {@code wordToId}. */
    public static NgramLm read(Path path, ToIntFunction<String> wordToId) throws IOException {
        return read(path, wordToId, new Options());
    }

    /**
     * Reads {@code path} (plain or gzip) with words mapped through a words.txt symbol table;
     * n-grams with words the table lacks are dropped (see {@link Result#skippedNgrams()}).
     */
    public static NgramLm read(Path path, moglm.kaldi.SymbolTable symbols) throws IOException {
        return read(path, symbols::id, new Options());
    }

    /** Reads {@code path} (plain or gzip) with options. */
    public static NgramLm read(Path path, ToIntFunction<String> wordToId, Options options) throws IOException {
        try (InputStream in = moglm.util.InputFiles.open(path)) {
            return read(in, path.toString(), wordToId, options);
        }
    }

    /** Reads a stream (plain or gzip); {@code source} names it in error messages. */
    public static NgramLm read(InputStream in, String source, ToIntFunction<String> wordToId, Options options)
            throws IOException {
        try (InputStream data = maybeGunzip(in, source)) {
            return new ArpaReader(source, wordToId, options).parse(data).lm;
        }
    }

    /** Like {@link #read(InputStream, String, ToIntFunction, Options)}, also returning load statistics. */
    public static Result readWithStats(InputStream in, String source, ToIntFunction<String> wordToId, Options options)
            throws IOException {
        try (InputStream data = maybeGunzip(in, source)) {
            return new ArpaReader(source, wordToId, options).parse(data);
        }
    }

    /** The loaded model and what loading dropped or added. */
    public record Result(NgramLm lm, long skippedNgrams, long contextOnlyEntries) {}

    static InputStream maybeGunzip(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int a, b;
        try {
            a = in.read();
            b = in.read();
        } catch (IOException e) {
            throw new ArpaFormatException(source, 0, "cannot read: " + moglm.util.ErrorMessages.of(e), e);
        }
        in.reset();
        if (a == 0x1f && b == 0x8b) {
            try {
                return new ReadAheadInputStream(new GZIPInputStream(in, 1 << 16));
            } catch (IOException e) {
                // GZIPInputStream reads the header at once: "Unsupported compression method", a bare EOFException...
                throw new ArpaFormatException(source, 0, "the file starts like gzip (1F 8B) but its gzip header is "
                        + "corrupt or truncated (" + moglm.util.ErrorMessages.of(e) + ")", e);
            }
        }
        return in;
    }

    private ArpaFormatException error(String message) {
        return new ArpaFormatException(source, lines.lineNumber(), message);
    }

    private Result parse(InputStream in) throws IOException {
        lines = new ByteLines(in, MAX_LINE);
        try {
            return parseLines();
        } catch (ArpaFormatException e) {
            throw e;
        } catch (ByteLines.LineTooLongException e) {
            throw new ArpaFormatException(source, lines.lineNumber() + 1, "line is longer than " + e.maxLine()
                    + " bytes (not an ARPA file, or a file without line breaks)", e);
        } catch (IOException e) {
            // truncated or corrupt gzip, I/O failure: say where
            throw new ArpaFormatException(source, lines.lineNumber(), "cannot read after this line: "
                    + moglm.util.ErrorMessages.of(e), e);
        }
    }

    private Result parseLines() throws IOException {
        readHeader();
        for (int k = 1; k <= order; k++) readSection(k);
        expectEnd();
        if (kept[1] == 0 && declared[1] > 0) {
            throw error("none of the " + declared[1] + " unigrams is in the symbol table (wrong words.txt?)");
        }
        for (NgramTable t : tables) if (t != null) t.trim();
        int bos = lookupSpecial(options.bosWord), eos = lookupSpecial(options.eosWord);
        int unk = lookupSpecial(options.unkWord);
        if (unk >= 0 && (unk >= uniLogProb.length || Float.isNaN(uniLogProb[unk]))) unk = -1;
        NgramLm lm = new NgramLm(order, uniLogProb, uniBackoff, uniPresent, tables, kept, bos, eos, unk);
        lm.linkBackoffStates();
        return new Result(lm, skipped, contextOnly);
    }

    private int lookupSpecial(String word) {
        byte[] b = word.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int id = words.get(b, 0, b.length);
        if (id == Integer.MIN_VALUE) id = wordToId.applyAsInt(word);
        return id;
    }

    private boolean isBlank() {
        byte[] b = lines.buf();
        for (int i = lines.start(); i < lines.end(); i++) if (b[i] != ' ' && b[i] != '\t') return false;
        return true;
    }

    private boolean lineEquals(String s) {
        byte[] b = lines.buf();
        int st = lines.start(), en = lines.end();
        while (st < en && (b[st] == ' ' || b[st] == '\t')) st++;
        while (en > st && (b[en - 1] == ' ' || b[en - 1] == '\t')) en--;
        if (en - st != s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (b[st + i] != s.charAt(i)) return false;
        return true;
    }

    private void readHeader() throws IOException {
        boolean found = false;
        while (lines.next()) {
            if (lineEquals("\\data\\")) {
                found = true;
                break;
            }
        }
        if (!found) throw error("no \\data\\ line found: not an ARPA file");
        declared = new long[NgramLm.MAX_ORDER + 2];
        while (true) {
            if (!lines.next()) throw error("file ends inside the \\data\\ section");
            if (isBlank()) continue;
            split();
            byte[] b = lines.buf();
            if (nf >= 1 && b[fs[0]] == '\\') break;
            parseCountLine();
        }
        if (order == 0) throw error("the \\data\\ section declares no 'ngram <order>=<count>' lines");
        declared = Arrays.copyOf(declared, order + 1);
        tables = new NgramTable[order + 1];
        for (int k = 2; k <= order; k++) {
            tables[k] = new NgramTable(k, k < order, (int) Math.min(declared[k], 1 << 22), declared[k]);
        }
        kept = new long[order + 1];
    }

    private void parseCountLine() throws ArpaFormatException {
        // "ngram" then "k=count", tolerating spaces around '='
        StringBuilder rest = new StringBuilder();
        if (nf < 2 || !field(0).equals("ngram")) {
            throw error("expected 'ngram <order>=<count>' in the \\data\\ section, found '" + lines.lineText() + "'");
        }
        for (int i = 1; i < nf; i++) rest.append(field(i));
        String r = rest.toString();
        int eq = r.indexOf('=');
        if (eq <= 0 || eq == r.length() - 1) {
            throw error("expected 'ngram <order>=<count>', found '" + lines.lineText() + "'");
        }
        byte[] rb = r.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long k = AsciiNumbers.parseCount(rb, 0, eq);
        long count = AsciiNumbers.parseCount(rb, eq + 1, rb.length);
        if (k < 1) throw error("bad n-gram order '" + r.substring(0, eq) + "' in '" + lines.lineText() + "'");
        if (count < 0) throw error("bad n-gram count '" + r.substring(eq + 1) + "' in '" + lines.lineText() + "' (expected a non-negative integer)");
        if (k != order + 1) {
            throw error("ngram " + k + "= declared after order " + order + " (orders must be listed as 1, 2, 3, ...)");
        }
        if (k > NgramLm.MAX_ORDER) throw error("order " + k + " exceeds the supported maximum " + NgramLm.MAX_ORDER);
        order = (int) k;
        declared[order] = count;
    }

    private String field(int i) {
        return WordIndex.decode(lines.buf(), fs[i], fe[i]);
    }

    /** Splits the current line into fields on spaces and tabs. */
    private void split() {
        byte[] b = lines.buf();
        int i = lines.start(), e = lines.end();
        nf = 0;
        while (true) {
            while (i < e && (b[i] == ' ' || b[i] == '\t')) i++;
            if (i >= e) return;
            int s = i;
            while (i < e && b[i] != ' ' && b[i] != '\t') i++;
            if (nf == fs.length) {
                fs = Arrays.copyOf(fs, nf * 2);
                fe = Arrays.copyOf(fe, nf * 2);
            }
            fs[nf] = s;
            fe[nf] = i;
            nf++;
        }
    }

    private void readSection(int k) throws IOException {
        String header = "\\" + k + "-grams:";
        // the current line is the section header (already read by the previous step)
        split();
        if (!(nf == 1 && field(0).equals(header))) {
            throw error("expected " + header + " but found '" + lines.lineText() + "'");
        }
        int[] ids = new int[k];
        int[] cacheCtx = new int[Math.max(0, k - 1)];
        int cacheIndex = -1;
        long seen = 0;
        boolean top = k == order;
        while (true) {
            if (!lines.next()) throw error("file ends inside the " + header + " section (no \\end\\)");
            if (isBlank()) continue;
            split();
            byte[] b = lines.buf();
            if (b[fs[0]] == '\\') break;
            seen++;
            if (seen > declared[k]) {
                throw error(header + " has more n-grams than the " + declared[k] + " declared in \\data\\");
            }
            if (nf != k + 1 && nf != k + 2) {
                throw error("a " + k + "-gram line needs " + (k + 1) + " fields (log10 prob and " + k
                        + " words) or " + (k + 2) + " (with back-off), found " + nf + ": '" + lines.lineText() + "'");
            }
            double lp = number(0, "log10 probability");
            if (lp > 0) throw error("log10 probability " + field(0) + " is positive");
            double bo = nf == k + 2 ? number(k + 1, "log10 back-off weight") : 0.0;
            boolean unknown = false;
            boolean samePrefix = seen > 1;
            for (int i = 0; i < k; i++) {
                // sorted ARPA files repeat the context words of the previous line: compare bytes
                // with it before hashing (most trigram-section lookups are saved this way)
                samePrefix = samePrefix && i < k - 1 && sameAsPrevious(i, fs[i + 1], fe[i + 1]);
                int id = samePrefix ? ids[i] : wordId(fs[i + 1], fe[i + 1]);
                if (id < 0) unknown = true;
                ids[i] = id;
            }
            rememberLine(k);
            if (unknown) {
                if (options.failOnUnknownWord) throw error("word not in the symbol table in '" + lines.lineText() + "'");
                skipped++;
                continue;
            }
            float lnp = (float) (lp * LN10);
            float lnbo = top ? 0f : (float) (bo * LN10);
            if (k == 1) {
                addUnigram(ids[0], lnp, lnbo);
            } else {
                boolean same = cacheIndex >= 0;
                for (int i = 0; same && i < k - 1; i++) same = cacheCtx[i] == ids[i];
                if (!same) {
                    cacheIndex = resolveContext(ids, k - 1);
                    System.arraycopy(ids, 0, cacheCtx, 0, k - 1);
                }
                int r = tables[k].insert(NgramTable.key(cacheIndex, ids[k - 1]), lnp, lnbo);
                if (r < 0) throw error("duplicate " + k + "-gram '" + lines.lineText() + "'");
                if (!top && r > NgramLm.INDEX_MASK) throw error("too many " + k + "-grams for the state encoding (max " + NgramLm.INDEX_MASK + ")");
            }
            kept[k]++;
        }
        if (seen != declared[k]) {
            throw error(header + " has " + seen + " n-grams but \\data\\ declared " + declared[k]);
        }
    }

    private void expectEnd() throws ArpaFormatException {
        split();
        if (!(nf == 1 && field(0).equals("\\end\\"))) {
            throw error("expected \\end\\ after the " + order + "-grams but found '" + lines.lineText() + "'");
        }
    }

    private double number(int field, String what) throws ArpaFormatException {
        try {
            double v = AsciiNumbers.parseDouble(lines.buf(), fs[field], fe[field]);
            if (Double.isNaN(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw error("bad " + what + " '" + field(field) + "' in '" + lines.lineText() + "'");
        }
    }

    // the context words of the previous n-gram line, as bytes
    private byte[] prevBytes = new byte[256];
    private int[] prevStart = new int[16], prevEnd = new int[16];

    private boolean sameAsPrevious(int word, int s, int e) {
        int ps = prevStart[word], pe = prevEnd[word];
        return pe - ps == e - s && WordIndex.sameBytes(prevBytes, ps, lines.buf(), s, e - s);
    }

    private void rememberLine(int k) {
        byte[] b = lines.buf();
        int len = 0;
        for (int i = 0; i < k - 1; i++) len += fe[i + 1] - fs[i + 1];
        if (prevBytes.length < len) prevBytes = new byte[Math.max(len, prevBytes.length * 2)];
        if (prevStart.length < k) {
            prevStart = new int[k];
            prevEnd = new int[k];
        }
        int at = 0;
        for (int i = 0; i < k - 1; i++) {
            int n = fe[i + 1] - fs[i + 1];
            System.arraycopy(b, fs[i + 1], prevBytes, at, n);
            prevStart[i] = at;
            prevEnd[i] = at + n;
            at += n;
        }
    }

    private int wordId(int s, int e) {
        byte[] b = lines.buf();
        int id = words.get(b, s, e);
        if (id == Integer.MIN_VALUE) {
            id = wordToId.applyAsInt(WordIndex.decode(b, s, e));
            if (id < 0) id = -1;
            words.put(b, s, e, id);
        }
        return id;
    }

    private void ensureUnigram(int id) throws ArpaFormatException {
        if (id > NgramLm.INDEX_MASK) throw error("word id " + id + " too large (max " + NgramLm.INDEX_MASK + ")");
        if (id >= uniLogProb.length) {
            int n = Math.max(id + 1, uniLogProb.length + (uniLogProb.length >> 1) + 16);
            int old = uniLogProb.length;
            uniLogProb = Arrays.copyOf(uniLogProb, n);
            Arrays.fill(uniLogProb, old, n, Float.NaN);
            uniBackoff = Arrays.copyOf(uniBackoff, n);
            uniPresent = Arrays.copyOf(uniPresent, n);
        }
    }

    private void addUnigram(int id, float lnp, float lnbo) throws ArpaFormatException {
        ensureUnigram(id);
        if (!Float.isNaN(uniLogProb[id])) throw error("duplicate 1-gram (or two words with one id) '" + lines.lineText() + "'");
        uniLogProb[id] = lnp;
        uniBackoff[id] = lnbo;
        uniPresent[id] = true;
    }

    /** Index (in order n) of the n-gram ids[0..n), adding context-only entries where missing. */
    private int resolveContext(int[] ids, int n) throws ArpaFormatException {
        int w0 = ids[0];
        ensureUnigram(w0);
        if (!uniPresent[w0]) {
            uniPresent[w0] = true;
            contextOnly++;
        }
        int idx = w0;
        for (int j = 2; j <= n; j++) {
            int r = tables[j].insert(NgramTable.key(idx, ids[j - 1]), Float.NaN, 0f);
            if (r >= 0) contextOnly++;
            idx = r >= 0 ? r : -1 - r;
            if (idx > NgramLm.INDEX_MASK) throw error("too many " + j + "-grams for the state encoding");
        }
        return idx;
    }
}
