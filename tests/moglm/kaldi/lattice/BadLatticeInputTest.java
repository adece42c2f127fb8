package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import moglm.kaldi.table.SequentialTableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed lattices give clear errors naming the key and what was expected; resumable errors
 * skip one entry and reading goes on; no input makes the reader allocate from a declared count.
 */
class BadLatticeInputTest {
    @TempDir Path tmp;

    /** Result of reading an archive: keys read, warnings, failure count, whether reading stopped. */
    record Outcome(List<String> keys, List<String> warnings, int failed, boolean stopped) { }

    Outcome read(byte[] archive) throws IOException {
        Path p = tmp.resolve("in.ark");
        Files.write(p, archive);
        List<String> keys = new ArrayList<>(), warn = new ArrayList<>();
        // a corrupt input must never hang or exhaust memory
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>("ark:" + p, CompactLatticeHolder.INSTANCE, warn::add)) {
                while (r.next()) keys.add(r.key());
                return new Outcome(keys, warn, r.failed(), r.stoppedOnError());
            }
        });
    }

    /** OpenFst binary lattice builder for crafting inputs. */
    static final class Fst {
        final ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Fst header(int magic, String arcType, long start, long numStates) {
            b.putInt(magic);
            str("vector");
            str(arcType);
            b.putInt(2).putInt(0).putLong(0x10a810003L).putLong(start).putLong(numStates).putLong(0);
            return this;
        }

        Fst str(String s) {
            b.putInt(s.length()).put(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Fst fin(float g, float a, int... tids) {
            b.putFloat(g).putFloat(a).putInt(tids.length);
            for (int t : tids) b.putInt(t);
            return this;
        }

        Fst arcs(long n) {
            b.putLong(n);
            return this;
        }

        Fst arc(int label, float g, float a, int next, int... tids) {
            b.putInt(label).putInt(label).putFloat(g).putFloat(a).putInt(tids.length);
            for (int t : tids) b.putInt(t);
            b.putInt(next);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.flip();
            b.get(out);
            return out;
        }

        /** A valid 2-state lattice: 0 --word 5--> 1 (final). */
        static byte[] good() {
            return new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 2)
                    .fin(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY).arcs(1).arc(5, 1.5f, 10f, 1, 7, 8)
                    .fin(0f, 0f).arcs(0).bytes();
        }
    }

    static byte[] archive(Object... keyAndBody) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (int i = 0; i < keyAndBody.length; i += 2) {
            bos.writeBytes(((String) keyAndBody[i] + " ").getBytes(StandardCharsets.UTF_8));
            Object body = keyAndBody[i + 1];
            bos.writeBytes(body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) body);
        }
        return bos.toByteArray();
    }

    @Test void goodCraftedLatticeReads() throws IOException {
        Outcome o = read(archive("a", Fst.good(), "b", Fst.good()));
        assertEquals(List.of("a", "b"), o.keys());
        assertEquals(0, o.failed());
    }

    @Test void truncatedGzipIsReported() throws IOException {
        byte[] gz = Files.readAllBytes(Paths.get("lattices/ljspeech-dev20/lat.1.gz"));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
        Outcome o = read(cut);
        assertTrue(o.stopped());
        assertEquals(1, o.failed());
        assertTrue(o.keys().size() >= 5 && o.keys().size() < 20, "read " + o.keys());
        assertTrue(o.warnings().get(0).contains("gzip data is truncated or corrupt"), o.warnings().get(0));
    }

    @Test void badMagic() throws IOException {
        byte[] bad = Fst.good();
        bad[1] = 0x00;
        Outcome o = read(archive("a", Fst.good(), "b", bad, "c", Fst.good()));
        assertEquals(List.of("a"), o.keys());
        assertTrue(o.stopped());
        String w = o.warnings().get(0);
        assertTrue(w.startsWith("bad CompactLattice for key 'b'") && w.contains("bad FST magic number 0x7eb200d6"), w);
    }

    @Test void wrongArcType() throws IOException {
        byte[] std = new Fst().header(LatticeBinary.FST_MAGIC, "standard", 0, 1).bytes();
        Outcome o = read(archive("a", std));
        assertTrue(o.warnings().get(0).contains("wrong arc type 'standard': expected compactlattice44 or lattice4"), o.warnings().get(0));
        assertTrue(o.stopped());
        byte[] vec = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 1).bytes();
        ByteBuffer.wrap(vec).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x74736f63); // "cost" instead of "vect"
        o = read(archive("a", vec));
        assertTrue(o.warnings().get(0).contains("unsupported FST type"), o.warnings().get(0));
    }

    @Test void badStateIdsSkipOneEntry() throws IOException {
        byte[] negative = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 2)
                .fin(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY).arcs(1).arc(5, 1f, 1f, -1)
                .fin(0f, 0f).arcs(0).bytes();
        byte[] outOfRange = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 2)
                .fin(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY).arcs(1).arc(5, 1f, 1f, 7)
                .fin(0f, 0f).arcs(0).bytes();
        byte[] badStart = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 5, 2)
                .fin(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY).arcs(0).fin(0f, 0f).arcs(0).bytes();
        Outcome o = read(archive("n", negative, "ok1", Fst.good(), "r", outOfRange, "s", badStart, "ok2", Fst.good()));
        assertEquals(List.of("ok1", "ok2"), o.keys());
        assertEquals(3, o.failed());
        assertFalse(o.stopped());
        assertTrue(o.warnings().get(0).contains("arc 0 of state 0 goes to state -1, outside [0, 2)"), o.warnings().get(0));
        assertTrue(o.warnings().get(1).contains("goes to state 7, outside [0, 2)"), o.warnings().get(1));
        assertTrue(o.warnings().get(2).contains("start state 5 out of range"), o.warnings().get(2));
    }

    @Test void hugeDeclaredSizesFailWithoutAllocating() throws IOException {
        byte[] manyStates = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 1L << 40).bytes();
        Outcome o = read(archive("a", manyStates));
        assertTrue(o.warnings().get(0).contains("invalid number of states 1099511627776"), o.warnings().get(0));
        byte[] plausibleButTruncated = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 2_000_000_000L)
                .fin(0f, 0f).arcs(0).bytes();
        o = read(archive("a", plausibleButTruncated));
        assertTrue(o.warnings().get(0).contains("truncated lattice") && o.warnings().get(0).contains("unexpected end of data"), o.warnings().get(0));
        byte[] manyArcs = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 1).fin(0f, 0f).arcs(1L << 62).bytes();
        o = read(archive("a", manyArcs));
        assertTrue(o.warnings().get(0).contains("invalid arc count 4611686018427387904 for state 0"), o.warnings().get(0));
        byte[] manyArcsTruncated = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 1).fin(0f, 0f).arcs(2_000_000_000L).bytes();
        o = read(archive("a", manyArcsTruncated));
        assertTrue(o.warnings().get(0).contains("unexpected end of data"), o.warnings().get(0));
        Fst longString = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 1);
        longString.b.putFloat(0f).putFloat(0f).putInt(Integer.MAX_VALUE).putInt(1).putInt(2);
        o = read(archive("a", longString.bytes()));
        assertTrue(o.warnings().get(0).contains("unexpected end of data"), o.warnings().get(0));
        Fst negString = new Fst().header(LatticeBinary.FST_MAGIC, "compactlattice44", 0, 1);
        negString.b.putFloat(0f).putFloat(0f).putInt(-5);
        o = read(archive("a", negString.bytes()));
        assertTrue(o.warnings().get(0).contains("negative transition-id string length -5"), o.warnings().get(0));
        Fst longType = new Fst();
        longType.b.putInt(LatticeBinary.FST_MAGIC).putInt(1 << 30);
        o = read(archive("a", longType.bytes()));
        assertTrue(o.warnings().get(0).contains("implausible FST type length 1073741824"), o.warnings().get(0));
    }

    @Test void badTextLatticesAreSkippedToTheirBlankLine() throws IOException {
        String good = "\n0\t1\t5\t1.5,10,7_8\n1\n\n";
        Outcome o = read(archive(
                "neg", "\n0\t-1\t5\t1,2,\n1\n\n",
                "ok1", good,
                "huge", "\n0\t2000000000\t5\t1,2,\n1\n\n",
                "weight", "\n0\t1\t5\t1,x,\n1\n\n",
                "mixed", "\n0\t1\t5\t1,2,\n0\t1\t3\t4\t1,2\n1\n\n",
                "zero", "\n0\t1\t5\tInfinity,Infinity,\n1\n\n",
                "fields", "\n0\t1\t2\t3\t4\t5\n\n",
                "ok2", good));
        assertEquals(List.of("ok1", "ok2"), o.keys());
        assertEquals(6, o.failed());
        assertFalse(o.stopped());
        List<String> w = o.warnings();
        assertTrue(w.get(0).contains("line 1 of this lattice: negative state id -1"), w.get(0));
        assertTrue(w.get(1).contains("state id 2000000000 is implausibly large"), w.get(1));
        assertTrue(w.get(2).contains("bad cost 'x'") && w.get(2).contains("'0\t1\t5\t1,x,'"), w.get(2));
        assertTrue(w.get(3).contains("line has Lattice form but earlier lines were CompactLattice"), w.get(3));
        assertTrue(w.get(4).contains("arc weight is Zero"), w.get(4));
        assertTrue(w.get(5).contains("too many fields (6)"), w.get(5));
    }

    @Test void nonUtf8KeyAndNonLatticeBytes() throws IOException {
        byte[] badKey = new byte[] {(byte) 0xc3, (byte) 0x28, ' '};
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.writeBytes(archive("ok", Fst.good()));
        bos.writeBytes(badKey);
        bos.writeBytes(Fst.good());
        Outcome o = read(bos.toByteArray());
        assertEquals(List.of("ok"), o.keys());
        assertTrue(o.stopped());
        assertTrue(o.warnings().get(0).contains("key is not valid UTF-8"), o.warnings().get(0));
        o = read(archive("x", "hello"));
        assertTrue(o.warnings().get(0).contains("not a lattice: expected a newline (text) or the FST magic byte 0xD6 (binary), got 'h'"), o.warnings().get(0));
        o = read("lonelykey".getBytes(StandardCharsets.US_ASCII));
        assertTrue(o.warnings().get(0).contains("expected a space after key 'lonelykey' (byte 0), got end of data"), o.warnings().get(0));
        o = read("key ".getBytes(StandardCharsets.US_ASCII));
        assertTrue(o.warnings().get(0).contains("ends right after key 'key'"), o.warnings().get(0));
    }

    @Test void symbolTablesInHeaderAreRefused() throws IOException {
        byte[] withSyms = Fst.good();
        ByteBuffer.wrap(withSyms).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 10 + 20 + 4, 1);
        Outcome o = read(archive("a", withSyms));
        assertTrue(o.warnings().get(0).contains("symbol tables attached"), o.warnings().get(0));
    }
}
