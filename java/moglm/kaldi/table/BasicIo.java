package moglm.kaldi.table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kaldi's encoding of basic values (its {@code WriteBasicType} / {@code ReadBasicType}) and of
 * the binary-mode header, shared by the basic holders.
 *
 * <p>Binary objects begin with the two bytes {@code "\0B"}. A binary basic value is one size
 * byte (4 for int32 and float, 8 for double; negated for unsigned types) followed by the
 * little-endian value. Text values are printed followed by one space.
 */
final class BasicIo {
    private BasicIo() {}

    /** Longest text line accepted for one basic entry (an alignment vector can be long). */
    static final int MAX_TEXT_LINE = 256 << 20;

    /** Consumes {@code "\0B"} if present; returns true for binary. */
    static boolean readBinaryHeader(KaldiInput in) throws IOException {
        if (in.peek() != 0) return false;
        in.read();
        int b = in.read();
        if (b != 'B') {
            throw new KaldiFormatException(in.where() + ": expected 'B' after '\\0' (Kaldi binary header), got " + describe(b), false);
        }
        return true;
    }

    static void writeBinaryHeader(OutputStream out) throws IOException {
        out.write(0);
        out.write('B');
    }

    static String describe(int b) {
        if (b < 0) return "end of data";
        if (b >= 0x21 && b < 0x7f) return "'" + (char) b + "'";
        return String.format("byte 0x%02X", b);
    }

    static int readBinaryInt32(KaldiInput in, String what) throws IOException {
        int size = in.read();
        if (size != 4) {
            throw new KaldiFormatException(in.where() + ": expected size byte 4 before int32 " + what + ", got " + describe(size), false);
        }
        return in.readInt32(what);
    }

    static void writeBinaryInt32(OutputStream out, int v) throws IOException {
        out.write(4);
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    static double readBinaryReal(KaldiInput in, String what) throws IOException {
        int size = in.read();
        if (size == 4) return in.readFloat32(what);
        if (size == 8) return in.readFloat64(what);
        throw new KaldiFormatException(in.where() + ": expected size byte 4 or 8 before " + what + ", got " + describe(size), false);
    }

    static void writeBinaryFloat(OutputStream out, float v) throws IOException {
        writeBinaryInt32Bits(out, Float.floatToRawIntBits(v));
    }

    private static void writeBinaryInt32Bits(OutputStream out, int bits) throws IOException {
        out.write(4);
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
    }

    /** The rest of the current text line split on whitespace (line terminator consumed). */
    static List<String> readTextLineTokens(KaldiInput in, String what) throws IOException {
        long where = in.position();
        byte[] line = in.readLineBytes(MAX_TEXT_LINE, what);
        List<String> tokens = new ArrayList<>();
        if (line == null) return tokens;
        int i = 0;
        while (i < line.length) {
            while (i < line.length && KaldiInput.isSpace(line[i] & 0xff)) i++;
            int start = i;
            while (i < line.length && !KaldiInput.isSpace(line[i] & 0xff)) i++;
            if (i > start) {
                boolean ascii = true;
                for (int k = start; k < i; k++) if (line[k] < 0) { ascii = false; break; }
                if (!ascii) throw new KaldiFormatException(in.name() + ", byte " + where + ": non-ASCII bytes in " + what, true);
                tokens.add(new String(line, start, i - start, StandardCharsets.ISO_8859_1));
            }
        }
        return tokens;
    }

    /** Parses a decimal int32 token strictly (optional sign, digits only, in range). */
    static int parseInt32(String tok) {
        int i = (tok.startsWith("-") || tok.startsWith("+")) ? 1 : 0;
        if (i == tok.length()) throw new NumberFormatException("not an integer: '" + tok + "'");
        for (int k = i; k < tok.length(); k++) {
            if (tok.charAt(k) < '0' || tok.charAt(k) > '9') throw new NumberFormatException("not an integer: '" + tok + "'");
        }
        long v;
        try {
            v = Long.parseLong(tok);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("integer out of range: '" + tok + "'");
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new NumberFormatException("integer out of int32 range: '" + tok + "'");
        return (int) v;
    }

    static void writeAscii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
