package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.MogrifierLM;
import moglm.model.ModelConfig;
import moglm.model.ParamSpec;
import moglm.model.Precision;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir Path dir;

    /**
     * A format-version-1 file (written before factored LSTM / embedding matrices existed: no
     * lstm_rank / embed_rank keys, version field 1) still reads, as dense. The container did not
     * change between the versions, so the file is the version-2 bytes of such a config with the
     * version field set to 1 and the checksum recomputed.
     */
    @Test void versionOneFileReadsAsDense() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("a", "b", "c", "d"), "<unk>");
        ModelConfig c = new ModelConfig(v.size(), 4, 4, 1, 2, 0, true);
        Path old = dir.resolve("v1.mlm");
        float[] embed;
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(7);
            embed = m.getParam("embed");
            SectionFile.Writer w = new SectionFile.Writer(ModelFile.CODEC)
                    .text("config", "vocab_size=" + v.size() + "\nembed_size=4\nhidden_size=4\nlayers=1\nrounds=2\nrank=0\n"
                            + "tied=true\noov_word=<unk>\n")
                    .text("vocabulary", v.toKaldiText());
            for (ParamSpec p : m.params()) w.floats("param/" + p.name(), p.rows(), p.cols(), m.getParam(p.name()));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            w.writeTo(bytes);
            byte[] b = bytes.toByteArray();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int versionAt = 8 + 1 + ModelFile.CODEC.length();
            assertEquals(SectionFile.VERSION, bb.getInt(versionAt));
            bb.putInt(versionAt, 1);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(b, 0, b.length - 8);
            bb.putLong(b.length - 8, crc.getValue());
            Files.write(old, b);
        }
        assertEquals(1, SectionFile.read(old, null).version());
        assertFalse(SectionFile.read(old, null).text("config").contains("lstm_rank"));
        try (ModelFile.Loaded l = ModelFile.read(old)) {
            assertEquals(0, l.model().config().lstmRank());
            assertEquals(0, l.model().config().embedRank());
            assertArrayEquals(embed, l.model().getParam("embed"));
        }
        Path f = dir.resolve("new.mlm");
        try (ModelFile.Loaded l = ModelFile.read(old)) {
            ModelFile.write(f, l.model(), l.vocabulary(), Map.of());
        }
        assertEquals(SectionFile.VERSION, SectionFile.read(f, null).version());
        assertEquals(2, SectionFile.VERSION);
    }

    /** A factored tensor whose shape disagrees with the config's ranks is a clear error naming it. */
    @Test void factoredTensorOfTheWrongRankIsRefused() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("a", "b", "c", "d", "e"), "<unk>");
        ModelConfig c = new ModelConfig(v.size(), 4, 4, 1, 0, 0, 3, 2, true);
        Path f = dir.resolve("bad.mlm");
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(2);
            SectionFile.Writer w = new SectionFile.Writer(ModelFile.CODEC)
                    .text("config", "vocab_size=" + v.size() + "\nembed_size=4\nhidden_size=4\nlayers=1\nrounds=0\nrank=0\n"
                            + "lstm_rank=3\nembed_rank=3\ntied=true\noov_word=<unk>\n")
                    .text("vocabulary", v.toKaldiText());
            for (ParamSpec p : m.params()) w.floats("param/" + p.name(), p.rows(), p.cols(), m.getParam(p.name()));
            w.write(f);
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(f).close());
        assertTrue(e.getMessage().contains("embed.left") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test void modelRoundTripsWithVocabularyAndExtraSections() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("a", "b", "c", "d", "e"), "<unk>");
        for (ModelConfig c : new ModelConfig[] {
                new ModelConfig(v.size(), 6, 6, 2, 3, 0, true),
                new ModelConfig(v.size(), 5, 4, 1, 4, 2, false),
                new ModelConfig(v.size(), 4, 4, 1, 0, 0, false),
                new ModelConfig(v.size(), 6, 6, 2, 3, 0, 5, 3, true),      // factored LSTM and embedding
                new ModelConfig(v.size(), 5, 4, 1, 0, 2, 3, 2, false)}) {  // ... and untied output
            try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
                m.initRandom(11);
                Path f = dir.resolve("m.mlm");
                ModelFile.writer(ModelFile.CODEC, m, v, Map.of("note", "x=y ok"))
                        .floats("prune/level1", 1, 3, new float[] {1, 0, 1})
                        .write(f);
                try (ModelFile.Loaded l = ModelFile.read(f)) {
                    assertEquals(c, l.model().config());
                    assertEquals(v, l.vocabulary());
                    assertEquals("x=y ok", l.config().get("note"));
                    for (ParamSpec p : m.params()) assertArrayEquals(m.getParam(p.name()), l.model().getParam(p.name()), p.name());
                    assertArrayEquals(new float[] {1, 0, 1}, l.file().floats("prune/level1").data());
                }
            }
        }
    }

    @Test void corruptedModelFilesFailWithTheFileName() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("a", "b"), "<unk>");
        Path f = dir.resolve("m.mlm");
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(v.size(), 4, 4, 1, 2, 0, true), Precision.FLOAT)) {
            m.initRandom(1);
            ModelFile.write(f, m, v, Map.of());
        }
        byte[] b = Files.readAllBytes(f);
        Path t = dir.resolve("truncated.mlm");
        Files.write(t, java.util.Arrays.copyOf(b, b.length - 100));
        String msg = assertThrows(ModelFileException.class, () -> ModelFile.read(t)).getMessage();
        assertTrue(msg.startsWith(t.toString()) && msg.contains("truncated"), msg);
        Path flipped = dir.resolve("flipped.mlm");
        byte[] c = b.clone();
        c[b.length / 2] ^= 0x10;   // inside a parameter tensor
        Files.write(flipped, c);
        msg = assertThrows(ModelFileException.class, () -> ModelFile.read(flipped)).getMessage();
        assertTrue(msg.startsWith(flipped.toString()) && msg.contains("checksum"), msg);
    }
}
