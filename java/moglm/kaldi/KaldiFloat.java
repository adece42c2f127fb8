package moglm.kaldi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Text form of floating-point numbers as Kaldi and OpenFst print and parse them.
 *
 * <p><b>Printing.</b> Kaldi writes floats with C++ {@code operator<<}, i.e. like C's {@code %.Pg}
 * without the {@code #} flag: P significant digits, trailing zeros removed, scientific notation
 * ({@code 1.5e-05}, {@code 1e+06}) when the decimal exponent is below -4 or at least P. The
 * precision P is the stream's: 6 by default (lattice text, log lines) and 7 after Kaldi's
 * {@code InitKaldiOutputStream} (BaseFloat / vector text archives). Kaldi's own weight printer
 * writes {@code Infinity}, {@code -Infinity} and {@code BadNumber} (NaN) for the specials.
 *
 * <p>P = 6 loses information (a float32 needs up to 9 digits), so moglm's lattice writers default
 * to {@link #shortest(float)}: the fewest significant digits that parse back to the identical
 * float32, laid out like {@code %.9g}. Both forms are read by Kaldi.
 *
 * <p><b>Parsing.</b> {@link #parse(String)} accepts exactly what Kaldi writes: an optional sign,
 * decimal digits with an optional point and exponent, or the words {@code Infinity},
 * {@code -Infinity}, {@code inf}, {@code -inf}; it rejects Java-only forms ({@code 1f},
 * hexadecimal, {@code NaN}) and {@code BadNumber}, so garbage never becomes a silent number.
 */
public final class KaldiFloat {
    private KaldiFloat() {}

    private static final MathContext[] CONTEXTS = new MathContext[18];
    static {
        for (int p = 1; p < CONTEXTS.length; p++) CONTEXTS[p] = new MathContext(p, RoundingMode.HALF_EVEN);
    }

    private static final double[] POW10 = new double[23];
    private static final long[] LPOW10 = new long[19];
    static {
        double d = 1;
        for (int i = 0; i < POW10.length; i++, d *= 10) POW10[i] = d;
        long l = 1;
        for (int i = 0; i < LPOW10.length; i++, l *= 10) LPOW10[i] = l;
    }

    /** {@code f} printed with the fewest digits that round-trip to the same float32 ({@code %.9g} layout). */
    public static String shortest(float f) {
        String special = special(f);
        if (special != null) return special;
        if (f == 0f) return (Float.floatToRawIntBits(f) < 0) ? "-0" : "0";
        // Fast path: small integers print exactly as integers.
        if (f == (float) (int) f && Math.abs(f) < 1e7f) return Integer.toString((int) f);
        boolean negative = f < 0;
        double v = Math.abs((double) f);
        int e10 = (int) Math.floor(Math.log10(v));
        long[] cand = new long[2]; // digits, exponent of the last digit
        if ((Float.floatToRawIntBits(f) & 0x7fffff) == 0) {
            // a power of two: the round-trip interval is asymmetric, so try every length upwards
            for (int p = 1; p <= 9; p++) {
                round(v, p, e10, cand);
                if (roundTrips(cand, f)) break;
            }
            return layout(negative, cand[0], (int) cand[1], 9);
        }
        // Otherwise the interval is symmetric around f, and if the correctly rounded p-digit
        // decimal reads back as f so does the (p+1)-digit one (it is at least as close): the
        // shortest length is found scanning down from 9 until a length fails.
        round(v, 9, e10, cand);
        long digits = cand[0];
        int exp = (int) cand[1];
        for (int p = 8; p >= 1; p--) {
            round(v, p, e10, cand);
            if (!roundTrips(cand, f)) break;
            digits = cand[0];
            exp = (int) cand[1];
        }
        return layout(negative, digits, exp, 9);
    }

    /**
     * Correctly rounded (half-even) p-digit decimal of v: out[0] = digits, out[1] = exponent of
     * the last digit. Uses double arithmetic when provably exact enough, BigDecimal otherwise.
     */
    private static void round(double v, int p, int e10, long[] out) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int k = p - 1 - e10;             // scale so that p digits are left of the point
            if (Math.abs(k) > 22) break;
            double scaled = k >= 0 ? v * POW10[k] : v / POW10[-k];
            if (scaled >= LPOW10[p]) { e10++; continue; }
            if (scaled < LPOW10[p - 1]) { e10--; continue; }
            double fl = Math.floor(scaled);
            double frac = scaled - fl;
            // |error of scaled| <= 1e9 * 2^-53 ~ 1.1e-7: decide only away from a tie
            if (Math.abs(frac - 0.5) < 1e-6) break;
            long d = (long) fl + (frac > 0.5 ? 1 : 0);
            int exp = e10 - p + 1;
            if (d == LPOW10[p]) {
                d = LPOW10[p - 1];
                exp++;
            }
            out[0] = d;
            out[1] = exp;
            return;
        }
        BigDecimal r = new BigDecimal(v).round(CONTEXTS[p]);
        out[0] = r.unscaledValue().longValueExact();
        out[1] = -r.scale();
    }

    private static boolean roundTrips(long[] cand, float f) {
        return Float.parseFloat(cand[0] + "E" + cand[1]) == Math.abs(f);
    }

    /** {@code v} printed like C's {@code %.Pg} (what a C++ stream with precision P prints). */
    public static String g(double v, int precision) {
        if (precision < 1 || precision >= CONTEXTS.length) throw new IllegalArgumentException("precision " + precision);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0.0) return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        return layout(new BigDecimal(v).round(CONTEXTS[precision]), precision);
    }

    /** Like {@link #g(double, int)} for a lattice weight component: Kaldi's names for infinities and NaN. */
    public static String weightG(float f, int precision) {
        String special = special(f);
        return special != null ? special : g(f, precision);
    }

    private static String special(float f) {
        if (f == Float.POSITIVE_INFINITY) return "Infinity";
        if (f == Float.NEGATIVE_INFINITY) return "-Infinity";
        if (Float.isNaN(f)) return "BadNumber";
        return null;
    }

    private static String layout(boolean negative, long digits, int exp, int p) {
        while (digits % 10 == 0 && digits != 0) {
            digits /= 10;
            exp++;
        }
        return layout(negative, Long.toString(digits), exp, p);
    }

    /** Lays out a rounded non-zero decimal ({@code %g} rules, precision p). */
    private static String layout(BigDecimal r, int p) {
        BigDecimal stripped = r.stripTrailingZeros();
        return layout(stripped.signum() < 0, stripped.unscaledValue().abs().toString(), -stripped.scale(), p);
    }

    /**
     * The decimal {@code digits x 10^exp} (digits without trailing zeros) laid out as {@code %g}
     * does with precision {@code p}: fixed notation when -4 <= exponent < p, otherwise
     * d.ddde[+-]XX.
     */
    private static String layout(boolean negative, String digits, int exp, int p) {
        int exponent = digits.length() - 1 + exp;
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (negative) sb.append('-');
        if (exponent < -4 || exponent >= p) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int ae = Math.abs(exponent);
            if (ae < 10) sb.append('0');
            sb.append(ae);
        } else if (exponent < 0) {
            sb.append("0.");
            for (int i = -1; i > exponent; i--) sb.append('0');
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exponent; i++) sb.append('0');
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    /**
     * Parses a Kaldi float token (see class comment).
     *
     * @throws NumberFormatException naming the token when it is not a number Kaldi would write
     */
    public static float parse(String s) {
        return (float) parseChecked(s, true);
    }

    /** Parses a Kaldi number token as a double (BaseFloat text values, option values). */
    public static double parseDouble(String s) {
        return parseChecked(s, false);
    }

    private static double parseChecked(String s, boolean asFloat) {
        switch (s) {
            case "Infinity": case "inf": case "+inf": case "+Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        if (!isDecimal(s)) throw new NumberFormatException("not a number: '" + s + "'");
        return asFloat ? Float.parseFloat(s) : Double.parseDouble(s);
    }

    /** True for [+-]digits[.digits][(e|E)[+-]digits] with at least one mantissa digit. */
    static boolean isDecimal(String s) {
        int n = s.length(), i = 0;
        if (n == 0) return false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') i++;
        int mantissaDigits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; mantissaDigits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; mantissaDigits++; }
        }
        if (mantissaDigits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
