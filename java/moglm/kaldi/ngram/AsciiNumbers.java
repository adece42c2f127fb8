package moglm.kaldi.ngram;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from bytes. The common ARPA forms ({@code -1.2345678},
 * {@code -99}, {@code 1e-05}) take a fast path that is exact: an integer mantissa of at most 15
 * digits times or divided by an exact power of ten is one correctly rounded double operation.
 * Anything else falls back to {@link Double#parseDouble}. Also accepts {@code inf},
 * {@code -inf}, {@code infinity} (any case) as SRILM and Kaldi print them.
 */
final class AsciiNumbers {
    private AsciiNumbers() {}

    private static final double[] POW10 = new double[23];
    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** The number in b[s..e). @throws NumberFormatException if it is not one */
    static double parseDouble(byte[] b, int s, int e) {
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0, scale = 0;
        boolean any = false;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            if (digits < 15) {
                mant = mant * 10 + (b[i] - '0');
                if (mant != 0) digits++;
            } else {
                return slow(b, s, e);
            }
            any = true;
            i++;
        }
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (digits < 15) {
                    mant = mant * 10 + (b[i] - '0');
                    if (mant != 0) digits++;
                    scale--;
                } else {
                    return slow(b, s, e);
                }
                any = true;
                i++;
            }
        }
        if (!any) return slow(b, s, e);
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < e && (b[i] == '-' || b[i] == '+')) {
                eneg = b[i] == '-';
                i++;
            }
            int ex = 0, ed = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9' && ed < 6) {
                ex = ex * 10 + (b[i] - '0');
                ed++;
                i++;
            }
            if (ed == 0) return slow(b, s, e);
            scale += eneg ? -ex : ex;
        }
        if (i != e) return slow(b, s, e);
        double v;
        if (scale == 0) v = mant;
        else if (scale < 0 && -scale < POW10.length) v = mant / POW10[-scale];
        else if (scale > 0 && scale < POW10.length) v = mant * POW10[scale];
        else return slow(b, s, e);
        return neg ? -v : v;
    }

    private static double slow(byte[] b, int s, int e) {
        String t = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        String l = t.toLowerCase();
        if (l.equals("inf") || l.equals("+inf") || l.equals("infinity") || l.equals("+infinity")) return Double.POSITIVE_INFINITY;
        if (l.equals("-inf") || l.equals("-infinity")) return Double.NEGATIVE_INFINITY;
        if (l.isEmpty() || l.contains("nan") || l.contains("x") || l.endsWith("d") || l.endsWith("f")) {
            throw new NumberFormatException(t);   // Java would accept "1d", "0x1p3", "NaN"
        }
        return Double.parseDouble(t);
    }

    /** A non-negative decimal integer in b[s..e); -1 if it is not one or exceeds Long range. */
    static long parseCount(byte[] b, int s, int e) {
        if (s >= e || e - s > 18) return -1;
        long v = 0;
        for (int i = s; i < e; i++) {
            if (b[i] < '0' || b[i] > '9') return -1;
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
