package moglm.kaldi.lattice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import moglm.kaldi.KaldiFloat;
import moglm.kaldi.table.KaldiFormatException;
import moglm.kaldi.table.KaldiInput;

/**
 * The text form of Kaldi lattices (OpenFst's printer format, as in {@code ark,t:} archives).
 *
 * <pre>
 * CompactLattice (acceptor)            Lattice
 *   src dst word g,a,t1_t2_t3            src dst tid word g,a
 *   src dst word            (weight One) src dst tid word       (weight One)
 *   state g,a,t1_t2         (final)      state g,a              (final)
 *   state                   (final One)  state                  (final One)
 * </pre>
 * Fields are separated by tabs (spaces are accepted on input); the first line's source state is
 * the start state; the start state's lines come first, then the other states in order; a state
 * with neither arcs nor a final weight prints as {@code state Infinity,Infinity,}; a blank line
 * ends the lattice. Weights print {@code Infinity}/{@code -Infinity} for infinities.
 *
 * <p>The type is recognised line by line, as Kaldi's reader does: 3 fields, or 4 whose last is a
 * weight, or a final weight with two commas are CompactLattice; 5 fields, or 4 integers, or a
 * final weight with one comma are Lattice. Mixed types are an error.
 *
 * <p>Errors name the line. After a bad line the reader skips to the blank line that ends the
 * lattice, so the error is resumable in an archive. State ids are limited to
 * {@code max(2^20, 16 x lines)} so a corrupt id cannot make the reader allocate gigabytes.
 */
public final class LatticeText {
    private LatticeText() {}

    /** How weights are printed. */
    public enum FloatStyle {
        /** Fewest digits that read back as the same float32 (lossless; moglm's default). */
        SHORTEST,
        /** Six significant digits, exactly what Kaldi's {@code lattice-copy ... ark,t:} prints (lossy). */
        KALDI
    }

    private static final int MAX_LINE = 16 << 20;

    // ------------------------------------------------------------------ reading

    private enum Kind { UNKNOWN, COMPACT, LATTICE }

    /**
     * Reads the lines of one lattice up to a blank line or end of data (the key line and the
     * newline after it must already be consumed).
     *
     * @return a {@link CompactLattice} or a {@link Lattice} (CompactLattice when the lines do not say)
     */
    public static LatticeBase read(KaldiInput in) throws IOException {
        Parser p = new Parser();
        String error = null, swallowedKey = null;
        long errorLine = 0;
        byte[] line;
        while ((line = in.readLineBytes(MAX_LINE, "lattice text line")) != null) {
            p.lineNo++;
            if (isBlank(line)) break;
            if (error != null) continue; // skipping to the end of this lattice
            try {
                p.parseLine(line);
            } catch (LineException e) {
                error = e.getMessage() + ": '" + printable(line) + "'";
                errorLine = p.lineNo;
                swallowedKey = keyLike(line);
            }
        }
        if (error != null && swallowedKey != null) {
            // a key line inside a lattice: the blank line that ends the previous lattice is missing, so the
            // lines of the entry swallowedKey were read as part of this one and are skipped with it
            throw new KaldiFormatException(in.name() + ": line " + errorLine + " of this lattice is '" + swallowedKey
                    + "', which looks like the key of the next entry: the blank line that ends a text lattice is missing"
                    + " before it, so this lattice and the entry '" + swallowedKey + "' are both skipped", true).alsoLost(1);
        }
        if (error != null) {
            throw new KaldiFormatException(in.name() + ": line " + errorLine + " of this lattice: " + error, true);
        }
        try {
            return p.build();
        } catch (LineException | IllegalArgumentException e) {
            throw new KaldiFormatException(in.name() + ": " + e.getMessage(), true);
        }
    }

