package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import moglm.model.MogrifierLM;
import moglm.model.ModelConfig;
import moglm.model.Precision;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model file written with its tensors streamed from the model ({@link ModelFile#streamingWriter})
 * is byte for byte the file of {@link ModelFile#writer} (tensors copied into arrays first), with
 * tensors longer than one streamed chunk and not a multiple of it, in float and double precision.
 */
class StreamedWriteTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void streamedFileEqualsCopiedFile(Precision precision) throws IOException {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 3000; i++) words.add("w" + i);
        Vocabulary v = Vocabulary.fromWords(words, "<unk>");
        ModelConfig c = new ModelConfig(v.size(), 13, 8, 1, 2, 0, false);
        try (MogrifierLM m = new MogrifierLM(c, precision)) {
            m.initRandom(5);
            assertTrue(m.param("embed").size() > 2L * SectionFile.STREAM_CHUNK);
            assertNotEquals(0, m.param("embed").size() % SectionFile.STREAM_CHUNK);
            Map<String, String> info = Map.of("note", "x");
            ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
            ModelFile.writer(ModelFile.CODEC, m, v, info).bytes("extra", new byte[] {1, 2}).writeTo(a);
            ModelFile.streamingWriter(ModelFile.CODEC, m, v, info).bytes("extra", new byte[] {1, 2}).writeTo(b);
            assertArrayEquals(a.toByteArray(), b.toByteArray());
            Path fa = dir.resolve("a.mlm"), fb = dir.resolve("b.mlm");
            ModelFile.write(fa, m, v, info);
            ModelFile.streamingWriter(ModelFile.CODEC, m, v, info).write(fb);
            assertArrayEquals(Files.readAllBytes(fa), Files.readAllBytes(fb));
            try (ModelFile.Loaded l = ModelFile.read(fb)) {
                assertArrayEquals(m.getParam("embed"), l.model().getParam("embed"));
            }
        }
    }
}
