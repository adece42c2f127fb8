package moglm.kaldi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The compact storage of {@link SymbolTable} (symbol bytes with offsets, an open-addressing hash
 * index, Strings made on demand) against plain maps: every lookup by String (present, absent,
 * ASCII, non-ASCII, supplementary characters, unpaired surrogates), by id (dense, sparse, out of
 * order), the written table, and symbols whose hashes collide.
 */
class SymbolTableIndexTest {

    /** Checks every lookup of t against the map symbol -> id, and some absent symbols. */
    static void assertSameTable(Map<String, Integer> want, SymbolTable t, SplittableRandom r, List<String> absent) {
        assertEquals(want.size(), t.size());
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, Integer> e : want.entrySet()) byId.put(e.getValue(), e.getKey());
        int[] ids = byId.keySet().stream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(ids, t.ids());
        assertEquals(ids.length == 0 ? -1 : ids[ids.length - 1], t.maxId());
        for (Map.Entry<String, Integer> e : want.entrySet()) {
            // a String equal to the key but not the same object, as tokens of a text are
            String probe = new String(e.getKey().toCharArray());
            assertEquals(e.getValue(), t.id(probe), probe);
            assertEquals(e.getValue(), t.idOrOov(probe, -7), probe);
            assertTrue(t.contains(probe), probe);
            assertEquals(e.getKey(), t.symbol(e.getValue()));
            assertEquals(e.getKey().getBytes(StandardCharsets.UTF_8)[0] & 0xff, t.firstByte(e.getValue()));
        }
        for (String s : absent) {
            if (want.containsKey(s)) continue;
            assertEquals(SymbolTable.NO_SYMBOL, t.id(s), s);
            assertEquals(-7, t.idOrOov(s, -7), s);
            assertFalse(t.contains(s), s);
        }
        for (int k = 0; k < 200; k++) {
            int id = r.nextInt(3) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(Math.max(1, t.maxId() + 10)) - 5;
            assertEquals(byId.get(id), t.symbol(id), "id " + id);
            if (!byId.containsKey(id)) assertEquals(-1, t.firstByte(id));
        }
        // written as "symbol id" lines in id order, as the Strings' UTF-8
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, String> e : byId.entrySet()) sb.append(e.getValue()).append(' ').append(e.getKey()).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            t.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(sb.toString().getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }

    private static final String[] PIECES = {"a", "b", "the", "<unk>", "#", "é", "ï", "日本", "😀", "ß", "x", "Z", "0", "<", ">"};

    static String randomWord(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) sb.append(PIECES[r.nextInt(PIECES.length)]);
        if (r.nextBoolean()) sb.append(r.nextInt(1000));
        return sb.toString();
    }

    @Test void parsedTablesAgreeWithAMapOnEveryLookup() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 300; t++) {
            int n = r.nextInt(t < 50 ? 10 : 3000);
            Map<String, Integer> want = new HashMap<>();
            // ids: in order (every real table), shuffled, with gaps, or sparse and huge
            int mode = r.nextInt(4);
            List<Integer> idList = new ArrayList<>();
            long next = 0;
            for (int i = 0; i < n; i++) {
                next += mode == 2 ? 1 + r.nextInt(5) : mode == 3 ? 1 + r.nextInt(1_000_000) : 1;
                if (next > Integer.MAX_VALUE) break;
                idList.add((int) next - 1);
            }
            if (mode == 1) java.util.Collections.shuffle(idList, new java.util.Random(t));
            StringBuilder text = new StringBuilder();
            for (int id : idList) {
                String w = randomWord(r);
                if (want.putIfAbsent(w, id) != null) continue;
                text.append(w).append(r.nextBoolean() ? " " : "\t").append(id).append('\n');
            }
            SymbolTable s = SymbolTable.parse(text.toString().getBytes(StandardCharsets.UTF_8), "w.txt");
            List<String> absent = new ArrayList<>();
            for (int k = 0; k < 300; k++) absent.add(randomWord(r));
            absent.add("");
            absent.add("\uD800");
            assertSameTable(want, s, r, absent);
        }
    }

    @Test void tablesBuiltFromStringsAgreeWithAMap() {
        SplittableRandom r = new SplittableRandom(6);
        List<String> symbols = new ArrayList<>(List.of("<eps>", "?", "\uD800", "\uDC00\uD800", "\uD83D", "a\uDE00", "😀", "\uD83D\uDE00x"));
        while (symbols.size() < 5000) {
            String w = randomWord(r);
            if (!symbols.contains(w)) symbols.add(w);
        }
        Map<String, Integer> want = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) want.put(symbols.get(i), i);
        SymbolTable t = SymbolTable.of(symbols);
        // unpaired surrogates are distinct symbols, not '?' (which the written file shows for them)
        assertEquals(1, t.id("?"));
        assertEquals(2, t.id("\uD800"));
        assertEquals(3, t.id("\uDC00\uD800"));
        assertEquals(SymbolTable.NO_SYMBOL, t.id("\uDC00"));
        assertEquals(SymbolTable.NO_SYMBOL, t.id("\uD800\uDC00"));
        List<String> absent = new ArrayList<>();
        for (int k = 0; k < 2000; k++) absent.add(randomWord(r));
        for (Map.Entry<String, Integer> e : want.entrySet()) {
            String w = e.getKey();
            assertEquals(e.getValue(), t.id(w));
            assertEquals(w, t.symbol(e.getValue()));
        }
        for (String s : absent) if (!want.containsKey(s)) assertEquals(SymbolTable.NO_SYMBOL, t.id(s), s);
    }

    @Test void symbolsWithEqualHashesAreToldApart() throws IOException {
        // String hashes: "Aa" and "BB" collide, so do all their concatenations; an ASCII symbol of
        // control characters collides with "é" (31 * 7 + 16 = 233)
        List<String> colliding = List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "\u0007\u0010", "é");
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals("é".hashCode(), "\u0007\u0010".hashCode());
        StringBuilder text = new StringBuilder("<eps> 0\n");
        Map<String, Integer> want = new HashMap<>(Map.of("<eps>", 0));
        for (String w : colliding) {
            if (w.equals("BB") || w.equals("é")) continue;   // looked up, absent
            want.put(w, want.size());
            text.append(w).append(' ').append(want.get(w)).append('\n');
        }
        SymbolTable t = SymbolTable.parse(text.toString().getBytes(StandardCharsets.UTF_8), "w.txt");
        assertFalse(t.flooded());
        assertSameTable(want, t, new SplittableRandom(1), colliding);
        SymbolTable both = SymbolTable.parse((text + "BB 8\né 9\n").getBytes(StandardCharsets.UTF_8), "w.txt");
        assertEquals(8, both.id("BB"));
        assertEquals(9, both.id("é"));
        assertEquals(1, both.id("Aa"));
        // a duplicate among colliding symbols is still found
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> SymbolTable.parse((text + "AaBB 99\n").getBytes(StandardCharsets.UTF_8), "w.txt"));
        assertEquals("w.txt:8: duplicate symbol 'AaBB' (ids 3 and 99)", e.getMessage());
    }

    @Test void tablesOfCollidingSymbolsAreIndexedByAHashMap() throws IOException {
        // 4096 symbols with one String hash (12 pieces "Aa" / "BB"), among ordinary ones
        for (int variant = 0; variant < 2; variant++) {
            List<String> symbols = new ArrayList<>();
            for (int i = 0; i < 1000; i++) symbols.add("w" + i);
            for (int m = 0; m < 4096; m++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < 12; k++) sb.append((m >> k & 1) == 0 ? "Aa" : "BB");
                symbols.add(variant == 0 ? sb.toString() : sb + "ä");
            }
            java.util.Collections.shuffle(symbols, new java.util.Random(variant));
            StringBuilder text = new StringBuilder();
            Map<String, Integer> want = new HashMap<>();
            for (String w : symbols) {
                want.put(w, want.size());
                text.append(w).append(' ').append(want.get(w)).append('\n');
            }
            SymbolTable t = SymbolTable.parse(text.toString().getBytes(StandardCharsets.UTF_8), "w.txt");
            assertTrue(t.flooded());
            List<String> absent = new ArrayList<>(List.of("AaAaAaAaAaAaAaAaAaAaAaAa" + (variant == 0 ? "x" : ""), "w1000", "BB"));
            assertSameTable(want, t, new SplittableRandom(2), absent);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> SymbolTable.parse((text + symbols.get(4000) + " 77777\n").getBytes(StandardCharsets.UTF_8), "w.txt"));
            assertEquals("w.txt:5097: duplicate symbol '" + symbols.get(4000) + "' (ids 4000 and 77777)", e.getMessage());
            SymbolTable made = SymbolTable.of(symbols);
            assertTrue(made.flooded());
            for (int i = 0; i < symbols.size(); i += 7) assertEquals(i, made.id(symbols.get(i)));
        }
    }

    @Test void aLargeTableAgreesWithAMap() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        Map<String, Integer> want = new HashMap<>();
        for (int id = 0; id < 200_000; id++) {
            String w = id % 7 == 0 ? "wörd" + id : "w" + Integer.toString(id * 7919, 36);
            want.put(w, id);
            text.append(w).append(' ').append(id).append('\n');
        }
        SymbolTable t = SymbolTable.parse(text.toString().getBytes(StandardCharsets.UTF_8), "big.txt");
        List<String> absent = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) absent.add("w" + Integer.toString(r.nextInt(), 36));
        assertSameTable(want, t, r, absent);
        assertNull(t.symbol(200_000));
    }

    @Test void duplicateIdsAreFoundWhateverTheOrderOfIds() {
        assertMessage("words.txt:4: duplicate id 5 (symbols 'b' and 'c')", "a 9\nb 5\nx 11\nc 5\n");
        assertMessage("words.txt:3: duplicate id 0 (symbols 'a' and 'c')", "a 0\nb 1\nc 0\n");
        assertMessage("words.txt:3: duplicate id 2000000000 (symbols 'a' and 'c')", "a 2000000000\nb 1\nc 2000000000\n");
        assertMessage("words.txt:4: duplicate id 7 (symbols 'naïve' and 'c')", "a 9\nnaïve 7\nx 11\nc 7\n");
        assertMessage("words.txt:4: duplicate symbol 'naïve' (ids 7 and 12)", "a 9\nnaïve 7\nx 11\nnaïve 12\n");
    }

    static void assertMessage(String expected, String table) {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> SymbolTable.parse(table.getBytes(StandardCharsets.UTF_8), "words.txt"));
        assertEquals(expected, e.getMessage());
    }
}
