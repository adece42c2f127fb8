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
import moglm.train.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir Path dir;

    @Test void modelRoundTripsWithVocabularyAndExtraSections() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("a", "b", "c", "d", "e"), "<unk>");
        for (ModelConfig c : new ModelConfig[] {
                new ModelConfig(v.size(), 6, 6, 2, 3, 0, true),
                new ModelConfig(v.size(), 5, 4, 1, 4, 2, false),
                new ModelConfig(v.size(), 4, 4, 1, 0, 0, false)}) {
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
