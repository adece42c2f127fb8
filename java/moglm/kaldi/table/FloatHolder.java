package moglm.kaldi.table;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import moglm.kaldi.KaldiFloat;

/**
 * Single {@code BaseFloat} entries (Kaldi's {@code BaseFloatWriter}): per-utterance costs such
 * as {@code nbest-to-linear}'s lm-cost and ac-cost archives.
 *
 * <p>Text: {@code key 123.4567 \n}, printed with 7 significant digits like Kaldi (its output
 * streams get precision 7). Binary: {@code "\0B"}, size byte 4, little-endian float32 (a double,
 * size byte 8, is accepted on input).
 */
public final class FloatHolder implements Holder<Float> {
    /** Shared instance. */
    public static final FloatHolder INSTANCE = new FloatHolder();

    @Override public Float read(KaldiInput in) throws IOException {
        if (BasicIo.readBinaryHeader(in)) return (float) BasicIo.readBinaryReal(in, "float value");
        long where = in.position();
        List<String> toks = BasicIo.readTextLineTokens(in, "float value");
        if (toks.size() != 1) {
            throw new KaldiFormatException(in.name() + ", byte " + where + ": expected one number on the line, got " + toks.size() + " tokens", true);
        }
        try {
            return KaldiFloat.parse(toks.get(0));
        } catch (NumberFormatException e) {
            throw new KaldiFormatException(in.name() + ", byte " + where + ": " + e.getMessage(), true);
        }
    }

    @Override public void write(OutputStream out, boolean binary, Float value) throws IOException {
        if (binary) {
            BasicIo.writeBinaryHeader(out);
            BasicIo.writeBinaryFloat(out, value);
        } else {
            BasicIo.writeAscii(out, KaldiFloat.g(value, 7) + " \n");
        }
    }

    @Override public String typeName() {
        return "BaseFloat";
    }
}
