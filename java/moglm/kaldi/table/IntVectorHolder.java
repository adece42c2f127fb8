package moglm.kaldi.table;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code std::vector<int32>} entries (Kaldi's {@code Int32VectorWriter/Reader}): transcripts as
 * word ids, alignments as transition ids.
 *
 * <p>Text: {@code key 5 17 3 \n} (each value followed by a space, as Kaldi prints). Binary:
 * {@code "\0B"}, the length as a binary int32, then each value as a binary int32 (size byte 4 +
 * little-endian int). Values are returned as {@code int[]}.
 */
public final class IntVectorHolder implements Holder<int[]> {
    /** Shared instance (stateless). */
    public static final IntVectorHolder INSTANCE = new IntVectorHolder();

    @Override public int[] read(KaldiInput in) throws IOException {
        if (BasicIo.readBinaryHeader(in)) {
            int n = BasicIo.readBinaryInt32(in, "vector length");
            if (n < 0) throw new KaldiFormatException(in.where() + ": negative vector length " + n, false);
            int[] v = new int[Math.min(n, 1 << 16)];
            for (int i = 0; i < n; i++) {
                if (i == v.length) v = Arrays.copyOf(v, (int) Math.min(n, 2L * v.length));
                v[i] = BasicIo.readBinaryInt32(in, "vector element " + i);
            }
            return v;
        }
        long where = in.position();
        List<String> toks = BasicIo.readTextLineTokens(in, "integer vector");
        int[] v = new int[toks.size()];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = BasicIo.parseInt32(toks.get(i));
            } catch (NumberFormatException e) {
                throw new KaldiFormatException(in.name() + ", byte " + where + ": " + e.getMessage() + " in integer vector", true);
            }
        }
        return v;
    }

    @Override public void write(OutputStream out, boolean binary, int[] value) throws IOException {
        if (binary) {
            BasicIo.writeBinaryHeader(out);
            BasicIo.writeBinaryInt32(out, value.length);
            for (int v : value) BasicIo.writeBinaryInt32(out, v);
        } else {
            StringBuilder sb = new StringBuilder(value.length * 6 + 1);
            for (int v : value) sb.append(v).append(' ');
            sb.append('\n');
            BasicIo.writeAscii(out, sb.toString());
        }
    }

    @Override public String typeName() {
        return "int32 vector";
    }
}
