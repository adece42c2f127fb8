package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CFormatTest {
    @Test void roundsExactBinaryValueTiesToEven() {
        assertEquals("0.12", CFormat.fixed(0.125, 2));   // exact tie -> even (Java's %.2f gives 0.13)
        assertEquals("0.38", CFormat.fixed(0.375, 2));
        assertEquals("1.00", CFormat.fixed(1.005, 2));   // 1.005 is 1.00499999... in binary
        assertEquals("8.75", CFormat.fixed(8.75, 2));
        assertEquals("100.00", CFormat.fixed(100, 2));
        assertEquals("-0.00", CFormat.fixed(-0.001, 2));
    }

    @Test void nonFinite() {
        assertEquals("inf", CFormat.fixed(Double.POSITIVE_INFINITY, 2));
        assertEquals("-nan", CFormat.kaldiPercent(0, 0));
        assertEquals("inf", CFormat.kaldiPercent(3, 0));
    }

    @Test void percentIsComputedInFloat() {
        assertEquals("8.75", CFormat.kaldiPercent(35, 400));
        assertEquals("60.00", CFormat.kaldiPercent(24, 40));
        assertEquals("31.07", CFormat.kaldiPercent(990, 3186));
        assertEquals("33.33", CFormat.kaldiPercent(1, 3));
        // 100*97/800 = 12.125 exactly: a true tie, printed to even
        assertEquals("12.12", CFormat.kaldiPercent(97, 800));
    }

    @Test void generalMatchesPrintfG() {
        // expected strings are what printf("%g") prints for these values
        assertEquals("2516.87", CFormat.general(2516.8743f));
        assertEquals("180.182", CFormat.general(180.18187f));
        assertEquals("1", CFormat.general(1.0));
        assertEquals("0.0001", CFormat.general(0.0001));
        assertEquals("1e-05", CFormat.general(0.00001));
        assertEquals("1e+06", CFormat.general(1e6));
        assertEquals("999999", CFormat.general(999999));
        assertEquals("1e+06", CFormat.general(999999.5));
        assertEquals("-3.14159", CFormat.general(-Math.PI));
        assertEquals("1.5e-07", CFormat.general(1.5e-7));
        assertEquals("123457", CFormat.general(123456.7));
        assertEquals("0", CFormat.general(0.0));
        assertEquals("inf", CFormat.general(Double.POSITIVE_INFINITY));
        assertEquals("1.23457e+100", CFormat.general(1.23456789e100));
    }
}
