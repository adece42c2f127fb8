package moglm.kaldi.ngram;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A tiny bigram LM written, byte by byte from the format descriptions, as an OpenFst grammar
 * (vector, const, const aligned; back-off arcs with {@code #0} on the input side like arpa2fst)
 * and as a Kaldi ConstArpaLm (current and old layout). Used by the reader tests and as fuzzing
 * seeds ({@code tests/fuzz-seeds/gfst}, {@code tests/fuzz-seeds/carpa}).
 *
 * <pre>
 * words: 1 &lt;unk&gt;, 2 a, 3 b, 4 #0, 5 &lt;s&gt;, 6 &lt;/s&gt;            (log10 values)
 * 1-grams: &lt;unk&gt; -1.0 | a -0.5 bo -0.2 | b -0.7 bo -0.1 | &lt;/s&gt; -0.6 | &lt;s&gt; -99 bo -0.3
 * 2-grams: &lt;s&gt; a -0.2 | a a -0.9 | a b -0.3 | b &lt;/s&gt; -0.1
 * </pre>
 */
final class TinyKaldiLms {
    private TinyKaldiLms() {}

    static final float L = (float) Math.log(10);
    static final int UNK = 1, A = 2, B = 3, DISAMBIG = 4, BOS = 5, EOS = 6;

    /** ln of a log10 value, as Kaldi stores it. */
    static float ln(double log10) { return (float) (log10 * Math.log(10)); }

    // --- G.fst: states 0 zerogram, 1 <s> (start), 2 "a", 3 "b"; arcs {ilabel, olabel, cost, next}
    static final float[] FINAL = {-ln(-0.6), Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, -ln(-0.1)};
    static final float[][][] ARCS = {
        {{UNK, UNK, -ln(-1.0), 0}, {A, A, -ln(-0.5), 2}, {B, B, -ln(-0.7), 3}},
        {{DISAMBIG, 0, -ln(-0.3), 0}, {A, A, -ln(-0.2), 2}},
        {{DISAMBIG, 0, -ln(-0.2), 0}, {B, B, -ln(-0.3), 3}, {A, A, -ln(-0.9), 2}},   // not label-sorted on purpose
        {{DISAMBIG, 0, -ln(-0.1), 0}},
    };

    private static final class Out {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        void i32(int v) { b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array()); }
        void i64(long v) { b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array()); }
        void f32(float v) { i32(Float.floatToRawIntBits(v)); }
        void str(String s) { i32(s.length()); b.writeBytes(s.getBytes(StandardCharsets.US_ASCII)); }
        void token(String t) { b.writeBytes((t + " ").getBytes(StandardCharsets.US_ASCII)); }
        void basic32(int v) { b.write(4); i32(v); }
        void basic64(long v) { b.write(8); i64(v); }
        void pad16() { while (b.size() % 16 != 0) b.write(0); }
        byte[] bytes() { return b.toByteArray(); }
    }

    private static int numArcs() {
        int n = 0;
        for (float[][] a : ARCS) n += a.length;
        return n;
    }

    /** OpenFst header; {@code type} "vector" or "const". */
    private static void header(Out o, String type, int version, int flags) {
        o.i32(OpenFstReader.FST_MAGIC);
        o.str(type);
        o.str("standard");
        o.i32(version);
        o.i32(flags);
        o.i64(0x3L);          // properties: not used by the reader
        o.i64(1);             // start
        o.i64(FINAL.length);
        o.i64("vector".equals(type) ? 0 : numArcs());
    }

    private static void arc(Out o, float[] a) {
        o.i32((int) a[0]);
        o.i32((int) a[1]);
        o.f32(a[2]);
        o.i32((int) a[3]);
    }

    static byte[] vectorFst() {
        Out o = new Out();
        header(o, "vector", 2, 0);
        for (int s = 0; s < FINAL.length; s++) {
            o.f32(FINAL[s]);
            o.i64(ARCS[s].length);
            for (float[] a : ARCS[s]) arc(o, a);
        }
        return o.bytes();
    }

    /** Const FST, version 2 (unaligned) or version 1 (aligned to 16 bytes). */
    static byte[] constFst(boolean aligned) {
        Out o = new Out();
        header(o, "const", aligned ? 1 : 2, 0);
        if (aligned) o.pad16();
        int pos = 0;
        for (int s = 0; s < FINAL.length; s++) {
            o.f32(FINAL[s]);
            o.i32(pos);
            o.i32(ARCS[s].length);
            int ieps = 0, oeps = 0;
            for (float[] a : ARCS[s]) { if (a[0] == 0) ieps++; if (a[1] == 0) oeps++; }
            o.i32(ieps);
            o.i32(oeps);
            pos += ARCS[s].length;
        }
        if (aligned) o.pad16();
        for (float[][] st : ARCS) for (float[] a : st) arc(o, a);
        return o.bytes();
    }

    // --- G.carpa: blocks in lexicographic order of their word sequences (unigrams 1, 2, 3, 5, 6)
    private static int leaf(float lp) { return Float.floatToRawIntBits(lp) & ~1; }

    static int[] lmStates() {
        return new int[] {
            // [1] <unk>: lp, bo, 0 children                           offset 0
            Float.floatToRawIntBits(ln(-1.0)), 0, 0,
            // [2] a: lp, bo, 2 children (a, b)                        offset 3
            Float.floatToRawIntBits(ln(-0.5)), Float.floatToRawIntBits(ln(-0.2)), 2, A, leaf(ln(-0.9)), B, leaf(ln(-0.3)),
            // [3] b: lp, bo, 1 child (</s>)                           offset 10
            Float.floatToRawIntBits(ln(-0.7)), Float.floatToRawIntBits(ln(-0.1)), 1, EOS, leaf(ln(-0.1)),
            // [5] <s>: lp, bo, 1 child (a)                            offset 15
            Float.floatToRawIntBits(ln(-99)), Float.floatToRawIntBits(ln(-0.3)), 1, A, leaf(ln(-0.2)),
            // [6] </s>                                                offset 20
            Float.floatToRawIntBits(ln(-0.6)), 0, 0,
        };
    }

    /** Unigram addresses (block offset + 1; 0 = none) for word ids 0..6. */
    static final long[] UNIGRAM = {0, 1, 4, 11, 0, 16, 21};

    static byte[] constArpa() {
        Out o = new Out();
        o.b.write(0);
        o.b.write('B');
        o.token("<ConstArpaLm>");
        o.token("<LmInfo>");
        o.basic32(BOS);
        o.basic32(EOS);
        o.basic32(UNK);
        o.basic32(2);
        o.token("</LmInfo>");
        o.token("<LmStates>");
        int[] st = lmStates();
        o.basic64(st.length);
        for (int v : st) o.i32(v);
        o.token("</LmStates>");
        o.token("<LmUnigram>");
        o.basic32(UNIGRAM.length);
        for (long a : UNIGRAM) o.i64(a);
        o.token("</LmUnigram>");
        o.token("<LmOverflow>");
        o.basic32(0);
        o.token("</LmOverflow>");
        o.token("</ConstArpaLm>");
        return o.bytes();
    }

    /** The older ConstArpaLm layout: no tokens, every value a basic value, state count int32. */
    static byte[] constArpaOld() {
        Out o = new Out();
        o.b.write(0);
        o.b.write('B');
        o.basic32(BOS);
        o.basic32(EOS);
        o.basic32(UNK);
        o.basic32(2);
        int[] st = lmStates();
        o.basic32(st.length);
        for (int v : st) o.basic32(v);
        o.basic32(UNIGRAM.length);
        for (long a : UNIGRAM) o.basic64(a);
        o.basic32(0);
        return o.bytes();
    }
}
