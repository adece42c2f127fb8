package moglm.rescore.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive composer keeps state ids, words and input arc indices exactly: it stored them as
 * floats, which round ids above 2^24 = 16,777,216 (a composition of that many states then has arcs
 * that lead to the wrong state).
 */
class ExhaustiveLatticeComposerTest {
    static final int[] IDS = {0, 1, (1 << 24) - 1, 1 << 24, (1 << 24) + 1, (1 << 24) + 3, 123_456_789, Integer.MAX_VALUE};

    @Test void floatsCannotHoldTheseIds() {
        // what the old arc storage did: ids past 2^24 come back as other ids
        assertNotEquals((1 << 24) + 1, (int) (float) ((1 << 24) + 1));
    }

    @Test void arcsKeepIdsWordsAndOriginsExactly() {
        ExhaustiveLatticeComposer.Arcs arcs = new ExhaustiveLatticeComposer.Arcs();
        for (int i = 0; i < 1000; i++) {   // past the initial capacity: the arrays grow
            int id = IDS[i % IDS.length];
            arcs.add(id, Integer.MAX_VALUE - id, 0.25f * i, -i, id ^ 0x5555);
        }
        assertEquals(1000, arcs.size);
        for (int i = 0; i < 1000; i++) {
            int id = IDS[i % IDS.length];
            assertEquals(id, arcs.dst.at(i));
            assertEquals(Integer.MAX_VALUE - id, arcs.word.at(i));
            assertEquals(id ^ 0x5555, arcs.origin.at(i));
            assertEquals(0.25f * i, arcs.graph[i]);
            assertEquals(-i, arcs.acoustic[i]);
        }
    }

    @Test void statePairKeysAreDistinctAndExact() {
        Set<Long> keys = new HashSet<>();
        for (int lat : IDS) {
            for (int lm : IDS) {
                long k = ExhaustiveLatticeComposer.key(lat, lm);
                assertEquals(lat, (int) (k >>> 32));
                assertEquals(lm, (int) k);
                keys.add(k);
            }
        }
        assertEquals(IDS.length * IDS.length, keys.size());
    }

    @Test void intsGrowAndSetPastTheEnd() {
        ExhaustiveLatticeComposer.Ints a = new ExhaustiveLatticeComposer.Ints();
        a.set(100, (1 << 24) + 1);
        assertEquals(101, a.size);
        assertEquals((1 << 24) + 1, a.at(100));
        a.add(7);
        assertEquals(7, a.at(101));
    }
}
