package moglm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The library's starting thread count: 1, unless -Dmoglm.threads or OpenBLAS's environment asks otherwise. */
class ThreadsDefaultTest {
    @Test void oneThreadUnlessAsked() {
        assertEquals(1, Threads.defaultCount(null, Map.<String, String>of()::get));
        assertEquals(3, Threads.defaultCount("3", Map.<String, String>of()::get));
        assertEquals(2, Threads.defaultCount(" 2 ", Map.of("OPENBLAS_NUM_THREADS", "4")::get), "the property wins");
        assertNull(Threads.defaultCount(null, Map.of("OPENBLAS_NUM_THREADS", "4")::get), "OpenBLAS applied its variable itself");
        assertNull(Threads.defaultCount(null, Map.of("OMP_NUM_THREADS", "2")::get));
        assertEquals(1, Threads.defaultCount("", Map.of("OPENBLAS_NUM_THREADS", "")::get));
        assertThrows(IllegalArgumentException.class, () -> Threads.defaultCount("0", Map.<String, String>of()::get));
        assertThrows(IllegalArgumentException.class, () -> Threads.defaultCount("many", Map.<String, String>of()::get));
    }
}
