package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionFileTest {
    @TempDir Path dir;

    private Path writeSample() throws IOException {
        float[] big = new float[100_003];
        for (int i = 0; i < big.length; i++) big[i] = (float) Math.sin(i) * 1e3f;
        Path f = dir.resolve("m.mlm");
        new SectionFile.Writer("moglm-model")
                .text("config", "a=1\nb=x y\n")
                .floats("param/embed", 3, 2, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, Float.MAX_VALUE})
                .floats("param/big", 1, big.length, big)
                .ints("ids", new int[] {7, -1, Integer.MAX_VALUE})
                .bytes("blob", new byte[] {0, (byte) 255})
                .text("ünïcode", "wörds")
                .write(f);
        return f;
    }

    @Test void roundTripKeepsEveryValueBitForBit() throws IOException {
        Path f = writeSample();
        SectionFile s = SectionFile.read(f, "moglm-model");
        assertEquals(SectionFile.VERSION, s.version());
        assertEquals(java.util.List.of("config", "param/embed", "param/big", "ids", "blob", "ünïcode"), s.names());
        assertEquals("a=1\nb=x y\n", s.text("config"));
        SectionFile.Floats e = s.floats("param/embed");
        assertEquals(3, e.rows());
        assertEquals(2, e.cols());
        float[] want = {1, -2, 3.5f, Float.MIN_VALUE, -0f, Float.MAX_VALUE};
        for (int i = 0; i < want.length; i++) assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(e.data()[i]));
        float[] big = s.floats("param/big").data();
        for (int i = 0; i < big.length; i++) assertEquals((float) Math.sin(i) * 1e3f, big[i]);
        assertArrayEquals(new int[] {7, -1, Integer.MAX_VALUE}, s.ints("ids"));
        assertArrayEquals(new byte[] {0, (byte) 255}, s.bytes("blob"));
        assertEquals("wörds", s.text("ünïcode"));
        ModelFileException missing = assertThrows(ModelFileException.class, () -> s.text("nope"));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains(f.toString()));
        assertThrows(ModelFileException.class, () -> s.floats("config"));
    }

    @Test void truncatedFileFailsNamingTheFile() throws IOException {
        Path f = writeSample();
        byte[] b = Files.readAllBytes(f);
        for (int len : new int[] {0, 5, 20, b.length / 2, b.length - 1}) {
            Path t = dir.resolve("cut" + len + ".mlm");
            Files.write(t, Arrays.copyOf(b, len));
            ModelFileException e = assertThrows(ModelFileException.class, () -> SectionFile.read(t, null));
            assertTrue(e.getMessage().startsWith(t.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a moglm"), e.getMessage());
        }
    }

    @Test void everySingleBitFlipInTheHeaderAndSomeInTheDataIsDetected() throws IOException {
        Path f = writeSample();
        byte[] b = Files.readAllBytes(f);
        java.util.Random r = new java.util.Random(1);
        int[] positions = new int[300];
        for (int i = 0; i < 200; i++) positions[i] = i;                      // header and first sections
        for (int i = 200; i < 300; i++) positions[i] = r.nextInt(b.length);  // anywhere, footer included
        for (int pos : positions) {
            byte[] c = b.clone();
            c[pos] ^= (byte) (1 << r.nextInt(8));
            Path t = dir.resolve("flip.mlm");
            Files.write(t, c);
            ModelFileException e = assertThrows(ModelFileException.class, () -> SectionFile.read(t, null), "flip at " + pos);
            assertTrue(e.getMessage().startsWith(t.toString()), e.getMessage());
        }
    }

    @Test void wrongMagicNewerVersionAndWrongCodecAreRefusedClearly() throws IOException {
        Path f = writeSample();
        byte[] b = Files.readAllBytes(f);
        Path t = dir.resolve("x.mlm");
        Files.writeString(t, "<eps> 0\n<unk> 1\n");
        assertTrue(assertThrows(ModelFileException.class, () -> SectionFile.read(t, null)).getMessage().contains("not a moglm model file"));

        // newer version: patch the version field and recompute the checksum, as a future writer would
        byte[] c = b.clone();
        int versionAt = 8 + 1 + "moglm-model".length();
        c[versionAt] = (byte) (SectionFile.VERSION + 1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(c, 0, c.length - 8);
        java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(c.length - 8, crc.getValue());
        Files.write(t, c);
        String msg = assertThrows(ModelFileException.class, () -> SectionFile.read(t, null)).getMessage();
        assertTrue(msg.contains("version " + (SectionFile.VERSION + 1)) && msg.contains("newer"), msg);

        msg = assertThrows(ModelFileException.class, () -> SectionFile.read(f, "moglm-checkpoint")).getMessage();
        assertTrue(msg.contains("moglm-model"), msg);
        msg = assertThrows(ModelFileException.class, () -> SectionFile.read(dir.resolve("none.mlm"), null)).getMessage();
        assertTrue(msg.contains("no such file"), msg);
    }

    @Test void writeIsAtomicAndLeavesNoTempFiles() throws IOException {
        Path f = writeSample();
        writeSample();
        try (var s = Files.list(dir)) {
            assertEquals(java.util.List.of(f), s.toList());
        }
    }

    @Test void textBytesAreTheTextsUtf8EvenWhenThePayloadIsNot() throws IOException {
        Path f = dir.resolve("t.mlm");
        new SectionFile.Writer("moglm-model").text("ascii", "a 1\nb 2\n").text("utf8", "naïve 1\n日本 2\n")
                .text("broken", "xé y").text("empty", "").write(f);
        // make the payload of "broken" invalid UTF-8 (é = C3 A9 -> C3 28) and fix the checksum
        byte[] b = Files.readAllBytes(f);
        int at = -1;
        for (int i = 0; i + 1 < b.length; i++) if ((b[i] & 0xff) == 0xC3 && (b[i + 1] & 0xff) == 0xA9) at = i;
        b[at + 1] = 0x28;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, 0, b.length - 8);
        java.nio.ByteBuffer.wrap(b, b.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue());
        Files.write(f, b);
        SectionFile s = SectionFile.read(f, null);
        for (String name : new String[] {"ascii", "utf8", "broken", "empty"}) {
            assertArrayEquals(s.text(name).getBytes(java.nio.charset.StandardCharsets.UTF_8), s.textBytes(name), name);
        }
        assertEquals("x\uFFFD( y", s.text("broken"));
        assertEquals("text", s.kind("utf8"));
        assertThrows(ModelFileException.class, () -> s.textBytes("nope"));
        assertThrows(ModelFileException.class, () -> s.textBytes("nope"));
    }
}
