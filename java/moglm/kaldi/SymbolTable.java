package moglm.kaldi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import moglm.util.AtomicFile;

/**
 * A Kaldi / OpenFst word symbol table ({@code words.txt}): one {@code symbol id} pair per line,
 * fields separated by spaces or tabs, ids non-negative integers.
 *
 * <p>Kaldi conventions: {@code <eps>} is 0; the recogniser's words follow; then the
 * disambiguation symbol {@code #0} and the sentence boundaries {@code <s>} and {@code </s>}
 * (never on lattice arcs); the OOV word ({@code <unk>}, {@code <UNK>}, named in
 * {@code lang/oov.txt}) is an ordinary word. Kaldi's rnnlm adds {@code <brk>}.
 *
 * <p>Reading is strict, because a silently wrong table corrupts every transcript: a duplicate
 * symbol, a duplicate id, a line without exactly two fields, a non-integer or negative id, or
 * bytes that are not UTF-8 raise an {@link IOException} naming the file and line. Blank lines are
 * skipped. Lookups are O(1): a hash map for symbol to id and an array for id to symbol (a hash
 * map when ids are very sparse).
 */
public final class SymbolTable {
    /** Kaldi's epsilon symbol, id 0. */
    public static final String EPSILON = "<eps>";
    /** First disambiguation symbol. */
    public static final String DISAMBIG_0 = "#0";
    /** Sentence start. */
    public static final String BOS = "<s>";
    /** Sentence end. */
    public static final String EOS = "</s>";
    /** Returned by {@link #id(String)} for an absent symbol (OpenFst's kNoSymbol). */
    public static final int NO_SYMBOL = -1;

    private final String name;
    private final Map<String, Integer> idOf;
    private final String[] denseSymbols;           // null when ids are sparse
    private final Map<Integer, String> sparseSymbols; // null when dense
    private final int maxId;
    private final int[] ids;                       // ascending

    private SymbolTable(String name, Map<String, Integer> idOf, int maxId) {
        this.name = name;
        this.idOf = idOf;
        this.maxId = maxId;
        this.ids = idOf.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        if (isDense(maxId, idOf.size())) {
            denseSymbols = new String[maxId + 1];
            for (Map.Entry<String, Integer> e : idOf.entrySet()) denseSymbols[e.getValue()] = e.getKey();
            sparseSymbols = null;
        } else {
            denseSymbols = null;
            sparseSymbols = new HashMap<>(idOf.size() * 2);
            for (Map.Entry<String, Integer> e : idOf.entrySet()) sparseSymbols.put(e.getValue(), e.getKey());
        }
    }

    /**
     * True when an array indexed by id (0..maxId) is a sensible store for {@code count} ids:
     * ids below 2^24 and not much sparser than one in eight. Otherwise use a hash map, so that one
     * line such as {@code zed 267126618} cannot make a reader allocate gigabytes.
     */
    public static boolean isDense(int maxId, int count) {
        return maxId < (1 << 24) && maxId <= 8L * count + 1024;
    }

