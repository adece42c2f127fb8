package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loader's hash structures against java.util.HashMap, through several growths. */
class HashStructuresTest {
    @Test void ngramTableMatchesHashMap() {
        Random rnd = new Random(3);
        NgramTable t = new NgramTable(2, true, 16, 1000); // declared far below the real size: several growths
        Map<Long, Integer> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long key = NgramTable.key(rnd.nextInt(5000), rnd.nextInt(5000));
            int r = t.insert(key, i, -i);
            Integer old = ref.get(key);
            if (old == null) {
                assertTrue(r >= 0);
                ref.put(key, r);
            } else {
                assertEquals(-1 - old, r);
            }
        }
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            int idx = t.find(e.getKey());
            assertEquals((int) e.getValue(), idx);
            assertEquals(e.getKey(), t.keys[idx]);
        }
        assertEquals(-1, t.find(NgramTable.key(6000, 1)));
        assertEquals(ref.size(), t.size);
    }

    @Test void wordIndexMatchesHashMap() {
        WordIndex wi = new WordIndex();
        Map<String, Integer> ref = new HashMap<>();
        Random rnd = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            String w = Integer.toString(rnd.nextInt(40_000), 36) + (rnd.nextBoolean() ? "é" : "");
            byte[] b = ("xx" + w + "yy").getBytes(StandardCharsets.UTF_8);
            int got = wi.get(b, 2, b.length - 2);
            if (ref.containsKey(w)) {
                assertEquals((int) ref.get(w), got, w);
            } else {
                assertEquals(Integer.MIN_VALUE, got, w);
                wi.put(b, 2, b.length - 2, i);
                ref.put(w, i);
            }
        }
    }
}
