package moglm.kaldi.table;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Single {@code int32} entries (Kaldi's {@code Int32Writer}), e.g. lattice-oracle's per-utterance
 * edit distances. Text: {@code key 3 \n}; binary: {@code "\0B"}, size byte 4, little-endian int32.
 */
public final class IntHolder implements Holder<Integer> {
    /** Shared instance. */
    public static final IntHolder INSTANCE = new IntHolder();

    @Override public Integer read(KaldiInput in) throws IOException {
        if (BasicIo.readBinaryHeader(in)) return BasicIo.readBinaryInt32(in, "int32 value");
        long where = in.position();
        List<String> toks = BasicIo.readTextLineTokens(in, "int32 value");
        if (toks.size() != 1) {
            throw new KaldiFormatException(in.name() + ", byte " + where + ": expected one integer on the line, got " + toks.size() + " tokens", true);
        }
        try {
            return BasicIo.parseInt32(toks.get(0));
        } catch (NumberFormatException e) {
            throw new KaldiFormatException(in.name() + ", byte " + where + ": " + e.getMessage(), true);
        }
    }

    @Override public void write(OutputStream out, boolean binary, Integer value) throws IOException {
        if (binary) {
            BasicIo.writeBinaryHeader(out);
            BasicIo.writeBinaryInt32(out, value);
        } else {
            BasicIo.writeAscii(out, value + " \n");
        }
    }

    @Override public String typeName() {
        return "int32";
    }
}
