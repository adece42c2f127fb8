package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import moglm.l0.L0Hook;
import moglm.l0.StructureGates;
import moglm.l0.Structure;
import moglm.l0.UnitGates;
import moglm.level.LevelMasks;
import moglm.level.LevelMasksCodec;
import moglm.level.RankLevels;
import moglm.model.ModelConfig;
import org.junit.jupiter.api.Test;

/**
 * The section payloads ({@link SectionCodec}): payloads of the first formats (big-endian, some
 * without magic or version; fixtures in {@code legacy/} written by the code before the codec)
 * still read, and every payload written now reads back and re-encodes to the same bytes.
 */
class SectionPayloadsTest {
    static final Path LEGACY = Path.of("tests/moglm/modelfile/legacy");
    static final ModelConfig L0_CONFIG = new ModelConfig(11, 4, 5, 2, 2, 0, false);

    static byte[] legacy(String name) throws IOException {
        return Files.readAllBytes(LEGACY.resolve(name));
    }

    @Test void codecLayoutIsLittleEndianWithMagicAndVersion() throws IOException {
        byte[] b = SectionCodec.writer("TEST", 3).writeInt(0x01020304).writeDouble(1.5).writeString("é").writeBoolean(true).toBytes();
        assertArrayEquals(new byte[] {'T', 'E', 'S', 'T', 3, 0, 0, 0, 4, 3, 2, 1}, Arrays.copyOf(b, 12));
        SectionCodec.Reader r = SectionCodec.read(b, "s", "TEST", 3, "f");
        assertEquals(3, r.version());
        assertEquals(0x01020304, r.readInt());
        assertEquals(1.5, r.readDouble());
        assertEquals("é", r.readString());
        assertTrue(r.readBoolean());
        r.end();
        IOException e = assertThrows(IOException.class, () -> SectionCodec.read(b, "s", "TEST", 2, "f.mlm"));
        assertTrue(e.getMessage().contains("f.mlm") && e.getMessage().contains("version 3"), e.getMessage());
        e = assertThrows(IOException.class, () -> SectionCodec.read(b, "s", "OTHR", 3, "f.mlm"));
        assertTrue(e.getMessage().contains("does not start with OTHR"), e.getMessage());
        SectionCodec.Reader cut = SectionCodec.read(Arrays.copyOf(b, 14), "s", "TEST", 3, "f.mlm");
        cut.readInt();
        e = assertThrows(IOException.class, cut::readDouble);
        assertTrue(e.getMessage().contains("f.mlm: section s is truncated"), e.getMessage());
    }