    /** Reads a symbol table file ({@code .gz} not supported: words.txt is always plain text). */
    public static SymbolTable read(Path file) throws IOException {
        try (InputStream in = moglm.util.InputFiles.open(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a symbol table from a stream.
     *
     * @param name used in error messages (file name)
     */
    public static SymbolTable read(InputStream in, String name) throws IOException {
        return parse(in.readAllBytes(), name);
    }

    /**
     * Parses a symbol table from its bytes (same rules as {@link #read(InputStream, String)}).
     * Fields are split on the bytes of space and tab, which never occur inside a multi-byte
     * UTF-8 sequence, and each field is decoded strictly (so a line is valid UTF-8 exactly when
     * its fields are); an ASCII field is copied without a decoder, which keeps a 200,000-word
     * table at a few tens of milliseconds.
     *
     * @param name used in error messages (file name)
     */
    public static SymbolTable parse(byte[] bytes, String name) throws IOException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int expect = Math.max(16, bytes.length / 12);   // a words.txt line is rarely shorter
        Map<String, Integer> idOf = new HashMap<>(expect * 4 / 3 + 1);
        IdSymbols symbolOf = new IdSymbols();   // duplicate-id check without a boxed map
        int maxId = -1;
        int lineNo = 0;
        int pos = 0;
        // a UTF-8 byte order mark is not part of the first symbol (it would turn <eps> into a word)
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) pos = 3;
        int[] fieldAt = new int[4], fieldEnd = new int[4];
        String[] fields = new String[2];
        while (pos < bytes.length) {
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') end++;
            lineNo++;
            int lineStart = pos, lineEnd = end;
            if (lineEnd > pos && bytes[lineEnd - 1] == '\r') lineEnd--;
            pos = end + 1;
            // split on runs of space / tab; count every field, keep the first few positions
            int nf = 0;
            for (int i = lineStart; i < lineEnd; ) {
                while (i < lineEnd && (bytes[i] == ' ' || bytes[i] == '\t')) i++;
                if (i == lineEnd) break;
                int f = i;
                while (i < lineEnd && bytes[i] != ' ' && bytes[i] != '\t') i++;
                if (nf < fieldAt.length) {
                    fieldAt[nf] = f;
                    fieldEnd[nf] = i;
                }
                nf++;
            }
            // the whole line must be valid UTF-8 (checked before its shape, as the message order promises)
            if (nf > fieldAt.length || !validUtf8Fields(bytes, fieldAt, fieldEnd, nf, dec)) {
                try {
                    dec.reset();
                    dec.decode(ByteBuffer.wrap(bytes, lineStart, lineEnd - lineStart));
                } catch (CharacterCodingException e) {
                    throw new IOException(name + ":" + lineNo + ": symbol table line is not valid UTF-8");
                }
            }
            if (nf == 0) continue;
            if (nf != 2) {
                String line = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
                throw new IOException(name + ":" + lineNo + ": expected 'symbol id', got " + nf
                        + " fields: '" + abbreviate(line) + "'");
            }
            for (int k = 0; k < 2; k++) fields[k] = decodeField(bytes, fieldAt[k], fieldEnd[k]);
            int id;
            try {
                id = Integer.parseInt(fields[1]);
            } catch (NumberFormatException e) {
                throw new IOException(name + ":" + lineNo + ": id is not an integer: '" + abbreviate(fields[1]) + "'");
            }
            if (id < 0) throw new IOException(name + ":" + lineNo + ": negative id " + id + " for symbol '" + fields[0] + "'");
            Integer boxed = id;
            Integer old = idOf.putIfAbsent(fields[0], boxed);
            if (old != null) {
                throw new IOException(name + ":" + lineNo + ": duplicate symbol '" + fields[0] + "' (ids " + old + " and " + id + ")");
            }
            String other = symbolOf.putIfAbsent(id, fields[0]);
            if (other != null) {
                throw new IOException(name + ":" + lineNo + ": duplicate id " + id + " (symbols '" + other + "' and '" + fields[0] + "')");
            }
            maxId = Math.max(maxId, id);
        }
        return new SymbolTable(name, idOf, maxId);
    }

    /**
     * id -> symbol while reading, for the duplicate-id check: an array over the ids below
     * 8 x (entries so far) + 1024 (and 2^24), a map for the few above, so one crafted line with a
     * huge id costs one map entry, not a huge array.
     */
    private static final class IdSymbols {
        private String[] near = new String[1024];
        private final Map<Integer, String> far = new HashMap<>();
        private int count;

        /** Stores symbol for id unless id has one; returns the one it had, or null. */
        String putIfAbsent(int id, String symbol) {
            count++;
            int want = (int) Math.min(1 << 24, 8L * count + 1024);
            if (id >= near.length && id < want) grow(Math.min(want, Math.max(id + 1, 2 * near.length)));
            if (id < near.length) {
                String old = near[id];
                if (old == null) near[id] = symbol;
                return old;
            }
            return far.putIfAbsent(id, symbol);
        }

        private void grow(int size) {
            near = Arrays.copyOf(near, size);
            far.entrySet().removeIf(e -> {   // entries the array now covers move into it
                if (e.getKey() >= size) return false;
                near[e.getKey()] = e.getValue();
                return true;
            });
        }
    }

    /** True when each of the nf fields is valid UTF-8 (ASCII fields trivially). */
    private static boolean validUtf8Fields(byte[] b, int[] at, int[] end, int nf, CharsetDecoder dec) {
        for (int k = 0; k < nf; k++) {
            if (isAscii(b, at[k], end[k])) continue;
            try {
                dec.reset();
                dec.decode(ByteBuffer.wrap(b, at[k], end[k] - at[k]));
            } catch (CharacterCodingException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] < 0) return false;
        return true;
    }

    /** A field known to be valid UTF-8 as a String. */
    private static String decodeField(byte[] b, int from, int to) {
        return isAscii(b, from, to) ? new String(b, from, to - from, StandardCharsets.ISO_8859_1)
                : new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Builds a table from symbols in id order: {@code symbols.get(i)} gets id i. */
    public static SymbolTable of(List<String> symbols) {
        Map<String, Integer> idOf = new HashMap<>(symbols.size() * 2);
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (splitFields(s).length != 1 || !s.equals(s.strip())) {
                throw new IllegalArgumentException("symbol contains whitespace or is empty: '" + s + "'");
            }
            if (idOf.putIfAbsent(s, i) != null) throw new IllegalArgumentException("duplicate symbol '" + s + "'");
        }
        return new SymbolTable("<memory>", idOf, symbols.size() - 1);
    }

    private static String[] splitFields(String line) {
        return Arrays.stream(line.split("[ \t]+")).filter(f -> !f.isEmpty()).toArray(String[]::new);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The id of {@code symbol}, or {@link #NO_SYMBOL}. */
    public int id(String symbol) {
        Integer id = idOf.get(symbol);
        return id == null ? NO_SYMBOL : id;
    }

    /** The id of {@code symbol}, or {@code oovId} when absent (Kaldi's sym2int.pl --map-oov). */
    public int idOrOov(String symbol, int oovId) {
        Integer id = idOf.get(symbol);
        return id == null ? oovId : id;
    }

    /** The symbol with this id, or null. */
    public String symbol(int id) {
        if (id < 0) return null;
        if (denseSymbols != null) return id < denseSymbols.length ? denseSymbols[id] : null;
        return sparseSymbols.get(id);
    }

    /** True when the table has this symbol. */
    public boolean contains(String symbol) {
        return idOf.containsKey(symbol);
    }

    /** Number of symbols (including {@code <eps>} and the specials). */
    public int size() {
        return idOf.size();
    }

    /** Largest id in the table (-1 when empty). */
    public int maxId() {
        return maxId;
    }

    /** Every id of the table, ascending (a copy). */
    public int[] ids() {
        return ids.clone();
    }

    /** The file (or other source) the table was read from. */
    public String name() {
        return name;
    }

    /** True for Kaldi disambiguation symbols: {@code #0}, {@code #1}, ... */
    public static boolean isDisambiguation(String symbol) {
        if (symbol.length() < 2 || symbol.charAt(0) != '#') return false;
        for (int i = 1; i < symbol.length(); i++) if (!Character.isDigit(symbol.charAt(i))) return false;
        return true;
    }

    /** Writes the table as {@code symbol id} lines in increasing id order. */
    public void write(OutputStream out) throws IOException {
        OutputStream o = new BufferedOutputStream(out);
        for (int id : ids) {
            o.write((symbol(id) + " " + id + "\n").getBytes(StandardCharsets.UTF_8));
        }
        o.flush();
    }

    /** Writes the table to {@code file} atomically. */
    public void write(Path file) throws IOException {
        try (AtomicFile.Writer w = AtomicFile.create(file)) {
            write(w.stream());
            w.commit();
        }
    }

    @Override public String toString() {
        return "SymbolTable(" + name + ", " + size() + " symbols)";
    }
}
