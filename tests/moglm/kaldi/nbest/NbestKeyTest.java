package moglm.kaldi.nbest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NbestKeyTest {
    @Test void rankIsAfterTheLastDash() {
        assertEquals(new NbestKey("LJ001-0001", 12), NbestKey.parse("LJ001-0001-12"));
        assertEquals(new NbestKey("utt", 1), NbestKey.parse("utt-1"));
        assertEquals("LJ001-0001-12", NbestKey.parse("LJ001-0001-12").toString());
    }

    @Test void badKeys() {
        for (String k : new String[] {"utt", "utt-", "-3", "utt-0", "utt-x1", "utt-+1", "utt-99999999999"}) {
            assertThrows(IllegalArgumentException.class, () -> NbestKey.parse(k), k);
        }
    }
}
