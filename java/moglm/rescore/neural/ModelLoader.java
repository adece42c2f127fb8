package moglm.rescore.neural;

import java.io.IOException;
import java.nio.file.Path;
import moglm.modelfile.ModelFile;
import moglm.prune.Levels;

/**
 * Loads a moglm model file as a {@link NeuralLm} for rescoring (its vocabulary defines the Kaldi
 * word ids; the old n-gram LM is loaded with {@link moglm.rescore.lm.NgramModel#load}).
 */
public final class ModelLoader {
    private ModelLoader() {}

    /**
     * @param level on-demand level: the sparsity of one of the nested levels stored in the model
     *              file, or a rank k >= 1 of a nested low-rank model ({@code moglm info} lists
     *              them), 0 = the dense network; selected at load time by {@link Levels#load}
     * @throws IllegalArgumentException when the file has no such level (message starts with --level=)
     */
    public static LoadedModel load(Path modelFile, double level, int maxNgramOrder, long cacheBytes) throws IOException {
        ModelFile.Loaded loaded;
        try {
            loaded = Levels.load(modelFile, level);
        } catch (IllegalArgumentException | moglm.modelfile.ModelFileException e) {
            if (level == 0) throw e;
            throw new IllegalArgumentException("--level=" + level + ": " + e.getMessage(), e);
        }
        try {
            NeuralLm lm = new NeuralLm(new MogrifierStepFunction(loaded.model()), loaded.vocabulary(), maxNgramOrder, cacheBytes);
            return new LoadedModel(loaded, lm);
        } catch (RuntimeException e) {
            loaded.close();
            throw new IllegalArgumentException(modelFile + ": " + e.getMessage(), e);
        }
    }
}
