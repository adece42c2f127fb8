package moglm.kaldi.lattice;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import moglm.kaldi.table.KaldiFormatException;
import moglm.kaldi.table.KaldiInput;

/**
 * The OpenFst binary format of Kaldi lattices, read and written byte for byte.
 *
 * <pre>
 * int32  magic 2125659606 (bytes D6 FD B2 7E)
 * string fst type "vector"            (string = int32 length + bytes)
 * string arc type "compactlattice44" | "lattice4"   (read also: "compactlattice84", "lattice8": double weights)
 * int32  version (2)      int32 flags (0: no symbol tables, not aligned)
 * uint64 properties       int64 start (-1 = empty)   int64 numstates   int64 numarcs (Kaldi writes 0)
 * per state:  final weight, int64 narcs, narcs x (int32 ilabel, int32 olabel, weight, int32 nextstate)
 * weight:     lattice4: float32 graph, float32 acoustic
 *             compactlattice44: float32 graph, float32 acoustic, int32 n, n x int32 transition id
 * </pre>
 * Zero (non-final) is (+inf, +inf[, n = 0]). A reader sees the magic byte 0xD6 right after
 * {@code "key "}; there is no Kaldi {@code "\0B"} marker.
 *
 * <p>Reading never allocates from a declared count: states and arcs are appended as their bytes
 * arrive, so a corrupt count fails at end of data instead of exhausting memory. Errors say what
 * was expected. A bad state id or label is reported after the whole lattice has been consumed
 * (resumable: the archive can go on); a bad header or truncated data is not resumable.
 */
public final class LatticeBinary {
    private LatticeBinary() {}

    /** OpenFst's FST magic number. */
    public static final int FST_MAGIC = 2125659606;
    /** First byte of the magic number in little-endian order (what a reader peeks). */
    public static final int MAGIC_FIRST_BYTE = 0xD6;
    /** Arc type of Kaldi's CompactLattice (float weights, int32 transition ids). */
    public static final String COMPACT_LATTICE_ARC = "compactlattice44";
    /** Arc type of Kaldi's Lattice (float weights). */
    public static final String LATTICE_ARC = "lattice4";
    private static final String COMPACT_LATTICE_ARC_DOUBLE = "compactlattice84";
    private static final String LATTICE_ARC_DOUBLE = "lattice8";
    private static final int VERSION = 2;
    private static final int MAX_TYPE_STRING = 256;

    /** The parsed header. */
    record Header(String fstType, String arcType, int version, int flags, long properties, long start, long numStates, long numArcs) { }

    /**
     * Reads one binary lattice (either arc type) positioned at its magic number.
     *
     * @return a {@link CompactLattice} or a {@link Lattice}, according to the arc type
     */
    public static LatticeBase read(KaldiInput in) throws IOException {
        Header h;
        try {
            h = readHeader(in);
        } catch (EOFException e) {
            throw new KaldiFormatException("truncated FST header: " + e.getMessage(), false, e);
        }
        try {
            switch (h.arcType) {
                case COMPACT_LATTICE_ARC: return readCompactBody(in, h, false);
                case COMPACT_LATTICE_ARC_DOUBLE: return readCompactBody(in, h, true);
                case LATTICE_ARC: return readLatticeBody(in, h, false);
                case LATTICE_ARC_DOUBLE: return readLatticeBody(in, h, true);
                default:
                    throw new KaldiFormatException(in.where() + ": wrong arc type '" + h.arcType + "': expected "
                            + COMPACT_LATTICE_ARC + " or " + LATTICE_ARC + " (a Kaldi lattice)", false);
            }
        } catch (EOFException e) {
            throw new KaldiFormatException("truncated lattice: " + e.getMessage(), false, e);
        }
    }

