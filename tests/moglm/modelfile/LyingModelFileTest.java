package moglm.modelfile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import moglm.model.ModelConfig;
import moglm.testutil.MoglmCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 #8, #12, #15: model files with a valid checksum whose config or weights lie are refused
 * with a message naming the file and the field, before any native allocation.
 */
class LyingModelFileTest {
    @TempDir static Path tmp;
    static Path good;

    @BeforeAll static void setUp() throws IOException {
        good = ModelFiles.writeTiny(tmp.resolve("good.mlm"));
    }

    static String refused(String name, Consumer<Map<String, String>> cfg) throws IOException {
        return refused(name, cfg, t -> { });
    }

    static String refused(String name, Consumer<Map<String, String>> cfg, Consumer<Map<String, SectionFile.Floats>> tensors)
            throws IOException {
        Path p = ModelFiles.rewrite(good, tmp.resolve(name + ".mlm"), cfg, tensors);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(p).close());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test void theUnchangedCopyLoads() throws IOException {
        ModelFile.read(ModelFiles.rewrite(good, tmp.resolve("copy.mlm"), c -> { }, t -> { })).close();
    }

    @Test void hugeRoundsOrLayersNeverReachNativeCode() throws IOException {
        String m = refused("rounds", c -> c.put("rounds", "2147483647"));
        assertTrue(m.contains("too large") || m.contains("implies"), m);
        m = refused("layers", c -> c.put("layers", "2147483647"));
        assertTrue(m.contains("too large") || m.contains("implies"), m);
        // a plausible-looking lie: the tensors are counted before anything is allocated
        m = refused("rounds20000", c -> c.put("rounds", "20000"));
        assertTrue(m.contains("implies 40004 tensors, the file has 8"), m);
    }

    @Test void hugeHiddenSizeNamesTheFields() throws IOException {
        String m = refused("hidden", c -> {
            c.put("hidden_size", "2147483647");
            c.put("tied", "false");
        });
        assertTrue(m.contains("hidden_size=2147483647") && !m.contains("vocabSize=0"), m);
    }

    @Test void tensorShapeMismatchNamesTheTensor() throws IOException {
        String m = refused("shape", c -> c.put("rounds", "1"), t -> {
            t.remove("param/layer0.mog2.weight");
            t.remove("param/layer0.mog2.bias");
            t.put("param/layer0.mog1.weight", new SectionFile.Floats(2, 2, new float[4]));
        });
        assertTrue(m.contains("tensor 'layer0.mog1.weight' is 2x2, the config"), m);
    }

    @Test void nanWeightsAreRefused() throws IOException {
        String m = refused("nan", c -> { }, t -> {
            SectionFile.Floats b = t.get("param/out.bias");
            float[] d = b.data().clone();
            d[2] = Float.NaN;
            t.put("param/out.bias", new SectionFile.Floats(b.rows(), b.cols(), d));
        });
        assertTrue(m.contains("tensor 'out.bias' has 1 NaN or infinite weight (first at element 2"), m);
    }

    @Test void pplOnANanModelFailsWithExitCode1() throws IOException {
        Path p = ModelFiles.rewrite(good, tmp.resolve("nan2.mlm"), c -> { }, t -> {
            SectionFile.Floats e = t.get("param/embed");
            float[] d = e.data().clone();
            java.util.Arrays.fill(d, Float.NaN);
            t.put("param/embed", new SectionFile.Floats(e.rows(), e.cols(), d));
        });
        Path text = tmp.resolve("t.txt");
        java.nio.file.Files.writeString(text, "a b c\n");
        String out = MoglmCli.run(1, "ppl", p.toString(), text.toString());
        assertTrue(out.contains("NaN or infinite") && !out.contains("ppl NaN"), out);
    }

    @Test void configSizeGuardNamesArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(10, 4, 4, 1, 2_000_000_000, 0, true));
        assertTrue(e.getMessage().contains("rounds=2000000000") && e.getMessage().contains("too large"), e.getMessage());
    }
}
