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
 * skipped.
 *
 * <p>Storage is compact, because a model file's table is built on every load (200,000 words
 * for a large vocabulary): the symbols' UTF-8 bytes in one array with offsets, and an
 * open-addressing hash index (symbol to id) instead of a map of Strings to boxed ids. A symbol's
 * String is made when it is first asked for ({@link #symbol}); only non-ASCII symbols get theirs
 * while reading (their decoding is their UTF-8 check), and a symbol found by {@link #id} keeps
 * the String it was found with. Lookups are O(1): the hash index for symbol to id, keyed by
 * {@link String#hashCode} (computed from the bytes for an ASCII symbol, so a lookup hashes its
 * String as a map would, and compares it with the bytes only when the hashes agree); an array by
 * id for id to symbol, or a hash map when ids are very sparse ({@link #isDense}). A table whose
 * symbols collide on purpose (String hashes are easy to collide) is noticed while it is built, by
 * a probe sequence longer than {@value #MAX_PROBES}, and then indexed by a {@code HashMap}, which
 * stays O(log n) for such keys.
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
    private final int count;
    private final byte[] bytes;       // entry e's symbol: bytes[start[e] .. start[e + 1])
    private final int[] start;        // count + 1 offsets
    private final int[] entryId;      // entry e's id
    private final int[] slots;        // hash index: pairs (hash, entry + 1), 0 = empty; load <= 1/2
    private final int shift;          // of slot()
    private final String[] strings;   // entry e's symbol once made
    private final Map<String, Integer> flooded;   // symbol -> entry when hashes collide (slots unused); else null
    private final int[] entryOfId;    // by id, -1 when absent; null when ids are sparse
    private final Map<Integer, Integer> sparseEntryOfId;   // id -> entry; null when dense
    private final int maxId;
    private final int[] ids;          // ascending

    private SymbolTable(String name, Builder b) {
        this.name = name;
        this.count = b.count;
        this.bytes = b.bytes.length - b.size > 1 << 16 ? Arrays.copyOf(b.bytes, b.size) : b.bytes;
        this.start = Arrays.copyOf(b.start, count + 1);
        this.entryId = Arrays.copyOf(b.entryId, count);
        this.slots = b.slots;
        this.shift = shiftFor(slots);
        this.strings = Arrays.copyOf(b.strings, count);
        this.flooded = b.flooded;
        this.maxId = b.maxId;
        if (isDense(maxId, count)) {
            entryOfId = new int[maxId + 1];
            Arrays.fill(entryOfId, -1);
            for (int e = 0; e < count; e++) entryOfId[entryId[e]] = e;
            sparseEntryOfId = null;
            int[] sorted = new int[count];
            int k = 0;
            for (int id = 0; id <= maxId; id++) if (entryOfId[id] >= 0) sorted[k++] = id;
            ids = sorted;
        } else {
            entryOfId = null;
            sparseEntryOfId = b.byId();
            ids = entryId.clone();
            Arrays.sort(ids);
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
     * its fields are); an ASCII field is neither decoded nor turned into a String: its bytes go
     * into the table as they are, and an ASCII id of up to 9 digits is read from its bytes.
     *
     * @param name used in error messages (file name)
     */
    public static SymbolTable parse(byte[] bytes, String name) throws IOException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Builder table = new Builder(Math.max(16, bytes.length / 16), bytes.length);   // grows when lines are shorter
        int lineNo = 0;
        int pos = 0;
        // a UTF-8 byte order mark is not part of the first symbol (it would turn <eps> into a word)
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) pos = 3;
        int[] fieldAt = new int[4], fieldEnd = new int[4];
        while (pos < bytes.length) {
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') end++;
            lineNo++;
            int lineStart = pos, lineEnd = end;
            if (lineEnd > pos && bytes[lineEnd - 1] == '\r') lineEnd--;
            pos = end + 1;
            // split on runs of space / tab; count every field, keep the first few positions
            int nf = 0;
            boolean ascii = true;
            for (int i = lineStart; i < lineEnd; ) {
                while (i < lineEnd && (bytes[i] == ' ' || bytes[i] == '\t')) i++;
                if (i == lineEnd) break;
                int f = i;
                for (byte c; i < lineEnd && (c = bytes[i]) != ' ' && c != '\t'; i++) ascii &= c >= 0;
                if (nf < fieldAt.length) {
                    fieldAt[nf] = f;
                    fieldEnd[nf] = i;
                }
                nf++;
            }
            // the whole line must be valid UTF-8 (checked before its shape, as the message order promises)
            if (nf > fieldAt.length || !ascii && !validUtf8Fields(bytes, fieldAt, fieldEnd, nf, dec)) {
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
            int symAt = fieldAt[0], symEnd = fieldEnd[0];
            int id = asciiId(bytes, fieldAt[1], fieldEnd[1]);
            if (id < 0) {   // not plain digits: what Integer.parseInt makes of the field
                String idField = decodeField(bytes, fieldAt[1], fieldEnd[1]);
                try {
                    id = Integer.parseInt(idField);
                } catch (NumberFormatException e) {
                    throw new IOException(name + ":" + lineNo + ": id is not an integer: '" + abbreviate(idField) + "'");
                }
                if (id < 0) {
                    throw new IOException(name + ":" + lineNo + ": negative id " + id + " for symbol '"
                            + decodeField(bytes, symAt, symEnd) + "'");
                }
            }
            // a non-ASCII symbol's String is made now (it was decoded for the UTF-8 check anyway)
            String string = isAscii(bytes, symAt, symEnd) ? null : decodeField(bytes, symAt, symEnd);
            int h = string == null ? asciiHash(bytes, symAt, symEnd) : string.hashCode();
            int old = table.find(bytes, symAt, symEnd, h, string);
            if (old >= 0) {
                throw new IOException(name + ":" + lineNo + ": duplicate symbol '" + decodeField(bytes, symAt, symEnd)
                        + "' (ids " + table.entryId[old] + " and " + id + ")");
            }
            int other = table.entryOfId(id);
            if (other >= 0) {
                throw new IOException(name + ":" + lineNo + ": duplicate id " + id + " (symbols '" + table.string(other)
                        + "' and '" + decodeField(bytes, symAt, symEnd) + "')");
            }
            table.add(bytes, symAt, symEnd, h, id, string);
        }
        return new SymbolTable(name, table);
    }

    /** An id field of 1 to 9 ASCII digits as its value; -1 for anything else (signs, other digits, longer). */
    private static int asciiId(byte[] b, int from, int to) {
        if (to - from > 9) return -1;
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = 10 * v + d;
        }
        return v;
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
        Builder table = new Builder(symbols.size(), 8 * symbols.size());
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (splitFields(s).length != 1 || !s.equals(s.strip())) {
                throw new IllegalArgumentException("symbol contains whitespace or is empty: '" + s + "'");
            }
            byte[] b = encode(s);
            if (table.find(b, 0, b.length, s.hashCode(), s) >= 0) throw new IllegalArgumentException("duplicate symbol '" + s + "'");
            table.add(b, 0, b.length, s.hashCode(), i, s);
        }
        return new SymbolTable("<memory>", table);
    }

    private static String[] splitFields(String line) {
        return Arrays.stream(line.split("[ \t]+")).filter(f -> !f.isEmpty()).toArray(String[]::new);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    // ---- hashing: String.hashCode, from the bytes for an ASCII symbol ----

    /** Longest probe sequence of the open-addressing index before a table switches to a HashMap. */
    static final int MAX_PROBES = 200;

    /** {@link String#hashCode} of the ASCII symbol b[from..to), from its bytes. */
    static int asciiHash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + b[i];
        return h;
    }

    /**
     * The first slot of hash h among 2^(32 - shift) slots: Fibonacci hashing (the top bits of h
     * times 2^32 / golden ratio), which spreads String hashes, which differ in few bits.
     */
    private static int slot(int h, int shift) {
        return (h * 0x9E3779B9) >>> shift;
    }

    /** The shift of {@link #slot} for a slots array of the given length (pairs; at least 2 slots). */
    private static int shiftFor(int[] slots) {
        return Integer.numberOfLeadingZeros(slots.length / 2) + 1;
    }

    /**
     * The UTF-8 bytes of s; an unpaired surrogate (which no table read from a file holds, but a
     * String given to {@link #of} may) as the 3-byte form of its code unit, so that different
     * Strings never share bytes.
     */
    static byte[] encode(String s) {
        int n = s.length();
        byte[] out = new byte[3 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                out[k++] = (byte) c;
            } else if (c < 0x800) {
                out[k++] = (byte) (0xC0 | c >> 6);
                out[k++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, s.charAt(++i));
                out[k++] = (byte) (0xF0 | cp >> 18);
                out[k++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[k++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[k++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[k++] = (byte) (0xE0 | c >> 12);
                out[k++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[k++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The entry of symbol s, or -1 (small, so that it is inlined into the callers of {@link #id}). */
    private int entryOf(String s) {
        int h = s.hashCode();
        int[] sl = slots;
        int mask = sl.length / 2 - 1;
        for (int i = slot(h, shift); ; i = (i + 1) & mask) {
            int e = sl[2 * i + 1] - 1;
            if (e < 0) return flooded == null ? -1 : floodedEntryOf(s);   // a flooded table's slots are empty
            if (sl[2 * i] == h && matches(e, s)) return e;
        }
    }

    private int floodedEntryOf(String s) {
        Integer e = flooded.get(s);
        return e == null ? -1 : e;
    }

    /** True when entry e's symbol is s. */
    private boolean matches(int e, String s) {
        String str = strings[e];
        return str != null ? str.equals(s) : equalsAscii(e, s);
    }

    /** True when the ASCII symbol of entry e is s (and then keeps s as its String). */
    private boolean equalsAscii(int e, String s) {
        int at = start[e], n = start[e + 1] - at;
        if (n != s.length()) return false;
        for (int i = 0; i < n; i++) if (bytes[at + i] != s.charAt(i)) return false;
        // found: from now on the symbol's String is s (equal and immutable), so that the next
        // lookup of this word compares Strings (String.equals is faster than char by char)
        strings[e] = s;
        return true;
    }

    /** True when the table's index is a HashMap because its symbols' hashes collide (for tests). */
    boolean flooded() {
        return flooded != null;
    }

    /** The table being read: grows its arrays; entries in the order they are added. */
    private static final class Builder {
        byte[] bytes;
        int size;
        int[] start;
        int[] entryId;
        int[] slots;
        String[] strings;
        int count;
        int maxId = -1;
        /** id -> entry, made only once an id arrives that is not larger than every id before it. */
        Map<Integer, Integer> byId;

        Builder(int expect, int byteCapacity) {
            bytes = new byte[Math.max(16, byteCapacity)];
            start = new int[expect + 1];
            entryId = new int[expect];
            strings = new String[expect];
            slots = new int[2 * Integer.highestOneBit(Math.max(8, 2 * expect - 1)) * 2];
        }

        /** symbol -> entry once the symbols' hashes collide too much for open addressing; else null. */
        Map<String, Integer> flooded;

        /** The entry whose symbol is key[from..to) (hash h; its String, or null for an ASCII one), or -1. */
        int find(byte[] key, int from, int to, int h, String string) {
            if (flooded != null) {
                Integer e = flooded.get(string != null ? string : new String(key, from, to - from, StandardCharsets.ISO_8859_1));
                return e == null ? -1 : e;
            }
            int mask = slots.length / 2 - 1;
            for (int i = slot(h, shiftFor(slots)); ; i = (i + 1) & mask) {
                int e = slots[2 * i + 1] - 1;
                if (e < 0) return -1;
                if (slots[2 * i] == h && Arrays.equals(bytes, start[e], start[e + 1], key, from, to)) return e;
            }
        }

        /** The entry with this id, or -1. */
        int entryOfId(int id) {
            if (id > maxId) return -1;   // ids in increasing order (every real table): nothing to look up
            Integer e = byId().get(id);
            return e == null ? -1 : e;
        }

        Map<Integer, Integer> byId() {
            if (byId == null) {
                byId = new HashMap<>(2 * count);
                for (int e = 0; e < count; e++) byId.put(entryId[e], e);
            }
            return byId;
        }

        void add(byte[] key, int from, int to, int h, int id, String string) {
            int len = to - from;
            if (count == entryId.length) {
                int cap = Math.max(16, 2 * count);
                start = Arrays.copyOf(start, cap + 1);
                entryId = Arrays.copyOf(entryId, cap);
                strings = Arrays.copyOf(strings, cap);
            }
            if (size + len > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + len));
            System.arraycopy(key, from, bytes, size, len);
            int e = count++;
            start[e] = size;
            size += len;
            start[count] = size;
            entryId[e] = id;
            strings[e] = string;
            if (byId != null) byId.put(id, e);
            maxId = Math.max(maxId, id);
            if (flooded != null) {
                flooded.put(strings[e] = string(e), e);
                return;
            }
            boolean ok = insert(slots, h, e);
            if (ok && 2 * count > slots.length / 2) {   // keep the load at most 1/2
                int[] old = slots;
                slots = new int[2 * old.length];
                for (int i = 0; i < old.length && ok; i += 2) if (old[i + 1] != 0) ok = insert(slots, old[i], old[i + 1] - 1);
            }
            if (!ok) {   // symbols made to collide: a HashMap from now on
                flooded = new HashMap<>(2 * count);
                for (int k = 0; k < count; k++) flooded.put(strings[k] = string(k), k);
                slots = new int[4];
            }
        }

        /** Puts entry e (hash h) into slots; false when its probe sequence is longer than MAX_PROBES. */
        private static boolean insert(int[] slots, int h, int e) {
            int mask = slots.length / 2 - 1;
            int i = slot(h, shiftFor(slots));
            for (int probes = 0; slots[2 * i + 1] != 0; probes++) {
                if (probes == MAX_PROBES) return false;
                i = (i + 1) & mask;
            }
            slots[2 * i] = h;
            slots[2 * i + 1] = e + 1;
            return true;
        }

        /** Entry e's symbol as a String (for messages). */
        String string(int e) {
            return strings[e] != null ? strings[e] : new String(bytes, start[e], start[e + 1] - start[e], StandardCharsets.UTF_8);
        }
    }

    // ---- lookups ----

    private int entryOfId(int id) {
        if (id < 0) return -1;
        if (entryOfId != null) return id < entryOfId.length ? entryOfId[id] : -1;
        Integer e = sparseEntryOfId.get(id);
        return e == null ? -1 : e;
    }

    /** The id of {@code symbol}, or {@link #NO_SYMBOL}. */
    public int id(String symbol) {
        int e = entryOf(symbol);
        return e < 0 ? NO_SYMBOL : entryId[e];
    }

    /** The id of {@code symbol}, or {@code oovId} when absent (Kaldi's sym2int.pl --map-oov). */
    public int idOrOov(String symbol, int oovId) {
        int e = entryOf(symbol);
        return e < 0 ? oovId : entryId[e];
    }

    /** The symbol with this id, or null. */
    public String symbol(int id) {
        int e = entryOfId(id);
        if (e < 0) return null;
        String s = strings[e];
        if (s == null) {   // an ASCII symbol read from a file (Strings are safe to publish this way)
            s = new String(bytes, start[e], start[e + 1] - start[e], StandardCharsets.ISO_8859_1);
            strings[e] = s;
        }
        return s;
    }

    /**
     * The first byte of the UTF-8 encoding of the symbol with this id (0..255), or -1 when no
     * symbol has this id: lets a caller sort out symbols by an ASCII first character (such as
     * {@code <} or {@code #}) without making the String of every symbol.
     */
    public int firstByte(int id) {
        int e = entryOfId(id);
        return e < 0 ? -1 : bytes[start[e]] & 0xff;
    }

    /** True when the table has this symbol. */
    public boolean contains(String symbol) {
        return entryOf(symbol) >= 0;
    }

    /** Number of symbols (including {@code <eps>} and the specials). */
    public int size() {
        return count;
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
            int e = entryOfId(id);
            if (strings[e] != null) {
                o.write(strings[e].getBytes(StandardCharsets.UTF_8));
            } else {
                o.write(bytes, start[e], start[e + 1] - start[e]);
            }
            o.write((" " + id + "\n").getBytes(StandardCharsets.US_ASCII));
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