    static Header readHeader(KaldiInput in) throws IOException {
        long at = in.position();
        int magic = in.readInt32("FST magic number");
        if (magic != FST_MAGIC) {
            throw new KaldiFormatException(in.name() + ", byte " + at + ": bad FST magic number 0x" + Integer.toHexString(magic)
                    + " (expected 0x" + Integer.toHexString(FST_MAGIC) + ", bytes D6 FD B2 7E)", false);
        }
        String fstType = readTypeString(in, "FST type");
        if (!fstType.equals("vector")) {
            throw new KaldiFormatException(in.where() + ": unsupported FST type '" + fstType + "' (expected 'vector')", false);
        }
        String arcType = readTypeString(in, "arc type");
        int version = in.readInt32("FST version");
        int flags = in.readInt32("FST flags");
        long properties = in.readInt64("FST properties");
        long start = in.readInt64("start state");
        long numStates = in.readInt64("number of states");
        long numArcs = in.readInt64("number of arcs");
        if (version < 1 || version > VERSION) {
            throw new KaldiFormatException(in.where() + ": unsupported vector-FST version " + version + " (expected 1 or 2)", false);
        }
        if ((flags & 1) != 0 || (flags & 2) != 0) {
            throw new KaldiFormatException(in.where() + ": the FST has symbol tables attached (flags " + flags
                    + "); Kaldi lattices never do and this reader does not support them", false);
        }
        if ((flags & 4) != 0) {
            throw new KaldiFormatException(in.where() + ": aligned FST files (flags " + flags + ") are not supported", false);
        }
        if (numStates < 0 || numStates > Integer.MAX_VALUE - 8) {
            throw new KaldiFormatException(in.where() + ": invalid number of states " + numStates + " in FST header", false);
        }
        return new Header(fstType, arcType, version, flags, properties, start, numStates, numArcs);
    }

    private static String readTypeString(KaldiInput in, String what) throws IOException {
        int len = in.readInt32(what + " length");
        if (len < 0 || len > MAX_TYPE_STRING) {
            throw new KaldiFormatException(in.where() + ": implausible " + what + " length " + len, false);
        }
        byte[] b = new byte[len];
        in.readFully(b, 0, len, what);
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) throw new KaldiFormatException(in.where() + ": " + what + " is not printable ASCII", false);
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Collects the first semantic error while the rest of the lattice is consumed. */
    private static final class Problems {
        String first;

        void add(String msg) {
            if (first == null) first = msg;
        }
    }

    private static CompactLattice readCompactBody(KaldiInput in, Header h, boolean dbl) throws IOException {
        int numStates = (int) h.numStates;
        Problems bad = new Problems();
        checkStart(h, in, bad);
        CompactLattice.Builder b = CompactLattice.builder();
        int[] tids = new int[64];
        for (int s = 0; s < numStates; s++) {
            b.addState();
            float fg = readCost(in, dbl, "final weight of state " + s);
            float fa = readCost(in, dbl, "final weight of state " + s);
            int n = readStringLength(in, s, -1);
            tids = readTids(in, tids, n);
            b.setFinal(s, fg, fa, tids, 0, n);
            long narcs = in.readInt64("arc count of state " + s);
            if (narcs < 0 || narcs > Integer.MAX_VALUE - 8L - b.numArcs()) {
                throw new KaldiFormatException(in.where() + ": invalid arc count " + narcs + " for state " + s, false);
            }
            for (long k = 0; k < narcs; k++) {
                int il = in.readInt32("arc ilabel");
                int ol = in.readInt32("arc olabel");
                float g = readCost(in, dbl, "arc weight");
                float a = readCost(in, dbl, "arc weight");
                int m = readStringLength(in, s, k);
                tids = readTids(in, tids, m);
                int next = in.readInt32("arc next state");
                checkArc(in, bad, s, k, il, ol, next, numStates);
                b.addArc(s, il, ol, g, a, tids, 0, m, inRange(next, numStates));
            }
        }
        if (bad.first != null) throw new KaldiFormatException(bad.first, true);
        b.setStart((int) h.start);
        b.setProperties(h.properties);
        return b.build();
    }

    private static Lattice readLatticeBody(KaldiInput in, Header h, boolean dbl) throws IOException {
        int numStates = (int) h.numStates;
        Problems bad = new Problems();
        checkStart(h, in, bad);
        Lattice.Builder b = Lattice.builder();
        for (int s = 0; s < numStates; s++) {
            b.addState();
            float fg = readCost(in, dbl, "final weight of state " + s);
            float fa = readCost(in, dbl, "final weight of state " + s);
            b.setFinal(s, fg, fa);
            long narcs = in.readInt64("arc count of state " + s);
            if (narcs < 0 || narcs > Integer.MAX_VALUE - 8L - b.numArcs()) {
                throw new KaldiFormatException(in.where() + ": invalid arc count " + narcs + " for state " + s, false);
            }
            for (long k = 0; k < narcs; k++) {
                int il = in.readInt32("arc ilabel");
                int ol = in.readInt32("arc olabel");
                float g = readCost(in, dbl, "arc weight");
                float a = readCost(in, dbl, "arc weight");
                int next = in.readInt32("arc next state");
                checkArc(in, bad, s, k, il, ol, next, numStates);
                b.addArc(s, il, ol, g, a, inRange(next, numStates));
            }
        }
        if (bad.first != null) throw new KaldiFormatException(bad.first, true);
        b.setStart((int) h.start);
        b.setProperties(h.properties);
        return b.build();
    }

