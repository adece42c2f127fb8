package moglm.kaldi.score;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting that reproduces C/C++ output byte for byte where Java's own formatting would
 * differ.
 *
 * <p>{@code std::cout << std::fixed << std::setprecision(p) << x} (like {@code printf("%.pf")})
 * rounds the EXACT binary value of x to p decimals, ties to even (glibc). Java's
 * {@code String.format("%.2f")} rounds the shortest decimal representation half-up instead, so
 * 1.005 (binary 1.00499999...) and 0.125 come out differently. Non-finite values print as glibc
 * does: {@code inf}, {@code -inf}, {@code nan} or {@code -nan} (sign bit set, which is what x86
 * produces for 0/0).
 */
public final class CFormat {
    private CFormat() {}

    /** {@code printf("%.<decimals>f", x)} as glibc prints it. */
    public static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) {
            return (Double.doubleToRawLongBits(x) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (x < 0 || (x == 0 && 1 / x < 0)) {
            // BigDecimal loses the sign of values that round to zero (and of -0.0); C keeps it
            if (!s.startsWith("-")) s = "-" + s;
        }
        return s;
    }

    /**
     * The percentage Kaldi's compute-wer prints: {@code BaseFloat p = 100.0 * float(num) /
     * float(den)} (double arithmetic, then rounded to float), formatted with 2 decimals. 0/0 is
     * the x86 default NaN (sign bit set), printed {@code -nan}.
     */
    public static String kaldiPercent(int num, int den) {
        double d;
        if (den == 0 && num == 0) {
            d = Double.longBitsToDouble(0xfff8000000000000L); // x86 "real indefinite": -nan
        } else {
            d = 100.0 * (double) (float) num / (double) (float) den;
        }
        float p = (float) d;
        return fixed(p, 2);
    }

    /**
     * {@code os << x} for a C++ stream in its default state (precision 6, neither fixed nor
     * scientific), i.e. {@code printf("%g", x)}: 6 significant digits rounded from the exact binary
     * value, exponent form ({@code 1e+06}, {@code 1.5e-05}) when the decimal exponent is below -4
     * or at least 6, trailing zeros dropped.
     */
    public static String general(double x) {
        return general(x, 6);
    }

    /** {@code printf("%.<precision>g", x)} as glibc prints it. */
    public static String general(double x, int precision) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return fixed(x, 0);
        if (precision == 0) precision = 1;
        if (x == 0) return (1 / x < 0) ? "-0" : "0";
        BigDecimal r = new BigDecimal(x).round(new java.math.MathContext(precision, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;   // decimal exponent of the rounded value
        String out;
        if (exp < -4 || exp >= precision) {
            BigDecimal mant = r.movePointLeft(exp);
            String m = stripZeros(mant.setScale(precision - 1, RoundingMode.UNNECESSARY).toPlainString());
            out = m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        } else {
            out = stripZeros(r.setScale(Math.max(0, precision - 1 - exp), RoundingMode.UNNECESSARY).toPlainString());
        }
        return out;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int e = s.length();
        while (s.charAt(e - 1) == '0') e--;
        if (s.charAt(e - 1) == '.') e--;
        return s.substring(0, e);
    }
}
