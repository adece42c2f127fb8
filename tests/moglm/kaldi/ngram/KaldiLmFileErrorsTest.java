package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import moglm.rescore.lmfst.ConstArpaOnDemandLm;
import moglm.rescore.lmfst.FstOnDemandLm;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;
import org.junit.jupiter.api.Test;

/**
 * Bad G.fst / G.carpa files get an {@link LmFileException} naming the file, the byte offset and
 * the problem: truncation at every length, wrong magic, lying counts (never a huge allocation),
 * corrupt offsets and cycles; and random corruption of valid files either reads (and then every
 * lookup stays in bounds) or fails with that exception, never with anything else.
 */
class KaldiLmFileErrorsTest {
    interface Reader { Object read(byte[] b, String name) throws Exception; }

    static final Reader FST = OpenFstReader::read;
    static final Reader CARPA = ConstArpaLmReader::read;

    static LmFileException expectError(Reader r, byte[] bytes, String name) {
        try {
            r.read(bytes, name);
        } catch (LmFileException e) {
            assertTrue(e.getMessage().startsWith(name + ": byte "), e.getMessage());
            return e;
        } catch (Throwable t) {
            throw new AssertionError(name + ": expected LmFileException, got " + t, t);
        }
        return fail(name + ": no error");
    }

    static byte[] patch32(byte[] b, int at, int v) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return c;
    }

    static byte[] patch64(byte[] b, int at, long v) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
        return c;
    }

    @Test void everyTruncationIsReported() {
        byte[][] fsts = {TinyKaldiLms.vectorFst(), TinyKaldiLms.constFst(false), TinyKaldiLms.constFst(true)};
        for (byte[] f : fsts)
            for (int n = 0; n < f.length; n++) expectError(FST, java.util.Arrays.copyOf(f, n), "cut" + n + ".fst");
        byte[][] carpas = {TinyKaldiLms.constArpa(), TinyKaldiLms.constArpaOld()};
        for (byte[] c : carpas)
            for (int n = 0; n < c.length; n++) expectError(CARPA, java.util.Arrays.copyOf(c, n), "cut" + n + ".carpa");
    }

    @Test void wrongMagicAndTypes() {
        byte[] f = TinyKaldiLms.vectorFst();
        assertTrue(expectError(FST, patch32(f, 0, 12345), "G.fst").getMessage().contains("not an OpenFst binary FST"));
        byte[] c = TinyKaldiLms.constArpa();
        byte[] text = "\\data\\\nngram 1=2\n".getBytes();
        assertTrue(expectError(CARPA, text, "G.carpa").getMessage().contains("not a Kaldi binary object"));
        byte[] badToken = c.clone();
        badToken[3] = 'X';   // <XonstArpaLm>
        assertTrue(expectError(CARPA, badToken, "G.carpa").getMessage().contains("expected token <ConstArpaLm>"));
        byte[] logArc = f.clone();
        logArc[18] = 'x';    // "standard" -> "xtandard"
        assertTrue(expectError(FST, logArc, "G.fst").getMessage().contains("arc type"));
        assertTrue(expectError(FST, patch32(f, 26, 7), "G.fst").getMessage().contains("version 7"));
    }

    @Test void lyingCountsNeverAllocate() {
        byte[] f = TinyKaldiLms.vectorFst();
        // header: magic 4, "vector" 4+6, "standard" 4+8, version 4, flags 4, properties 8, start 8, states 8 at 50, arcs 8 at 58
        assertEquals(4, ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong(50));
        assertTrue(expectError(FST, patch64(f, 50, 1L << 40), "G.fst").getMessage().contains("lying size or truncated"));
        assertTrue(expectError(FST, patch64(f, 70, 1L << 40), "G.fst").getMessage().contains("arcs of state 0"));
        byte[] k = TinyKaldiLms.constFst(false);
        assertTrue(expectError(FST, patch64(k, 58, 1L << 35), "G.fst").getMessage().contains("const FST arcs"));
        byte[] c = TinyKaldiLms.constArpa();
        int states = indexOf(c, "<LmStates> ") + 11;            // size byte 8, then int64
        assertTrue(expectError(CARPA, patch64(c, states + 1, 1L << 40), "G.carpa").getMessage().contains("<LmStates>"));
        int words = indexOf(c, "<LmUnigram> ") + 12;
        assertTrue(expectError(CARPA, patch32(c, words + 1, Integer.MAX_VALUE), "G.carpa").getMessage().contains("<LmUnigram>"));
        int over = indexOf(c, "<LmOverflow> ") + 13;
        assertTrue(expectError(CARPA, patch32(c, over + 1, -5), "G.carpa").getMessage().contains("negative count"));
    }

    @Test void corruptOffsetsAndCycles() {
        byte[] c = TinyKaldiLms.constArpa();
        int data = indexOf(c, "<LmStates> ") + 11 + 9;          // first LM state int
        // block of "a" (ints 3..9): the info of its child b (int 9) made a pointer far outside
        assertTrue(expectError(CARPA, patch32(c, data + 4 * 9, 2 * 1000 + 1), "G.carpa").getMessage().contains("outside the LM states"));
        // "a" claims 100 children
        assertTrue(expectError(CARPA, patch32(c, data + 4 * 5, 100), "G.carpa").getMessage().contains("claims 100 children"));
        // children out of order: a's children (a, b) -> (b, b)
        assertTrue(expectError(CARPA, patch32(c, data + 4 * 6, TinyKaldiLms.B), "G.carpa").getMessage().contains("not increasing"));
        // unigram address beyond the states
        int uni = indexOf(c, "<LmUnigram> ") + 12 + 5;
        assertTrue(expectError(CARPA, patch64(c, uni + 8, 999), "G.carpa").getMessage().contains("outside the 23 LM state ints"));
        // G.fst: an arc to a state that does not exist; a back-off cycle (state 0 gets an epsilon arc to state 1)
        byte[] f = TinyKaldiLms.vectorFst();
        int firstArc = 66 + 4 + 8;                              // state 0: final 4, count 8, then arcs of 16 bytes
        assertTrue(expectError(FST, patch32(f, firstArc + 12, 99), "G.fst").getMessage().contains("not one of the 4 states"));
        byte[] cyc = patch32(patch32(f, firstArc, 0), firstArc + 4, 0);
        cyc = patch32(cyc, firstArc + 12, 1);
        assertTrue(expectError(FST, cyc, "G.fst").getMessage().contains("cycle"));
    }

    static int indexOf(byte[] b, String s) {
        byte[] t = s.getBytes();
        outer:
        for (int i = 0; i + t.length <= b.length; i++) {
            for (int j = 0; j < t.length; j++) if (b[i + j] != t[j]) continue outer;
            return i;
        }
        throw new AssertionError("no " + s);
    }

    /** Walks up to 3 words deep from the start over words 1..9 (and final costs); bad ids may only raise IllegalArgumentException. */
    static void exercise(OnDemandLm lm) {
        ArrayDeque<int[]> q = new ArrayDeque<>();
        Set<Integer> seen = new HashSet<>();
        q.add(new int[] {lm.start(), 0});
        LmArc arc = new LmArc();
        while (!q.isEmpty()) {
            int[] s = q.poll();
            lm.finalCost(s[0]);
            if (s[1] == 3) continue;
            for (int w = 1; w <= 9; w++) {
                try {
                    if (lm.arc(s[0], w, arc) && seen.add(arc.next * 4 + s[1])) q.add(new int[] {arc.next, s[1] + 1});
                } catch (IllegalArgumentException ok) {
                    // e.g. a word id the model cannot score
                }
            }
        }
    }

    @Test void randomCorruptionReadsOrFailsCleanly() {
        Random rnd = new Random(18);
        byte[][] seeds = {TinyKaldiLms.vectorFst(), TinyKaldiLms.constFst(false), TinyKaldiLms.constFst(true),
                TinyKaldiLms.constArpa(), TinyKaldiLms.constArpaOld()};
        int ok = 0, rejected = 0;
        for (int t = 0; t < 20000; t++) {
            byte[] s = seeds[t % seeds.length];
            byte[] m = s.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int at = rnd.nextInt(m.length);
                m[at] = rnd.nextInt(3) == 0 ? (byte) (rnd.nextInt(5) - 1) : (byte) rnd.nextInt(256);
            }
            boolean fst = t % seeds.length < 3;
            try {
                if (fst) exercise(new FstOnDemandLm(OpenFstReader.read(m, "m.fst")));
                else exercise(new ConstArpaOnDemandLm(ConstArpaLmReader.read(m, "m.carpa")));
                ok++;
            } catch (LmFileException e) {
                rejected++;
            } catch (Throwable e) {
                throw new AssertionError("mutation " + t + ": " + e, e);
            }
        }
        assertTrue(ok > 0 && rejected > 0, ok + " read, " + rejected + " rejected");
    }

    @Test void formatIsDetectedFromTheFirstBytes() {
        assertEquals(LmFormat.FST, LmFormat.detect(TinyKaldiLms.vectorFst(), 4));
        assertEquals(LmFormat.CONST_ARPA, LmFormat.detect(TinyKaldiLms.constArpa(), 4));
        assertEquals(LmFormat.ARPA, LmFormat.detect(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 4));
        assertEquals(LmFormat.ARPA, LmFormat.detect("\\dat".getBytes(), 4));
        assertThrows(IllegalArgumentException.class, () -> new FstOnDemandLm(OpenFstReader.read(TinyKaldiLms.vectorFst(), "t")).arc(1, 0, new LmArc()));
    }
}