    private static void checkStart(Header h, KaldiInput in, Problems bad) {
        if (h.start < -1 || h.start >= h.numStates) {
            bad.add(in.where() + ": start state " + h.start + " out of range (lattice has " + h.numStates + " states)");
        }
    }

    private static void checkArc(KaldiInput in, Problems bad, int s, long k, int il, int ol, int next, int numStates) {
        if (next < 0 || next >= numStates) {
            bad.add(in.where() + ": arc " + k + " of state " + s + " goes to state " + next + ", outside [0, " + numStates + ")");
        }
        if (il < 0 || ol < 0) {
            bad.add(in.where() + ": arc " + k + " of state " + s + " has a negative label (" + il + ", " + ol + ")");
        }
    }

    private static int inRange(int next, int numStates) {
        return (next < 0 || next >= numStates) ? 0 : next; // placeholder; the lattice is rejected anyway
    }

    private static float readCost(KaldiInput in, boolean dbl, String what) throws IOException {
        return dbl ? (float) in.readFloat64(what) : in.readFloat32(what);
    }

    private static int readStringLength(KaldiInput in, int s, long arc) throws IOException {
        int n = in.readInt32("transition-id string length");
        if (n < 0) {
            String where = arc < 0 ? "final weight of state " + s : "arc " + arc + " of state " + s;
            throw new KaldiFormatException(in.where() + ": negative transition-id string length " + n + " in " + where, false);
        }
        return n;
    }

    private static int[] readTids(KaldiInput in, int[] buf, int n) throws IOException {
        if (n == 0) return buf;
        int have = 0;
        while (have < n) {
            if (have == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            buf[have++] = in.readInt32("transition id");
        }
        return buf;
    }

    /** Writes a CompactLattice (arc type compactlattice44), keeping its stored property bits. */
    public static void write(OutputStream out, CompactLattice lat) throws IOException {
        LittleEndianWriter w = new LittleEndianWriter(out);
        writeHeader(w, out, COMPACT_LATTICE_ARC, lat);
        int[] pool = lat.strPool, fpool = lat.finalStrPool;
        for (int s = 0; s < lat.numStates; s++) {
            w.float32(lat.finalGraph[s]);
            w.float32(lat.finalAcoustic[s]);
            int f0 = lat.finalStrStart[s], f1 = lat.finalStrStart[s + 1];
            w.int32(f1 - f0);
            for (int i = f0; i < f1; i++) w.int32(fpool[i]);
            int a0 = lat.arcStart[s], a1 = lat.arcStart[s + 1];
            w.int64(a1 - a0);
            for (int a = a0; a < a1; a++) {
                w.int32(lat.ilabel[a]);
                w.int32(lat.olabel[a]);
                w.float32(lat.graph[a]);
                w.float32(lat.acoustic[a]);
                int t0 = lat.arcStrStart[a], t1 = lat.arcStrStart[a + 1];
                w.int32(t1 - t0);
                for (int i = t0; i < t1; i++) w.int32(pool[i]);
                w.int32(lat.next[a]);
            }
        }
        w.flush();
    }

    /** Writes a Lattice (arc type lattice4), keeping its stored property bits. */
    public static void write(OutputStream out, Lattice lat) throws IOException {
        LittleEndianWriter w = new LittleEndianWriter(out);
        writeHeader(w, out, LATTICE_ARC, lat);
        for (int s = 0; s < lat.numStates; s++) {
            w.float32(lat.finalGraph[s]);
            w.float32(lat.finalAcoustic[s]);
            int a0 = lat.arcStart[s], a1 = lat.arcStart[s + 1];
            w.int64(a1 - a0);
            for (int a = a0; a < a1; a++) {
                w.int32(lat.ilabel[a]);
                w.int32(lat.olabel[a]);
                w.float32(lat.graph[a]);
                w.float32(lat.acoustic[a]);
                w.int32(lat.next[a]);
            }
        }
        w.flush();
    }

    private static void writeHeader(LittleEndianWriter w, OutputStream out, String arcType, LatticeBase lat) throws IOException {
        w.int32(FST_MAGIC);
        w.string("vector");
        w.string(arcType);
        w.int32(VERSION);
        w.int32(0);
        w.int64(lat.properties);
        w.int64(lat.start);
        w.int64(lat.numStates);
        w.int64(0);
    }
}
