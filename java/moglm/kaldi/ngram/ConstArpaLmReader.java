package moglm.kaldi.ngram;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads Kaldi's ConstArpaLm binary ({@code G.carpa}, written by {@code arpa-to-const-arpa}) into
 * a {@link ConstArpaLm}.
 *
 * <h2>Format</h2>
 * Kaldi binary object: the bytes {@code \0B}, then tokens (text followed by one space) and basic
 * values (one size byte, 4 or 8, then the little-endian value):
 * <pre>
 * &lt;ConstArpaLm&gt; &lt;LmInfo&gt; int32 bos, int32 eos, int32 unk (-1: none), int32 order &lt;/LmInfo&gt;
 * &lt;LmStates&gt; int64 n, then n raw int32                         (the trie, see ConstArpaLm)
 * &lt;/LmStates&gt; &lt;LmUnigram&gt; int32 numWords, then numWords raw int64 (block start + 1; 0 = none)
 * &lt;/LmUnigram&gt; &lt;LmOverflow&gt; int32 k, then k raw int64           (block start + 1)
 * &lt;/LmOverflow&gt; &lt;/ConstArpaLm&gt;
 * </pre>
 * The older layout (no tokens; first byte after {@code \0B} is the size byte 4) stores the same
 * values, every array element as a basic value, and the state count as int32; it is read too.
 *
 * <p>Validation before use: the header symbols and order, every count against the bytes left in
 * the file (a lying count never allocates), and every block reachable from a unigram within
 * N-1 steps (block bounds, sorted child words, child offsets and overflow indices in range), so
 * lookups cannot leave the arrays. Errors are {@link LmFileException}s naming the file, the
 * byte offset and the problem.
 */
public final class ConstArpaLmReader {
    private static final int MAX_ORDER = 100;
    private static final int MAX_TOKEN = 64;

    private ConstArpaLmReader() {}

    /** Reads a G.carpa file. */
    public static ConstArpaLm read(Path path) throws IOException {
        return read(BinaryInput.open(path));
    }

    /** Reads from bytes ({@code source} names them in errors). */
    public static ConstArpaLm read(byte[] bytes, String source) throws IOException {
        return read(BinaryInput.of(bytes, source));
    }

    static ConstArpaLm read(BinaryInput in) throws IOException {
        if (in.u8("Kaldi binary header") != 0 || in.u8("Kaldi binary header") != 'B')
            throw in.errorAt(0, "not a Kaldi binary object (expected the bytes \\0B at the start; text-mode ConstArpaLm does not exist)");
        return in.peekByte() == 4 ? readOld(in) : readNew(in);
    }

