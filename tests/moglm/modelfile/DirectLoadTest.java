package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.ParamSpec;
import moglm.model.Precision;
import moglm.model.SparseKernels;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading copies each tensor from the mapped, verified file straight into native memory
 * ({@link SectionFile#floatBytes}, {@link MogrifierLM#setParam(String, ByteBuffer)}): the loaded
 * parameters are bit for bit those the file holds (as the decoding path reads them) and those the
 * writer had; damaged or lying files are still refused with the file and the byte offset.
 */
class DirectLoadTest {
    @TempDir Path dir;

    /** A model whose values include the awkward ones: -0, subnormals, the largest float, exact zeros. */
    private static MogrifierLM awkwardModel(Vocabulary v, boolean tied) {
        MogrifierLM m = new MogrifierLM(new ModelConfig(v.size(), 6, tied ? 6 : 5, 2, 3, 0, tied), Precision.FLOAT);
        m.initRandom(11);
        SplittableRandom r = new SplittableRandom(3);
        for (ParamSpec p : m.params()) {
            float[] x = m.getParam(p.name());
            for (int i = 0; i < x.length; i++) {
                switch (r.nextInt(8)) {
                    case 0 -> x[i] = -0f;
                    case 1 -> x[i] = Float.MIN_VALUE * (1 + r.nextInt(1000));
                    case 2 -> x[i] = r.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
                    case 3 -> x[i] = 0f;
                    default -> { }
                }
            }
            m.setParam(p.name(), x);
        }
        return m;
    }

    private static void assertSameBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                fail(what + "[" + i + "]: want " + want[i] + " got " + got[i]);
            }
        }
    }

    @Test void loadedParametersAreBitIdenticalToTheWriterAndToTheDecodingPath() throws IOException {
        Vocabulary v = ModelFiles.vocabulary();
        for (boolean tied : new boolean[] {true, false}) {
            Path f = dir.resolve("m" + tied + ".mlm");
            try (MogrifierLM src = awkwardModel(v, tied)) {
                ModelFile.write(f, src, v, Map.of("note", "x"));
                SectionFile file = SectionFile.read(f, null);
                try (ModelFile.Loaded l = ModelFile.read(f)) {
                    for (ParamSpec p : src.params()) {
                        float[] loaded = l.model().getParam(p.name());
                        assertSameBits(src.getParam(p.name()), loaded, p.name() + " vs the writer");
                        assertSameBits(file.floats(Sections.PARAM_PREFIX + p.name()).data(), loaded, p.name() + " vs decoding");
                    }
                }
            }
        }
    }

    @Test void sparseStorageAndDenseStorageLoadTheSameParameters() throws IOException {
        Vocabulary v = ModelFiles.vocabulary();
        Path dense = dir.resolve("d.mlm"), sparse = dir.resolve("s.mlm");
        try (MogrifierLM src = awkwardModel(v, true)) {
            // prune one matrix hard so that its sparse form is the smaller one
            String w = src.params().stream().filter(p -> p.name().endsWith("lstm.weight")).findFirst().orElseThrow().name();
            float[] x = src.getParam(w);
            for (int i = 0; i < x.length; i++) if (i % 7 != 0) x[i] = 0f;
            src.setParam(w, x);
            ModelFile.write(dense, src, v, Map.of());
            ModelFile.writeSparse(sparse, src, v, Map.of());
            assertTrue(SectionFile.read(sparse, null).has(Sections.SPARSE_PREFIX + w));
            try (ModelFile.Loaded a = ModelFile.read(dense); ModelFile.Loaded b = ModelFile.read(sparse)) {
                for (ParamSpec p : src.params()) {   // equal values (sparse storage keeps no -0: a zero is a zero)
                    float[] da = a.model().getParam(p.name()), db = b.model().getParam(p.name());
                    for (int i = 0; i < da.length; i++) assertTrue(da[i] == db[i], p.name() + "[" + i + "]: " + da[i] + " vs " + db[i]);
                }
                // the matrix went on the CSR kernel in both (density from native memory, no copy)
                assertTrue(a.model().sparseNonZeros(w) > 0);
                assertEquals(a.model().sparseNonZeros(w), b.model().sparseNonZeros(w));
            }
        }
    }

    @Test void setParamFromBuffersEqualsSetParamFromArraysForEveryKindOfBuffer() {
        Vocabulary v = ModelFiles.vocabulary();
        for (Precision precision : Precision.values()) {
            try (MogrifierLM src = awkwardModel(v, true);
                 MogrifierLM a = new MogrifierLM(src.config(), precision);
                 MogrifierLM b = new MogrifierLM(src.config(), precision)) {
                for (ParamSpec p : src.params()) {
                    float[] x = src.getParam(p.name());
                    a.setParam(p.name(), x);
                    ByteBuffer heap = ByteBuffer.allocate(4 * x.length + 3).order(ByteOrder.LITTLE_ENDIAN);
                    heap.position(3);   // not at 0, unaligned
                    for (float f : x) heap.putFloat(f);
                    heap.position(3);
                    ByteBuffer direct = ByteBuffer.allocateDirect(4 * x.length + 1).order(ByteOrder.BIG_ENDIAN);
                    direct.position(1);
                    direct.put(heap.duplicate());
                    direct.position(1);
                    b.setParam(p.name(), p.name().hashCode() % 2 == 0 ? heap : direct);
                    assertEquals(3, heap.position(), "the caller's buffer is not moved");
                    assertArrayEquals(a.getParamD(p.name()), b.getParamD(p.name()), p.name() + " " + precision);
                    assertEquals(SparseKernels.density(x), (double) a.countNonZeros(p.name()) / x.length, 0.0);
                }
                ParamSpec p0 = src.params().get(0);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> b.setParam(p0.name(), ByteBuffer.allocate(4 * (int) p0.size() - 4)));
                assertTrue(e.getMessage().contains(p0.name()) && e.getMessage().contains("need " + 4 * p0.size()), e.getMessage());
            }
        }
    }

    /** Byte offset of the first value of a tensor section in a written file. */
    private static long payloadOffset(Path f, String section) throws IOException {
        return SectionFile.read(f, null).offsetOf(section);
    }

    /** Rewrites bytes of a file and fixes the checksum, as a buggy or hostile writer would. */
    private static void patchWithValidChecksum(Path f, long at, byte[] bytes) throws IOException {
        byte[] b = Files.readAllBytes(f);
        System.arraycopy(bytes, 0, b, (int) at, bytes.length);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, 0, b.length - 8);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(b.length - 8, crc.getValue());
        Files.write(f, b);
    }

    @Test void aNanInTheFileIsRefusedWithTheTensorElementAndByteOffset() throws IOException {
        Path f = ModelFiles.writeTiny(dir.resolve("nan.mlm"));
        String section = Sections.PARAM_PREFIX + "embed";
        long at = payloadOffset(f, section);
        byte[] nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array();
        patchWithValidChecksum(f, at + 4 * 5, nan);
        String m = assertThrows(ModelFileException.class, () -> ModelFile.read(f).close()).getMessage();
        assertTrue(m.startsWith(f.toString()) && m.contains("tensor 'embed'") && m.contains("element 5")
                && m.contains("byte " + (at + 20) + " of the file"), m);
        byte[] inf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NEGATIVE_INFINITY)
                .putFloat(Float.POSITIVE_INFINITY).array();
        patchWithValidChecksum(f, at, inf);
        m = assertThrows(ModelFileException.class, () -> ModelFile.read(f).close()).getMessage();
        assertTrue(m.contains("has 3 NaN or infinite weights") && m.contains("element 0, byte " + at + " "), m);
    }

    @Test void truncatedOrDamagedFilesAreRefusedNamingTheFileAndWhere() throws IOException {
        Path good = ModelFiles.writeTiny(dir.resolve("good.mlm"));
        byte[] b = Files.readAllBytes(good);
        for (int len : new int[] {b.length - 1, b.length - 13, b.length / 2, 40}) {
            Path t = dir.resolve("cut" + len + ".mlm");
            Files.write(t, Arrays.copyOf(b, len));
            String m = assertThrows(ModelFileException.class, () -> ModelFile.read(t).close()).getMessage();
            assertTrue(m.startsWith(t.toString()) && m.contains("no end marker at byte " + (len - 12) + " of " + len), m);
        }
        // a tensor header that claims more values than its section holds (checksum valid)
        long at = payloadOffset(good, Sections.PARAM_PREFIX + "embed");
        Path lie = dir.resolve("lie.mlm");
        Files.write(lie, b);
        patchWithValidChecksum(lie, at - 8, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1000).array());
        String m = assertThrows(ModelFileException.class, () -> ModelFile.read(lie).close()).getMessage();
        assertTrue(m.startsWith(lie.toString()) && m.contains("tensor 'param/embed' at byte ") && m.contains("1000x"), m);
        // a section length that runs past the end (checksum valid)
        long lenAt = at - 8 - 8;
        Files.write(lie, b);
        patchWithValidChecksum(lie, lenAt, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        m = assertThrows(ModelFileException.class, () -> ModelFile.read(lie).close()).getMessage();
        assertTrue(m.startsWith(lie.toString()) && m.contains("section 'param/embed' at byte ") && m.contains("runs past the end"), m);
        // a flipped bit inside a tensor: the checksum
        byte[] c = b.clone();
        c[(int) at + 3] ^= 0x10;
        Files.write(lie, c);
        m = assertThrows(ModelFileException.class, () -> ModelFile.read(lie).close()).getMessage();
        assertTrue(m.startsWith(lie.toString()) && m.contains("checksum mismatch"), m);
    }

    @Test void aFileReplacedByRenameAfterReadingLeavesTheReadContentsIntact() throws IOException {
        Vocabulary v = ModelFiles.vocabulary();
        Path f = ModelFiles.writeTiny(dir.resolve("r.mlm"));
        SectionFile first = SectionFile.read(f, null);
        float[] before = first.floats(Sections.PARAM_PREFIX + "embed").data();
        try (MogrifierLM other = new MogrifierLM(new ModelConfig(v.size(), 4, 4, 1, 2, 0, true), Precision.FLOAT)) {
            other.initRandom(99);
            ModelFile.write(f, other, v, Map.of());   // atomic: a new file renamed over the old one
        }
        assertSameBits(before, first.floats(Sections.PARAM_PREFIX + "embed").data(), "embed after the rename");
        assertFalse(Arrays.equals(before, SectionFile.read(f, null).floats(Sections.PARAM_PREFIX + "embed").data()));
    }

    @Test void aNamedPipeIsReadInsteadOfMapped() throws Exception {
        Path f = ModelFiles.writeTiny(dir.resolve("p.mlm"));
        Path fifo = dir.resolve("fifo.mlm");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo not available");
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, Files.readAllBytes(f));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try (ModelFile.Loaded a = ModelFile.read(fifo); ModelFile.Loaded b = ModelFile.read(f)) {
            for (ParamSpec p : b.model().params()) assertSameBits(b.model().getParam(p.name()), a.model().getParam(p.name()), p.name());
        }
        writer.join();
    }

    @Test void aDirectoryIsNotAModelFile() {
        String m = assertThrows(ModelFileException.class, () -> SectionFile.read(dir, null)).getMessage();
        assertTrue(m.contains("is a directory"), m);
    }
}
