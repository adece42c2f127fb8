package moglm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.modelfile.ModelFile;
import moglm.model.Vocabulary;

/**
 * Writes the model-file fuzz seeds ({@code tests/fuzz-seeds/model-file/}): tiny random models
 * of each storage kind. Run from the checkout:
 * {@code java -cp target/classes:target/test-classes:target/lib/* moglm.fuzz.ModelFileSeeds tests/fuzz-seeds/model-file}
 */
public final class ModelFileSeeds {
    private ModelFileSeeds() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Vocabulary v = Vocabulary.fromWords(List.of("the", "printing", "press"), "<unk>");
        write(dir.resolve("tied-dense.mlm"), new ModelConfig(v.size(), 3, 3, 1, 2, 0, true), v, false);
        write(dir.resolve("untied-lowrank-rounds.mlm"), new ModelConfig(v.size(), 2, 3, 2, 3, 1, false), v, false);
        write(dir.resolve("factored.mlm"), new ModelConfig(v.size(), 3, 3, 1, 1, 0, 2, 2, false), v, false);
        write(dir.resolve("sparse-storage.mlm"), new ModelConfig(v.size(), 3, 3, 1, 0, 0, true), v, true);
    }

    static void write(Path p, ModelConfig c, Vocabulary v, boolean sparse) throws Exception {
        try (MogrifierLM m = new MogrifierLM(c, Precision.FLOAT)) {
            m.initRandom(11);
            if (sparse) {
                float[] w = new float[(int) m.numParams()];
                m.getParams(w);
                for (int i = 0; i < w.length; i += 1) if (i % 4 != 0) w[i] = 0f;
                m.setParams(w);
                ModelFile.writeSparse(p, m, v, Map.of());
            } else {
                ModelFile.write(p, m, v, Map.of());
            }
        }
    }
}