    private static void expectToken(BinaryInput in, String token) throws IOException {
        long at = in.position();
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.u8("token " + token);
            if (c == ' ') break;
            if (sb.length() >= MAX_TOKEN || c < 0x21 || c > 0x7e)
                throw in.errorAt(at, "expected token " + token + ", found bytes that are not a token" + (sb.length() > 0 ? " ('" + sb + "'...)" : ""));
            sb.append((char) c);
        }
        if (!sb.toString().equals(token)) throw in.errorAt(at, "expected token " + token + ", found " + sb);
    }

    private static int int32(BinaryInput in, String what) throws IOException {
        long at = in.position();
        int size = in.u8(what);
        if (size != 4) throw in.errorAt(at, what + ": expected a 4-byte integer (size byte 4), found size byte " + size);
        return in.i32(what);
    }

    private static long int64(BinaryInput in, String what) throws IOException {
        long at = in.position();
        int size = in.u8(what);
        if (size != 8) throw in.errorAt(at, what + ": expected an 8-byte integer (size byte 8), found size byte " + size);
        return in.i64(what);
    }

    private record Info(int bos, int eos, int unk, int order) {}

    private static Info info(BinaryInput in) throws IOException {
        long at = in.position();
        int bos = int32(in, "<s> symbol"), eos = int32(in, "</s> symbol"), unk = int32(in, "<unk> symbol"), order = int32(in, "n-gram order");
        if (order < 1 || order > MAX_ORDER) throw in.errorAt(at, "n-gram order " + order + " is not in 1.." + MAX_ORDER);
        return new Info(bos, eos, unk, order);
    }

    private static ConstArpaLm readNew(BinaryInput in) throws IOException {
        expectToken(in, "<ConstArpaLm>");
        expectToken(in, "<LmInfo>");
        Info info = info(in);
        expectToken(in, "</LmInfo>");
        expectToken(in, "<LmStates>");
        long n = int64(in, "number of LM state ints");
        int[] states = new int[checkedArraySize(in, n, 4, "<LmStates>")];
        in.ints(states, states.length, "<LmStates>");
        expectToken(in, "</LmStates>");
        expectToken(in, "<LmUnigram>");
        int numWords = int32(in, "number of words");
        int[] unigram = addresses(in, numWords, states.length, false, "<LmUnigram>");
        expectToken(in, "</LmUnigram>");
        expectToken(in, "<LmOverflow>");
        int numOverflow = int32(in, "overflow buffer size");
        int[] overflow = addresses(in, numOverflow, states.length, false, "<LmOverflow>");
        expectToken(in, "</LmOverflow>");
        expectToken(in, "</ConstArpaLm>");
        return validated(in, info, states, unigram, overflow);
    }

    private static ConstArpaLm readOld(BinaryInput in) throws IOException {
        Info info = info(in);
        int n = int32(in, "number of LM state ints");
        int[] states = new int[checkedArraySize(in, n, 5, "LM states")];
        for (int i = 0; i < states.length; i++) states[i] = int32(in, "LM state int " + i);
        int numWords = int32(in, "number of words");
        int[] unigram = addresses(in, numWords, states.length, true, "unigram addresses");
        int numOverflow = int32(in, "overflow buffer size");
        int[] overflow = addresses(in, numOverflow, states.length, true, "overflow addresses");
        return validated(in, info, states, unigram, overflow);
    }

    private static int checkedArraySize(BinaryInput in, long n, int bytesEach, String what) throws IOException {
        in.checkCount(n, bytesEach, what);
        if (n > Integer.MAX_VALUE - 8) throw in.error(what + ": " + n + " entries are more than a Java array holds");
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (4L * n > free)
            throw in.error(what + ": " + (4L * n >> 20) + " MiB needed but only " + (free >> 20) + " MiB of Java heap are free (raise -Xmx)");
        return (int) n;
    }

    /** Reads int64 addresses (block start + 1, 0 = none) as block starts (-1 = none). */
    private static int[] addresses(BinaryInput in, int count, int numStates, boolean basic, String what) throws IOException {
        int[] out = new int[checkedArraySize(in, count, basic ? 9 : 8, what)];
        long[] raw = new long[Math.min(count, 1 << 16)];
        for (int done = 0; done < count; ) {
            int k = Math.min(raw.length, count - done);
            long at = in.position();
            if (basic) for (int i = 0; i < k; i++) raw[i] = int64(in, what);
            else in.longs(raw, k, what);
            for (int i = 0; i < k; i++) {
                long a = raw[i];
                if (a < 0 || a > numStates)
                    throw in.errorAt(at, what + " entry " + (done + i) + ": address " + a + " is outside the " + numStates + " LM state ints");
                out[done + i] = (int) a - 1;
            }
            done += k;
        }
        return out;
    }

    private static ConstArpaLm validated(BinaryInput in, Info info, int[] states, int[] unigram, int[] overflow) throws IOException {
        int nw = unigram.length;
        if (info.bos <= 0 || info.bos >= nw) throw in.error("<s> symbol " + info.bos + " is not in 1.." + (nw - 1));
        if (info.eos <= 0 || info.eos >= nw) throw in.error("</s> symbol " + info.eos + " is not in 1.." + (nw - 1));
        if (info.unk != -1 && (info.unk <= 0 || info.unk >= nw)) throw in.error("<unk> symbol " + info.unk + " is neither -1 nor in 1.." + (nw - 1));
        new TrieCheck(in, info.order, states, overflow).run(unigram);
        return new ConstArpaLm(info.bos, info.eos, info.unk, info.order, states, unigram, overflow);
    }

    /** Checks every block reachable within order-1 steps from a unigram (each at its least depth once). */
    private static final class TrieCheck {
        private final BinaryInput in;
        private final int order;
        private final int[] s;
        private final int[] overflow;
        private final byte[] depthSeen;   // least depth a block was checked at (0 = never)

        TrieCheck(BinaryInput in, int order, int[] states, int[] overflow) {
            this.in = in;
            this.order = order;
            this.s = states;
            this.overflow = overflow;
            this.depthSeen = new byte[states.length];
        }

        void run(int[] unigram) throws IOException {
            for (int w = 0; w < unigram.length; w++) if (unigram[w] >= 0) block(unigram[w], 1, "unigram of word " + w);
        }

        private LmFileException bad(String where, String what) {
            return in.error("corrupt <LmStates>: " + where + ": " + what);
        }

        private void block(int start, int depth, String where) throws IOException {
            if (start < 0 || (long) start + 3 > s.length) throw bad(where, "block at int " + start + " does not fit in the " + s.length + " LM state ints");
            if (depthSeen[start] != 0 && depthSeen[start] <= depth) return;
            depthSeen[start] = (byte) depth;
            int n = s[start + 2];
            if (n < 0 || (long) start + 3 + 2L * n > s.length) throw bad(where, "block at int " + start + " claims " + n + " children, which do not fit");
            int prev = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                int w = s[start + 3 + 2 * i], info = s[start + 4 + 2 * i];
                if (w < 0 || (i > 0 && w <= prev)) throw bad(where, "child words of the block at int " + start + " are not increasing non-negative ids");
                prev = w;
                if ((info & 1) == 0) continue;
                int off = info / 2;
                int child;
                if (off > 0) {
                    long c = (long) start + off;
                    if (c >= s.length) throw bad(where, "child " + w + " at int " + c + " is outside the LM states");
                    child = (int) c;
                } else {
                    if (-(long) off >= overflow.length) throw bad(where, "child " + w + " uses overflow entry " + (-(long) off) + " of " + overflow.length);
                    child = overflow[-off];
                    if (child < 0) throw bad(where, "child " + w + " uses an empty overflow entry");
                }
                if (depth + 1 < order) block(child, depth + 1, where + " -> " + w);
                // a child at the highest order is only read for its logprob (one int, in range)
            }
        }
    }
}