    /** The line's single field when it is a valid table key that is not a state id, else null. */
    private static String keyLike(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8).strip();
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) return null;
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
        return moglm.kaldi.table.KaldiKeys.isValid(s) ? s : null;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) if (!KaldiInput.isSpace(b & 0xff)) return false;
        return true;
    }

    private static String printable(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 200), StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c >= 0x20 && c < 0x7f || c == '\t' ? c : '?');
        return line.length > 200 ? sb + "..." : sb.toString();
    }

    private static final class LineException extends Exception {
        LineException(String m) {
            super(m);
        }
    }

    /** Accumulates lines into a builder of the recognised type. */
    private static final class Parser {
        long lineNo;
        Kind kind = Kind.UNKNOWN;
        int start = -1;
        int maxState = -1;
        // pending lines stored generically until the type is known
        int n;
        int[] src = new int[64], dst = new int[64], il = new int[64], ol = new int[64], type = new int[64];
        float[] g = new float[64], a = new float[64];
        int[] strOff = new int[64], strLen = new int[64];
        int[] pool = new int[64];
        int poolSize;
        final String[] fields = new String[6];
        int[] tmp = new int[64];

        static final int ARC = 0, FINAL = 1;

        void parseLine(byte[] line) throws LineException {
            int nf = split(line);
            if (nf > 5) throw new LineException("too many fields (" + nf + ")");
            int s = stateId(fields[0]);
            if (start < 0) start = s;
            switch (nf) {
                case 1:
                    add(FINAL, s, -1, 0, 0, 0f, 0f, 0);
                    break;
                case 2: {
                    int commas = count(fields[1], ',');
                    if (commas == 2) {
                        setKind(Kind.COMPACT);
                        int len = compactWeight(fields[1]);
                        add(FINAL, s, -1, 0, 0, wg, wa, len);
                    } else if (commas == 1) {
                        setKind(Kind.LATTICE);
                        latticeWeight(fields[1]);
                        add(FINAL, s, -1, 0, 0, wg, wa, 0);
                    } else {
                        throw new LineException("bad final weight '" + fields[1] + "' (expected g,a, or g,a,tids)");
                    }
                    break;
                }
                case 3: {
                    setKind(Kind.COMPACT);
                    int d = stateId(fields[1]);
                    int w = label(fields[2]);
                    add(ARC, s, d, w, w, 0f, 0f, 0);
                    break;
                }
                case 4: {
                    int d = stateId(fields[1]);
                    if (fields[3].indexOf(',') >= 0) {
                        setKind(Kind.COMPACT);
                        int w = label(fields[2]);
                        int len = compactWeight(fields[3]);
                        if (isZero(len)) throw new LineException("arc weight is Zero (Infinity,Infinity)");
                        add(ARC, s, d, w, w, wg, wa, len);
                    } else {
                        setKind(Kind.LATTICE);
                        add(ARC, s, d, label(fields[2]), label(fields[3]), 0f, 0f, 0);
                    }
                    break;
                }
                default: { // 5
                    setKind(Kind.LATTICE);
                    int d = stateId(fields[1]);
                    int i = label(fields[2]), o = label(fields[3]);
                    latticeWeight(fields[4]);
                    if (isZero(0)) throw new LineException("arc weight is Zero (Infinity,Infinity)");
                    add(ARC, s, d, i, o, wg, wa, 0);
                    break;
                }
            }
        }

        private boolean isZero(int len) {
            return wg == Float.POSITIVE_INFINITY && wa == Float.POSITIVE_INFINITY && len == 0;
        }

        private void setKind(Kind k) throws LineException {
            if (kind == Kind.UNKNOWN) kind = k;
            else if (kind != k) {
                throw new LineException("line has " + (k == Kind.COMPACT ? "CompactLattice" : "Lattice")
                        + " form but earlier lines were " + (kind == Kind.COMPACT ? "CompactLattice" : "Lattice"));
            }
        }

        private int split(byte[] line) throws LineException {
            int nf = 0, i = 0;
            while (i < line.length) {
                while (i < line.length && (line[i] == ' ' || line[i] == '\t')) i++;
                if (i >= line.length) break;
                int st = i;
                while (i < line.length && line[i] != ' ' && line[i] != '\t') {
                    if (line[i] < 0x20 || line[i] >= 0x7f) throw new LineException("unexpected byte 0x" + Integer.toHexString(line[i] & 0xff));
                    i++;
                }
                if (nf == fields.length) return nf + 1;
                fields[nf++] = new String(line, st, i - st, StandardCharsets.ISO_8859_1);
            }
            return nf;
        }

        private int stateId(String f) throws LineException {
            int s;
            try {
                s = parseInt(f);
            } catch (NumberFormatException e) {
                throw new LineException("state id is not an integer: '" + f + "'");
            }
            if (s < 0) throw new LineException("negative state id " + s);
            long limit = Math.max(1L << 20, 16L * lineNo);
            if (s >= limit) throw new LineException("state id " + s + " is implausibly large for a lattice of " + lineNo + " lines");
            return s;
        }

        private static int label(String f) throws LineException {
            int l;
            try {
                l = parseInt(f);
            } catch (NumberFormatException e) {
                throw new LineException("label is not an integer: '" + f + "'");
            }
            if (l < 0) throw new LineException("negative label " + l);
            return l;
        }

        float wg, wa;

        /** Parses "g,a" into wg, wa. */
        private void latticeWeight(String w) throws LineException {
            int c = w.indexOf(',');
            if (c < 0 || w.indexOf(',', c + 1) >= 0) throw new LineException("bad weight '" + w + "' (expected graph,acoustic)");
            wg = cost(w.substring(0, c), w);
            wa = cost(w.substring(c + 1), w);
        }

        /** Parses "g,a,t1_t2" into wg, wa and tmp[0..len); returns len. */
        private int compactWeight(String w) throws LineException {
            int last = w.lastIndexOf(',');
            latticeWeight(w.substring(0, last));
            String str = w.substring(last + 1);
            if (str.isEmpty()) return 0;
            int len = 0, i = 0;
            while (i <= str.length()) {
                int j = str.indexOf('_', i);
                if (j < 0) j = str.length();
                String t = str.substring(i, j);
                int v;
                try {
                    v = parseInt(t);
                } catch (NumberFormatException e) {
                    throw new LineException("bad transition-id string '" + str + "'");
                }
                if (len == tmp.length) tmp = Arrays.copyOf(tmp, len * 2);
                tmp[len++] = v;
                i = j + 1;
            }
            return len;
        }

        private static float cost(String s, String whole) throws LineException {
            try {
                return KaldiFloat.parse(s);
            } catch (NumberFormatException e) {
                throw new LineException("bad cost '" + s + "' in weight '" + whole + "'");
            }
        }

        private static int count(String s, char c) {
            int k = 0;
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) k++;
            return k;
        }

        private void add(int t, int s, int d, int i, int o, float wg, float wa, int len) {
            if (n == src.length) {
                int cap = n * 2;
                src = Arrays.copyOf(src, cap); dst = Arrays.copyOf(dst, cap); il = Arrays.copyOf(il, cap);
                ol = Arrays.copyOf(ol, cap); type = Arrays.copyOf(type, cap); g = Arrays.copyOf(g, cap);
                a = Arrays.copyOf(a, cap); strOff = Arrays.copyOf(strOff, cap); strLen = Arrays.copyOf(strLen, cap);
            }
            type[n] = t; src[n] = s; dst[n] = d; il[n] = i; ol[n] = o; g[n] = wg; a[n] = wa;
            if (poolSize + len > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + len));
            System.arraycopy(tmp, 0, pool, poolSize, len);
            strOff[n] = poolSize;
            strLen[n] = len;
            poolSize += len;
            maxState = Math.max(maxState, Math.max(s, d));
            n++;
        }

        LatticeBase build() throws LineException {
            int numStates = maxState + 1;
            if (kind == Kind.LATTICE) {
                Lattice.Builder b = Lattice.builder();
                b.ensureStates(numStates);
                for (int k = 0; k < n; k++) {
                    if (type[k] == FINAL) b.setFinal(src[k], g[k], a[k]);
                    else b.addArc(src[k], il[k], ol[k], g[k], a[k], dst[k]);
                }
                b.setStart(start);
                return b.build();
            }
            CompactLattice.Builder b = CompactLattice.builder();
            b.ensureStates(numStates);
            for (int k = 0; k < n; k++) {
                if (type[k] == FINAL) b.setFinal(src[k], g[k], a[k], pool, strOff[k], strLen[k]);
                else b.addArc(src[k], il[k], ol[k], g[k], a[k], pool, strOff[k], strLen[k], dst[k]);
            }
            b.setStart(start);
            return b.build();
        }
    }

    /** Strict decimal int32 (optional sign). */
    static int parseInt(String s) {
        int i = (s.startsWith("-") || s.startsWith("+")) ? 1 : 0;
        if (i == s.length() || s.length() > 12) throw new NumberFormatException(s);
        for (int k = i; k < s.length(); k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') throw new NumberFormatException(s);
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new NumberFormatException(s);
        return (int) v;
    }

    // ------------------------------------------------------------------ writing

    /** Writes the lines of a CompactLattice (no surrounding blank lines). */
    public static void write(OutputStream out, CompactLattice lat, FloatStyle style) throws IOException {
        StringBuilder sb = new StringBuilder(1 << 14);
        if (lat.start >= 0) {
            writeCompactState(sb, lat, lat.start, style);
            for (int s = 0; s < lat.numStates; s++) {
                if (s != lat.start) writeCompactState(sb, lat, s, style);
                if (sb.length() > (1 << 16)) flush(out, sb);
            }
        }
        flush(out, sb);
    }

    /** Writes the lines of a Lattice (no surrounding blank lines). */
    public static void write(OutputStream out, Lattice lat, FloatStyle style) throws IOException {
        StringBuilder sb = new StringBuilder(1 << 14);
        if (lat.start >= 0) {
            writeLatticeState(sb, lat, lat.start, style);
            for (int s = 0; s < lat.numStates; s++) {
                if (s != lat.start) writeLatticeState(sb, lat, s, style);
                if (sb.length() > (1 << 16)) flush(out, sb);
            }
        }
        flush(out, sb);
    }

    private static void flush(OutputStream out, StringBuilder sb) throws IOException {
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        sb.setLength(0);
    }

    private static void cost(StringBuilder sb, float f, FloatStyle style) {
        sb.append(style == FloatStyle.SHORTEST ? KaldiFloat.shortest(f) : KaldiFloat.weightG(f, 6));
    }

    private static void compactWeight(StringBuilder sb, float g, float a, int[] pool, int from, int to, FloatStyle style) {
        cost(sb, g, style);
        sb.append(',');
        cost(sb, a, style);
        sb.append(',');
        for (int i = from; i < to; i++) {
            if (i > from) sb.append('_');
            sb.append(pool[i]);
        }
    }

    private static void writeCompactState(StringBuilder sb, CompactLattice lat, int s, FloatStyle style) {
        int a0 = lat.arcStart[s], a1 = lat.arcStart[s + 1];
        for (int a = a0; a < a1; a++) {
            sb.append(s).append('\t').append(lat.next[a]).append('\t').append(lat.ilabel[a]);
            if (!lat.arcWeightIsOne(a)) {
                sb.append('\t');
                compactWeight(sb, lat.graph[a], lat.acoustic[a], lat.strPool, lat.arcStrStart[a], lat.arcStrStart[a + 1], style);
            }
            sb.append('\n');
        }
        boolean isFinal = lat.isFinal(s);
        if (isFinal || a1 == a0) {
            sb.append(s);
            boolean one = lat.finalGraph[s] == 0f && lat.finalAcoustic[s] == 0f && lat.finalStringLength(s) == 0;
            if (!one) {
                sb.append('\t');
                compactWeight(sb, lat.finalGraph[s], lat.finalAcoustic[s], lat.finalStrPool,
                        lat.finalStrStart[s], lat.finalStrStart[s + 1], style);
            }
            sb.append('\n');
        }
    }

    private static void writeLatticeState(StringBuilder sb, Lattice lat, int s, FloatStyle style) {
        int a0 = lat.arcStart[s], a1 = lat.arcStart[s + 1];
        for (int a = a0; a < a1; a++) {
            sb.append(s).append('\t').append(lat.next[a]).append('\t').append(lat.ilabel[a]).append('\t').append(lat.olabel[a]);
            if (!lat.arcWeightIsOne(a)) {
                sb.append('\t');
                cost(sb, lat.graph[a], style);
                sb.append(',');
                cost(sb, lat.acoustic[a], style);
            }
            sb.append('\n');
        }
        if (lat.isFinal(s) || a1 == a0) {
            sb.append(s);
            if (!(lat.finalGraph[s] == 0f && lat.finalAcoustic[s] == 0f)) {
                sb.append('\t');
                cost(sb, lat.finalGraph[s], style);
                sb.append(',');
                cost(sb, lat.finalAcoustic[s], style);
            }
            sb.append('\n');
        }
    }
}
