package moglm.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Float printing against C's printf (vectors generated with Python's %-formatting) and strict parsing. */
class KaldiFloatTest {
    // value, %.6g, %.7g as printed by C
    static final Object[][] G = {
        {13.163394927978516, "13.1634", "13.16339"},
        {252.9573211669922, "252.957", "252.9573"},
        {9.999999747378752e-05, "0.0001", "0.0001"},
        {9.999999747378752e-06, "1e-05", "1e-05"},
        {123456792.0, "1.23457e+08", "1.234568e+08"},
        {100.0, "100", "100"},
        {1000000.0, "1e+06", "1000000"},
        {2.5, "2.5", "2.5"},
        {0.15000000596046448, "0.15", "0.15"},
        {-0.5, "-0.5", "-0.5"},
        {1234567.0, "1.23457e+06", "1234567"},
        {2.999999892949745e-08, "3e-08", "3e-08"},
        {70000001024.0, "7e+10", "7e+10"},
        {0.3333333432674408, "0.333333", "0.3333333"},
        {0.6666666865348816, "0.666667", "0.6666667"},
        {99999.9921875, "100000", "99999.99"},
    };

    // float32 value and its shortest round-trip text (C: smallest p with float(%.{p}g) == x)
    static final Object[][] SHORTEST = {
        {186.87051391601562f, "186.87051"}, {0.7759585380554199f, "0.77595854"}, {145698.046875f, "145698.05"},
        {0.7971469759941101f, "0.797147"}, {447676.09375f, "447676.1"}, {89.63667297363281f, "89.63667"},
        {3344.56494140625f, "3344.565"}, {103.31454467773438f, "103.314545"}, {0.028898008167743683f, "0.028898008"},
        {736192.0f, "736192"}, {0.004930592142045498f, "0.004930592"}, {0.05499906465411186f, "0.054999065"},
        {3117.3603515625f, "3117.3604"}, {452.44134521484375f, "452.44135"}, {90.7998275756836f, "90.79983"},
        {13.163395f, "13.163395"}, {10.2291765f, "10.2291765"}, {0f, "0"}, {276f, "276"}, {0.5f, "0.5"},
        {100f, "100"}, {1e-5f, "1e-05"}, {1e10f, "1e+10"}, {-4.1139f, "-4.1139"},
    };

    @Test void gMatchesPrintf() {
        for (Object[] row : G) {
            double v = (Double) row[0];
            assertEquals(row[1], KaldiFloat.g(v, 6), "%.6g of " + v);
            assertEquals(row[2], KaldiFloat.g(v, 7), "%.7g of " + v);
        }
        assertEquals("-0", KaldiFloat.g(-0.0, 6));
        assertEquals("Infinity", KaldiFloat.weightG(Float.POSITIVE_INFINITY, 6));
        assertEquals("-Infinity", KaldiFloat.weightG(Float.NEGATIVE_INFINITY, 6));
        assertEquals("BadNumber", KaldiFloat.weightG(Float.NaN, 6));
    }

    @Test void shortestMatchesVectors() {
        for (Object[] row : SHORTEST) assertEquals(row[1], KaldiFloat.shortest((Float) row[0]), "shortest of " + row[0]);
        assertEquals("Infinity", KaldiFloat.shortest(Float.POSITIVE_INFINITY));
    }

    /** Every printed value reads back bit-exactly and no shorter %.{p}g form would. */
    @Test void shortestRoundTripsAndIsMinimal() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20000; i++) {
            float f = i % 3 == 0 ? Float.intBitsToFloat(rnd.nextInt() & 0x7fffffff) : (float) (rnd.nextDouble() * Math.pow(10, rnd.nextInt(12) - 5));
            if (Float.isNaN(f) || Float.isInfinite(f)) continue;
            String s = KaldiFloat.shortest(f);
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(KaldiFloat.parse(s)), s);
            int digits = significantDigits(s);
            if (digits > 1) {
                String shorter = new java.math.BigDecimal(f).round(new java.math.MathContext(digits - 1, java.math.RoundingMode.HALF_EVEN)).toString();
                assertEquals(true, Float.parseFloat(shorter) != f, "a shorter form of " + f + " exists: " + shorter);
            }
        }
    }

    static int significantDigits(String s) {
        String m = s.replace("-", "");
        int e = m.indexOf('e');
        if (e >= 0) m = m.substring(0, e);
        m = m.replace(".", "").replaceFirst("^0+", "");
        return m.replaceFirst("0+$", "").length();
    }

    @Test void parseIsStrict() {
        assertEquals(13.163395f, KaldiFloat.parse("13.163395"));
        assertEquals(Float.POSITIVE_INFINITY, KaldiFloat.parse("Infinity"));
        assertEquals(Float.NEGATIVE_INFINITY, KaldiFloat.parse("-Infinity"));
        assertEquals(-1.5e-5f, KaldiFloat.parse("-1.5e-05"));
        assertEquals(3f, KaldiFloat.parse("3."));
        assertEquals(0.5f, KaldiFloat.parse(".5"));
        for (String bad : new String[] {"", "1f", "0x1p3", "NaN", "BadNumber", "1e", "--1", "1,5", " 1", "e5", "."}) {
            assertThrows(NumberFormatException.class, () -> KaldiFloat.parse(bad), bad);
        }
    }
}
