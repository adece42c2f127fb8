package moglm.modelfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.model.Vocabulary;

/** Tiny model files for robustness tests, and rewriting them with a valid checksum. */
public final class ModelFiles {
    private ModelFiles() {}

    /** Words of the tiny test vocabulary. */
    public static final List<String> WORDS = List.of("a", "b", "c", "d");

    /** The tiny vocabulary (a b c d, OOV {@code <unk>}). */
    public static Vocabulary vocabulary() {
        return Vocabulary.fromWords(WORDS, "<unk>");
    }

    /** Writes a random tiny model (E = H = 4, one layer, 2 rounds) to {@code file}. */
    public static Path writeTiny(Path file) throws IOException {
        Vocabulary v = vocabulary();
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(v.size(), 4, 4, 1, 2, 0, true), Precision.FLOAT)) {
            m.initRandom(7);
            ModelFile.write(file, m, v, Map.of());
        }
        return file;
    }

    /**
     * Copies a model file with edits to its config keys and float tensors; the copy has a valid
     * checksum (so only the loader's own checks can refuse it).
     */
    public static Path rewrite(Path src, Path dst, Consumer<Map<String, String>> configEdit,
                               Consumer<Map<String, SectionFile.Floats>> tensorEdit) throws IOException {
        SectionFile f = SectionFile.read(src, null);
        Map<String, String> cfg = new LinkedHashMap<>(KeyValues.parse(f.text("config"), "config"));
        configEdit.accept(cfg);
        Map<String, SectionFile.Floats> tensors = new LinkedHashMap<>();
        for (String n : f.names()) if (n.startsWith("param/")) tensors.put(n, f.floats(n));
        tensorEdit.accept(tensors);
        SectionFile.Writer w = new SectionFile.Writer(f.codec()).text("config", KeyValues.format(cfg));
        for (String n : f.names()) {
            if (n.equals("config") || n.startsWith("param/")) continue;
            w.text(n, f.text(n));   // the tiny model's other sections (vocabulary) are text
        }
        for (Map.Entry<String, SectionFile.Floats> e : tensors.entrySet()) {
            w.floats(e.getKey(), e.getValue().rows(), e.getValue().cols(), e.getValue().data());
        }
        w.write(dst);
        return dst;
    }
}
