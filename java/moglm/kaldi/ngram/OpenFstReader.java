package moglm.kaldi.ngram;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an OpenFst binary FST with standard arcs (tropical float weights, int32 labels and state
 * ids) as a {@link GrammarFst}: Kaldi's {@code G.fst}, as written by {@code arpa2fst}.
 *
 * <h2>Format (little-endian)</h2>
 * <pre>
 * header:  int32 magic 2125659606 (bytes D6 FD B2 7E)
 *          string fst type ("vector" or "const"), string arc type ("standard")
 *                                         (string = int32 length + bytes)
 *          int32 version, int32 flags (1: input symbols follow, 2: output symbols follow,
 *                                          4: aligned), uint64 properties,
 *          int64 start, int64 number of states, int64 number of arcs
 *          [symbol tables: int32 magic 2125658996, string name, int64 available key,
 *           int64 n, n x (string symbol, int64 key)]
 * vector:  per state: float final weight (+inf = not final), int64 number of arcs,
 *          then per arc: int32 ilabel, int32 olabel, float weight, int32 next state
 * const:   [padding to a multiple of 16 bytes when aligned, i.e. version 1 or flag 4]
 *          per state: float final, uint32 first arc, uint32 arcs, uint32 input epsilons,
 *          uint32 output epsilons; [padding]; then all arcs as above
 * </pre>
 * Everything is validated (magic, types, versions, counts against the file size, label and
 * state ranges, NaN weights, back-off cycles) before use: a bad file raises an
 * {@link LmFileException} naming the file, the byte offset and the problem.
 */
public final class OpenFstReader {
    /** OpenFst's FST header magic number. */
    public static final int FST_MAGIC = 2125659606;
    static final int SYMBOL_TABLE_MAGIC = 2125658996;
    private static final int FLAG_ISYMBOLS = 1, FLAG_OSYMBOLS = 2, FLAG_ALIGNED = 4;
    private static final int MAX_NAME = 1024;

    private OpenFstReader() {}

    /** Reads a G.fst file. */
    public static GrammarFst read(Path path) throws IOException {
        return read(BinaryInput.open(path));
    }

    /** Reads from bytes ({@code source} names them in errors). */
    public static GrammarFst read(byte[] bytes, String source) throws IOException {
        return read(BinaryInput.of(bytes, source));
    }

    private static String string(BinaryInput in, String what) throws IOException {
        long at = in.position();
        int n = in.i32(what + " length");
        if (n < 0 || n > MAX_NAME) throw in.errorAt(at, what + ": implausible string length " + n + " (not an OpenFst file?)");
        return in.ascii(n, what);
    }

    static GrammarFst read(BinaryInput in) throws IOException {
        int magic = in.i32("FST magic number");
        if (magic != FST_MAGIC)
            throw in.errorAt(0, String.format("not an OpenFst binary FST: magic number 0x%08x, expected 0x%08x", magic, FST_MAGIC));
        String fstType = string(in, "FST type");
        String arcType = string(in, "arc type");
        if (!arcType.equals("standard"))
            throw in.error("arc type '" + arcType + "' is not supported (expected 'standard': tropical float weights, as G.fst has)");
        int version = in.i32("version");
        int flags = in.i32("flags");
        in.i64("properties");
        long start = in.i64("start state");
        long numStates = in.i64("number of states");
        long numArcs = in.i64("number of arcs");
        if ((flags & FLAG_ISYMBOLS) != 0) skipSymbolTable(in, "input symbol table");
        if ((flags & FLAG_OSYMBOLS) != 0) skipSymbolTable(in, "output symbol table");
        Raw raw;
        switch (fstType) {
            case "vector" -> {
                if (version != 2) throw in.error("vector FST version " + version + " is not supported (expected 2)");
                raw = readVector(in, numStates);
            }
            case "const" -> {
                if (version != 1 && version != 2) throw in.error("const FST version " + version + " is not supported (expected 1 or 2)");
                raw = readConst(in, numStates, numArcs, version == 1 || (flags & FLAG_ALIGNED) != 0);
            }
            default -> throw in.error("FST type '" + fstType + "' is not supported (expected 'vector' or 'const')");
        }
        if (numStates == 0 || start == -1) throw in.error("the FST is empty (no start state)");
        if (start < 0 || start >= raw.numStates) throw in.error("start state " + start + " is not one of the " + raw.numStates + " states");
        return prepare(in, raw, (int) start);
    }

