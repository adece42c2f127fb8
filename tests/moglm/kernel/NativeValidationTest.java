package moglm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * The native entry points validate on their own (the Java layer is bypassed here): bad sizes,
 * nulls and out-of-order calls return a status and a message instead of crashing the JVM.
 */
class NativeValidationTest {

    @Test
    void nativeEntryPointsRejectBadCalls() {
        assertNull(Native.lm_create(0, 10, 4, 5, 1, 0, 0, 1));   // tied with E != H
        assertTrue(Native.last_error().contains("tied"), Native.last_error());
        assertNull(Native.lm_create(2, 10, 4, 4, 1, 0, 0, 0));
        assertTrue(Native.last_error().contains("precision"), Native.last_error());
        assertNull(Native.lm_create(1, 1 << 30, 2, 2, 1, 0, 0, 0));   // 2^31 doubles x 5 > RAM here
        assertTrue(Native.last_error().contains("GB"), Native.last_error());

        Native.LM h = Native.lm_create(0, 10, 4, 4, 2, 1, 0, 0);
        try {
            FloatPointer st = new FloatPointer(2 * 2 * 4 * 2);
            int[] w = {1, 2};
            assertEquals(1, Native.lm_forward(h, w, 2, 1, 2, st, 5, null, 0, null, 0, null, 0, null, 0, 1));
            assertTrue(Native.last_error().contains("state length 5"), Native.last_error());
            assertEquals(1, Native.lm_forward(h, w, 3, 1, 2, st, 32, null, 0, null, 0, null, 0, null, 0, 1));
            assertEquals(1, Native.lm_forward(h, null, 2, 1, 2, st, 32, null, 0, null, 0, null, 0, null, 0, 1));
            assertEquals(1, Native.lm_forward(h, w, 2, 1, 2, null, 32, null, 0, null, 0, null, 0, null, 0, 1));
            assertEquals(1, Native.lm_forward(h, new int[] {1, 99}, 2, 1, 2, st, 32, null, 0, null, 0, null, 0, null, 0, 1));
            assertEquals(1, Native.lm_forward(h, w, 2, 1, 2, st, 32, new float[3], 3, null, 0, null, 0, null, 0, 1));
            assertEquals(2, Native.lm_backward(h, null, 0));
            double[] res = new double[3];
            assertEquals(2, Native.lm_loss(h, w, 2, 1, null, 0, 0, 1, res));
            assertEquals(0, Native.lm_forward(h, w, 2, 1, 2, st, 32, null, 0, null, 0, null, 0, null, 0, 1));
            assertEquals(1, Native.lm_loss(h, w, 2, 1, null, 0, 0.5, 1, res));   // KD without teacher
            assertEquals(1, Native.lm_loss(h, w, 1, 1, null, 0, 0, 1, res));
            assertEquals(0, Native.lm_loss(h, w, 2, 1, null, 0, 0, 1, res));
            assertEquals(1, Native.lm_backward(h, st, 3));
            assertEquals(1, Native.lm_set_unit_mask(h, 99, 0, null, 0));
            assertEquals(1, Native.lm_set_elem_mask(h, new float[2], 2));
            assertEquals(1, Native.lm_step(h, w, 2, 2, st, 32, new float[5], 5));
            assertEquals(1, Native.lm_forward(null, w, 2, 1, 2, st, 32, null, 0, null, 0, null, 0, null, 0, 1));
            // a workspace larger than the machine is refused before anything is allocated
            assertEquals(1, Native.lm_forward(h, w, 2, 1 << 20, 256, st, 32, null, 0, null, 0, null, 0, null, 0, 1));
            assertTrue(Native.last_error().contains("GB"), Native.last_error());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Status.check(Native.lm_step(h, w, 2, 2, st, 31, new float[20], 20)));
            assertTrue(e.getMessage().contains("state length 31"), e.getMessage());
            st.deallocate();
        } finally {
            Native.lm_destroy(h);
        }
    }

    @Test
    void threadsWrapper() {
        int before = Threads.get();
        Threads.set(1);
        assertEquals(1, Threads.get());
        Threads.set(before);
        assertThrows(IllegalArgumentException.class, () -> Threads.set(0));
        assertTrue(!Threads.blasCore().isEmpty());
    }
}
