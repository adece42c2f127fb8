package moglm.prune;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PruneScheduleTest {
    @Test void cubicScheduleMatchesZhuGupta() {
        PruneSchedule s = PruneSchedule.parse("cubic:100:200:10");
        assertEquals(0, s.fraction(99));
        assertEquals(0, s.fraction(100), 1e-12);
        assertEquals(1 - Math.pow(0.5, 3), s.fraction(150), 1e-12);
        assertEquals(1 - Math.pow(0.5, 3), s.fraction(159), 1e-12, "constant between updates");
        assertEquals(1, s.fraction(200));
        assertEquals(1, s.fraction(10_000));
        // s_t = s_f + (s_i - s_f)(1 - (t - t0)/(n dt))^3 with s_i = 0.1, s_f = 0.9 at t = 130
        assertEquals(0.9 + (0.1 - 0.9) * Math.pow(1 - 0.3, 3), s.sparsity(130, 0.1, 0.9), 1e-12);
        assertTrue(s.updatesAt(100) && s.updatesAt(110) && s.updatesAt(200));
        assertFalse(s.updatesAt(105) || s.updatesAt(210) || s.updatesAt(90));
    }

    @Test void oneShot() {
        PruneSchedule s = PruneSchedule.parse("oneshot:50");
        assertEquals(0, s.fraction(49));
        assertEquals(1, s.fraction(50));
        assertTrue(s.updatesAt(50));
        assertFalse(s.updatesAt(51));
        assertThrows(IllegalArgumentException.class, () -> PruneSchedule.parse("cubic:0:95:10"));
        assertThrows(IllegalArgumentException.class, () -> PruneSchedule.parse("linear:3"));
    }
}
