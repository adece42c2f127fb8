package moglm.kaldi.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives, scp files, pipes and the basic holders, checked against Kaldi's byte layouts. */
class TableIoTest {
    @TempDir Path tmp;

    static <T> Map<String, T> readAll(String rspec, Holder<T> h, List<String> warnings) throws IOException {
        Map<String, T> m = new LinkedHashMap<>();
        try (SequentialTableReader<T> r = new SequentialTableReader<>(rspec, h, warnings::add)) {
            while (r.next()) m.put(r.key(), r.value());
        }
        return m;
    }

    @Test void intVectorTextAndBinaryLayouts() throws IOException {
        Path t = tmp.resolve("t.ark"), b = tmp.resolve("b.ark");
        try (TableWriter<int[]> w = new TableWriter<>("ark,t:" + t, IntVectorHolder.INSTANCE)) {
            w.write("utt1", new int[] {3, 17, 5});
            w.write("utt2", new int[0]);
        }
        assertEquals("utt1 3 17 5 \nutt2 \n", Files.readString(t));
        try (TableWriter<int[]> w = new TableWriter<>("ark:" + b, IntVectorHolder.INSTANCE)) {
            w.write("u", new int[] {1, -2});
        }
        assertArrayEquals(new byte[] {'u', ' ', 0, 'B', 4, 2, 0, 0, 0, 4, 1, 0, 0, 0, 4, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                Files.readAllBytes(b));
        List<String> warn = new ArrayList<>();
        Map<String, int[]> m = readAll("ark:" + t, IntVectorHolder.INSTANCE, warn);
        assertArrayEquals(new int[] {3, 17, 5}, m.get("utt1"));
        assertArrayEquals(new int[0], m.get("utt2"));
        assertArrayEquals(new int[] {1, -2}, readAll("ark:" + b, IntVectorHolder.INSTANCE, warn).get("u"));
        assertTrue(warn.isEmpty());
    }

    @Test void floatAndIntLayouts() throws IOException {
        Path t = tmp.resolve("f.ark"), b = tmp.resolve("fb.ark"), i = tmp.resolve("i.ark");
        try (TableWriter<Float> w = new TableWriter<>("ark,t:" + t, FloatHolder.INSTANCE)) {
            w.write("a", 180.18187f);
            w.write("b", 2516.8743f);
        }
        assertEquals("a 180.1819 \nb 2516.874 \n", Files.readString(t));
        try (TableWriter<Float> w = new TableWriter<>("ark:" + b, FloatHolder.INSTANCE)) {
            w.write("a", 1.5f);
        }
        assertArrayEquals(new byte[] {'a', ' ', 0, 'B', 4, 0, 0, (byte) 0xc0, 0x3f}, Files.readAllBytes(b));
        assertEquals(1.5f, readAll("ark:" + b, FloatHolder.INSTANCE, new ArrayList<>()).get("a"));
        assertEquals(180.1819f, readAll("ark:" + t, FloatHolder.INSTANCE, new ArrayList<>()).get("a"));
        try (TableWriter<Integer> w = new TableWriter<>("ark,t:" + i, IntHolder.INSTANCE)) {
            w.write("x", 7);
        }
        assertEquals("x 7 \n", Files.readString(i));
        assertEquals(7, readAll("ark:" + i, IntHolder.INSTANCE, new ArrayList<>()).get("x"));
    }

    /** Text and binary entries may be mixed in one archive: the form is detected per entry. */
    @Test void formatDetectedPerEntry() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.write("a 1 2\n".getBytes(StandardCharsets.US_ASCII));
        bos.write(new byte[] {'b', ' ', 0, 'B', 4, 1, 0, 0, 0, 4, 9, 0, 0, 0});
        bos.write("c\t4\n".getBytes(StandardCharsets.US_ASCII));
        Path p = tmp.resolve("mixed.ark");
        Files.write(p, bos.toByteArray());
        Map<String, int[]> m = readAll("ark:" + p, IntVectorHolder.INSTANCE, new ArrayList<>());
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(m.keySet()));
        assertArrayEquals(new int[] {9}, m.get("b"));
        assertArrayEquals(new int[] {4}, m.get("c"));
    }

    @Test void pipesAndGzip() throws IOException {
        Path gz = tmp.resolve("x.ark.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("k1 5 6 \nk2 7 \n".getBytes(StandardCharsets.US_ASCII));
        }
        List<String> warn = new ArrayList<>();
        assertEquals(2, readAll("ark:" + gz, IntVectorHolder.INSTANCE, warn).size());           // gzip detected
        assertEquals(2, readAll("ark:gunzip -c " + gz + " |", IntVectorHolder.INSTANCE, warn).size()); // input pipe
        Path out = tmp.resolve("out.gz");
        try (TableWriter<int[]> w = new TableWriter<>("ark,t:| gzip -c > " + out, IntVectorHolder.INSTANCE)) {
            w.write("k", new int[] {1});
        }
        assertArrayEquals(new int[] {1}, readAll("ark:" + out, IntVectorHolder.INSTANCE, warn).get("k"));
        assertTrue(warn.isEmpty(), warn::toString);
    }

    @Test void failingPipesAreErrors() throws IOException {
        IOException e = assertThrows(IOException.class, () -> {
            try (SequentialTableReader<int[]> r = new SequentialTableReader<>("ark:echo 'k 1' ; exit 3 |", IntVectorHolder.INSTANCE, s -> { })) {
                while (r.next()) { /* read to the end */ }
            }
        });
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> {
            try (TableWriter<int[]> w = new TableWriter<>("ark,t:| cat > /dev/null; exit 4", IntVectorHolder.INSTANCE)) {
                w.write("k", new int[] {1});
            }
        });
        assertTrue(e2.getMessage().contains("exited with status 4"), e2.getMessage());
    }

    @Test void arkScpOffsetsReadBack() throws IOException {
        Path ark = tmp.resolve("a.ark"), scp = tmp.resolve("a.scp");
        try (TableWriter<int[]> w = new TableWriter<>("ark,scp:" + ark + "," + scp, IntVectorHolder.INSTANCE)) {
            w.write("first", new int[] {1, 2, 3});
            w.write("second", new int[] {4});
        }
        assertEquals("first " + ark + ":6\nsecond " + ark + ":" + (6 + 2 + 5 + 15 + 7) + "\n", Files.readString(scp));
        Map<String, int[]> m = readAll("scp:" + scp, IntVectorHolder.INSTANCE, new ArrayList<>());
        assertArrayEquals(new int[] {1, 2, 3}, m.get("first"));
        assertArrayEquals(new int[] {4}, m.get("second"));
        // entries out of order and a missing file: the bad line is reported, the rest read
        Files.writeString(scp, "second " + ark + ":" + (6 + 2 + 5 + 15 + 7) + "\nmissing " + tmp.resolve("nope.ark") + "\nfirst " + ark + ":6\n");
        List<String> warn = new ArrayList<>();
        m = readAll("scp:" + scp, IntVectorHolder.INSTANCE, warn);
        assertEquals(List.of("second", "first"), new ArrayList<>(m.keySet()));
        assertEquals(1, warn.size());
        assertTrue(warn.get(0).contains("'missing'"), warn.get(0));
    }

    @Test void scpWspecifierWritesOneFilePerKey() throws IOException {
        Path list = tmp.resolve("list.scp");
        Files.writeString(list, "a " + tmp.resolve("a.vec") + "\nb " + tmp.resolve("b.vec") + "\n");
        try (TableWriter<int[]> w = new TableWriter<>("scp,t:" + list, IntVectorHolder.INSTANCE)) {
            w.write("a", new int[] {1});
            w.write("b", new int[] {2, 3});
            assertThrows(IOException.class, () -> w.write("c", new int[] {4}));
        }
        assertEquals("2 3 \n", Files.readString(tmp.resolve("b.vec")));
        assertArrayEquals(new int[] {2, 3}, readAll("scp:" + list, IntVectorHolder.INSTANCE, new ArrayList<>()).get("b"));
    }

    @Test void badEntriesAreReportedAndSkipped() throws IOException {
        Path p = tmp.resolve("bad.ark");
        Files.writeString(p, "a 1 2\nb 3 x 4\nc 5\n");
        List<String> warn = new ArrayList<>();
        Map<String, int[]> m;
        int failed;
        try (SequentialTableReader<int[]> r = new SequentialTableReader<>("ark:" + p, IntVectorHolder.INSTANCE, warn::add)) {
            m = new LinkedHashMap<>();
            while (r.next()) m.put(r.key(), r.value());
            failed = r.failed();
            assertFalse(r.stoppedOnError());
        }
        assertEquals(List.of("a", "c"), new ArrayList<>(m.keySet()));
        assertEquals(1, failed);
        assertTrue(warn.get(0).startsWith("bad int32 vector for key 'b'"), warn.get(0));
        assertTrue(warn.get(0).contains("not an integer: 'x'"), warn.get(0));
        // permissive: reported, not counted
        try (SequentialTableReader<int[]> r = new SequentialTableReader<>("ark,p:" + p, IntVectorHolder.INSTANCE, s -> { })) {
            while (r.next()) { /* consume */ }
            assertEquals(0, r.failed());
        }
    }

    @Test void nonUtf8KeyStopsTheArchive() throws IOException {
        Path p = tmp.resolve("k.ark");
        Files.write(p, new byte[] {'a', ' ', '1', '\n', (byte) 0xff, (byte) 0xfe, ' ', '2', '\n'});
        List<String> warn = new ArrayList<>();
        try (SequentialTableReader<int[]> r = new SequentialTableReader<>("ark:" + p, IntVectorHolder.INSTANCE, warn::add)) {
            assertTrue(r.next());
            assertEquals("a", r.key());
            assertFalse(r.next());
            assertTrue(r.stoppedOnError());
            assertEquals(1, r.failed());
        }
        assertTrue(warn.get(0).contains("key is not valid UTF-8"), warn.get(0));
    }

    @Test void invalidKeysAreRejectedOnWrite() throws IOException {
        try (TableWriter<int[]> w = new TableWriter<>("ark,t:" + tmp.resolve("x"), IntVectorHolder.INSTANCE)) {
            assertThrows(IllegalArgumentException.class, () -> w.write("has space", new int[0]));
            assertThrows(IllegalArgumentException.class, () -> w.write("", new int[0]));
            w.write("ünïcode", new int[0]);
        }
        assertEquals("ünïcode \n", Files.readString(tmp.resolve("x")));
    }

    @Test void abortLeavesNoFile() throws IOException {
        Path p = tmp.resolve("never.ark");
        TableWriter<int[]> w = new TableWriter<>("ark:" + p, IntVectorHolder.INSTANCE);
        w.write("a", new int[] {1});
        w.abort();
        assertFalse(Files.exists(p));
        try (TableWriter<int[]> devnull = new TableWriter<>("ark:/dev/null", IntVectorHolder.INSTANCE)) {
            devnull.write("a", new int[] {1});
        }
        assertTrue(Files.exists(Path.of("/dev/null")));
    }

    @Test void randomAccessReader() throws IOException {
        Path p = tmp.resolve("r.ark");
        Files.writeString(p, "x 1\ny 2 3\nx 9\n");
        List<String> warn = new ArrayList<>();
        RandomAccessTableReader<int[]> r = new RandomAccessTableReader<>("ark:" + p, IntVectorHolder.INSTANCE, warn::add);
        assertTrue(r.hasKey("y"));
        assertArrayEquals(new int[] {1}, r.value("x"));
        assertNull(r.value("z"));
        assertEquals(1, warn.size());
    }
}