    /** A version-1 payload as DataOutputStream wrote it reads with the same calls. */
    /**
     * A payload of several MiB (collected in 1 MiB chunks) has exactly the bytes of the plain
     * little-endian encoding: writes of every kind and length across the chunk boundaries.
     */
    @Test void largePayloadBytesAreThePlainEncoding() throws IOException {
        java.util.Random rnd = new java.util.Random(4);
        SectionCodec.Writer w = SectionCodec.writer("TEST", 2);
        java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
        want.writeBytes("TEST".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.ByteBuffer b8 = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        want.write(b8.putInt(0, 2).array(), 0, 4);
        while (want.size() < 3 * (1 << 20) + 12345) {
            switch (rnd.nextInt(5)) {
                case 0 -> { int v = rnd.nextInt(); w.writeInt(v); want.write(b8.putInt(0, v).array(), 0, 4); }
                case 1 -> { long v = rnd.nextLong(); w.writeLong(v); want.write(b8.putLong(0, v).array(), 0, 8); }
                case 2 -> { boolean v = rnd.nextBoolean(); w.writeBoolean(v); want.write(v ? 1 : 0); }
                case 3 -> { int v = rnd.nextInt(256); w.writeByte(v); want.write(v); }
                default -> { byte[] a = new byte[rnd.nextInt(300_000)]; rnd.nextBytes(a); w.write(a); want.writeBytes(a); }
            }
        }
        assertArrayEquals(want.toByteArray(), w.toBytes());
        assertArrayEquals(want.toByteArray(), w.toBytes(), "toBytes twice");
    }

    @Test void legacyBigEndianVersionOneReads() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x54455354);   // "TEST"
        out.writeInt(1);
        out.writeInt(0x01020304);
        out.writeUTF("é");
        out.writeDouble(-2.25);
        SectionCodec.Reader r = SectionCodec.read(bytes.toByteArray(), "s", "TEST", 2, "f");
        assertEquals(1, r.version());
        assertEquals(0x01020304, r.readInt());
        assertEquals("é", r.readString());
        assertEquals(-2.25, r.readDouble());
        r.end();
    }

    @Test void rankLevels() throws IOException {
        RankLevels old = RankLevels.fromBytes(legacy("lowrank.levels.v1.bin"), 16, "legacy");
        assertArrayEquals(new int[] {2, 4, 8}, old.ranks());
        byte[] now = old.toBytes();
        assertArrayEquals(now, RankLevels.fromBytes(now, 16, "new").toBytes());
        assertArrayEquals(new int[] {2, 4, 8}, RankLevels.fromBytes(now, 16, "new").ranks());
        assertEquals(2, SectionCodec.read(now, "lowrank.levels", "MGRL", 2, "new").version());
    }

    @Test void elementMasks() throws IOException {
        LevelMasks old = LevelMasksCodec.fromBytes(legacy("prune.levels.element.v1.bin"), "legacy");
        assertEquals("element", old.granularity());
        assertEquals("0.3,0.6", old.levels().toString());
        byte[] now = LevelMasksCodec.toBytes(old);
        LevelMasks back = LevelMasksCodec.fromBytes(now, "new");
        assertArrayEquals(now, LevelMasksCodec.toBytes(back));
        for (int k = 0; k < 2; k++) assertArrayEquals(old.flatMask(k), back.flatMask(k));
        assertNotEquals(0, countZeros(old.flatMask(1)));
        assertTrue(countZeros(old.flatMask(1)) > countZeros(old.flatMask(0)), "level 0.6 removes more than 0.3");
    }

    static int countZeros(float[] m) {
        int z = 0;
        for (float v : m) if (v == 0f) z++;
        return z;
    }

    @Test void unitGates() throws IOException {
        UnitGates old = UnitGates.fromBytes(L0_CONFIG, legacy("l0.gates.v0.bin"), "legacy");
        assertEquals(-2.5, old.logAlpha(1)[3]);
        assertEquals(0.25, old.logAlpha(0)[0]);
        byte[] now = old.toBytes();
        assertTrue(SectionCodec.startsWith(now, "L0UG"));
        assertArrayEquals(now, UnitGates.fromBytes(L0_CONFIG, now, "new").toBytes());
    }

    @Test void structureGates() throws IOException {
        StructureGates old = StructureGates.fromBytes(L0_CONFIG, legacy("l0.structure-gates.v0.bin"), "legacy");
        assertEquals(EnumSet.allOf(Structure.class), old.map().structures());
        assertEquals(-2.5, old.logAlpha(3)[2]);
        byte[] now = old.toBytes();
        assertTrue(SectionCodec.startsWith(now, "L0SG"));
        assertArrayEquals(now, StructureGates.fromBytes(L0_CONFIG, now, "new").toBytes());
    }

    @Test void everySectionNameIsRegistered() {
        for (String s : new String[] {LevelMasksCodec.SECTION, RankLevels.SECTION, L0Hook.GATES_SECTION, L0Hook.LAMBDA_SECTION,
                L0Hook.STRUCTURE_GATES_SECTION, L0Hook.RESUME_SECTION, moglm.distill.OnDemandHook.FRACTION_SECTION,
                moglm.distill.OnDemandHook.RESUME_SECTION}) {
            assertTrue(Sections.isKnown(s), s);
        }
        assertTrue(Sections.isKnown("param/layer0.lstm.weight"));
        assertFalse(Sections.isKnown("no.such.section"));
    }
}