    private static void skipSymbolTable(BinaryInput in, String what) throws IOException {
        long at = in.position();
        int magic = in.i32(what);
        if (magic != SYMBOL_TABLE_MAGIC) throw in.errorAt(at, what + ": bad magic number 0x" + Integer.toHexString(magic));
        string(in, what + " name");
        in.i64(what + " available key");
        long n = in.i64(what + " size");
        in.checkCount(n, 12, what);    // each entry: at least a 4-byte length and an 8-byte key
        for (long i = 0; i < n; i++) {
            int len = in.i32(what + " symbol length");
            if (len < 0) throw in.error(what + ": negative symbol length " + len);
            in.skip(len, what + " symbol");
            in.i64(what + " key");
        }
    }

    /** Arrays as stored: per state final and arc range; arcs with both labels. */
    private record Raw(int numStates, float[] fin, int[] arcStart, int[] ilabel, int[] olabel, float[] weight, int[] next) {}

    private static Raw readVector(BinaryInput in, long declaredStates) throws IOException {
        // a stream-written vector FST may declare -1 states: then states run to the end of the file
        if (declaredStates < -1) throw in.error("negative number of states " + declaredStates);
        if (declaredStates >= 0) in.checkCount(declaredStates, 12, "states");
        int cap = declaredStates >= 0 ? (int) declaredStates : 1024;
        float[] fin = new float[cap];
        int[] arcStart = new int[cap + 1];
        int arcCap = (int) Math.min(Math.max(16, in.remaining() / 16), Integer.MAX_VALUE - 8);
        arcCap = Math.min(arcCap, 1 << 20);
        int[] il = new int[arcCap], ol = new int[arcCap], nx = new int[arcCap];
        float[] w = new float[arcCap];
        int n = 0, a = 0;
        while (declaredStates >= 0 ? n < declaredStates : in.remaining() > 0) {
            if (n == fin.length) {
                fin = java.util.Arrays.copyOf(fin, 2 * n);
                arcStart = java.util.Arrays.copyOf(arcStart, 2 * n + 1);
            }
            fin[n] = in.f32("final weight of state " + n);
            long na = in.i64("number of arcs of state " + n);
            in.checkCount(na, 16, "arcs of state " + n);
            if (a + na > Integer.MAX_VALUE - 8) throw in.error("more than 2^31 arcs are not supported");
            arcStart[n] = a;
            int need = (int) (a + na);
            if (need > il.length) {
                int c = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(need, 2L * il.length));
                il = java.util.Arrays.copyOf(il, c);
                ol = java.util.Arrays.copyOf(ol, c);
                nx = java.util.Arrays.copyOf(nx, c);
                w = java.util.Arrays.copyOf(w, c);
            }
            for (int k = 0; k < na; k++, a++) {
                il[a] = in.i32("arc input label");
                ol[a] = in.i32("arc output label");
                w[a] = in.f32("arc weight");
                nx[a] = in.i32("arc next state");
            }
            n++;
        }
        arcStart[n] = a;
        return new Raw(n, java.util.Arrays.copyOf(fin, n), java.util.Arrays.copyOf(arcStart, n + 1),
                java.util.Arrays.copyOf(il, a), java.util.Arrays.copyOf(ol, a), java.util.Arrays.copyOf(w, a),
                java.util.Arrays.copyOf(nx, a));
    }

    private static Raw readConst(BinaryInput in, long numStates, long numArcs, boolean aligned) throws IOException {
        if (numStates < 0 || numArcs < 0) throw in.error("const FST with negative counts (" + numStates + " states, " + numArcs + " arcs)");
        if (aligned) in.align(16, "states");
        in.checkCount(numStates, 20, "const FST states");
        int n = (int) numStates;
        float[] fin = new float[n];
        long[] pos = new long[n];
        long[] cnt = new long[n];
        for (int s = 0; s < n; s++) {
            fin[s] = in.f32("final weight of state " + s);
            pos[s] = in.i32("first arc of state " + s) & 0xffffffffL;
            cnt[s] = in.i32("number of arcs of state " + s) & 0xffffffffL;
            in.i32("input epsilons");
            in.i32("output epsilons");
        }
        if (aligned) in.align(16, "arcs");
        in.checkCount(numArcs, 16, "const FST arcs");
        int na = (int) numArcs;
        int[] arcStart = new int[n + 1];
        long expect = 0;
        for (int s = 0; s < n; s++) {
            if (pos[s] != expect) throw in.error("state " + s + " starts at arc " + pos[s] + ", expected " + expect + " (arcs must be stored in state order)");
            arcStart[s] = (int) expect;
            expect += cnt[s];
            if (expect > na) throw in.error("states have more arcs than the " + na + " declared");
        }
        if (expect != na) throw in.error("states have " + expect + " arcs but the header declares " + na);
        arcStart[n] = na;
        int[] il = new int[na], ol = new int[na], nx = new int[na];
        float[] w = new float[na];
        for (int a = 0; a < na; a++) {
            il[a] = in.i32("arc input label");
            ol[a] = in.i32("arc output label");
            w[a] = in.f32("arc weight");
            nx[a] = in.i32("arc next state");
        }
        return new Raw(n, fin, arcStart, il, ol, w, nx);
    }

    /** Validates, projects on the output side when needed, sorts arcs by label, checks back-off chains. */
    private static GrammarFst prepare(BinaryInput in, Raw r, int start) throws IOException {
        int n = r.numStates;
        boolean acceptor = true;
        for (int a = 0; a < r.ilabel.length; a++) {
            if (r.ilabel[a] < 0 || r.olabel[a] < 0) throw in.error("arc " + a + " has a negative label");
            if (r.next[a] < 0 || r.next[a] >= n) throw in.error("arc " + a + " goes to state " + r.next[a] + ", not one of the " + n + " states");
            if (Float.isNaN(r.weight[a])) throw in.error("arc " + a + " has a NaN weight");
            if (r.ilabel[a] != r.olabel[a]) acceptor = false;
        }
        for (int s = 0; s < n; s++) if (Float.isNaN(r.fin[s])) throw in.error("state " + s + " has a NaN final weight");
        int[] label = acceptor ? r.ilabel : r.olabel;
        int m = label.length;
        int[] outLabel = new int[m], outNext = new int[m];
        float[] outWeight = new float[m];
        Integer[] order = null;
        for (int s = 0; s < n; s++) {
            int b = r.arcStart[s], e = r.arcStart[s + 1];
            boolean sorted = true;
            for (int a = b + 1; a < e; a++) if (label[a] < label[a - 1]) { sorted = false; break; }
            if (sorted) {
                for (int a = b; a < e; a++) { outLabel[a] = label[a]; outWeight[a] = r.weight[a]; outNext[a] = r.next[a]; }
            } else {
                if (order == null || order.length < e - b) order = new Integer[Math.max(e - b, 16)];
                for (int k = 0; k < e - b; k++) order[k] = b + k;
                java.util.Arrays.sort(order, 0, e - b, (x, y) -> Integer.compare(label[x], label[y]));   // stable
                for (int k = 0; k < e - b; k++) {
                    int src = order[k];
                    outLabel[b + k] = label[src]; outWeight[b + k] = r.weight[src]; outNext[b + k] = r.next[src];
                }
            }
        }
        checkBackoffChains(in, n, r.arcStart, outLabel, outNext);
        return new GrammarFst(start, r.fin, r.arcStart, outLabel, outWeight, outNext, !acceptor);
    }

    /** Back-off (first, epsilon) arcs must not form a cycle, or a lookup would never end. */
    private static void checkBackoffChains(BinaryInput in, int n, int[] arcStart, int[] label, int[] next) throws IOException {
        byte[] status = new byte[n];     // 0 unknown, 1 on the current chain, 2 known to end
        int[] chain = new int[16];
        for (int s0 = 0; s0 < n; s0++) {
            int len = 0, s = s0;
            while (status[s] == 0) {
                status[s] = 1;
                if (len == chain.length) chain = java.util.Arrays.copyOf(chain, 2 * len);
                chain[len++] = s;
                int a = arcStart[s];
                if (a == arcStart[s + 1] || label[a] != 0) break;
                s = next[a];
                if (status[s] == 1) throw in.error("the back-off (epsilon) arcs of state " + s0 + " form a cycle through state " + s);
            }
            for (int i = 0; i < len; i++) status[chain[i]] = 2;
        }
    }
}
