package moglm.rescore.neural;

import java.io.IOException;
import java.nio.file.Path;
import moglm.modelfile.ModelFile;
import moglm.level.Level;
import moglm.level.LevelLoader;

/**
 * Loads a moglm model file as a {@link NeuralLm} for rescoring (its vocabulary defines the Kaldi
 * word ids; the old n-gram LM is loaded with {@link moglm.rescore.lmfst.NgramModel#load}).
 */
public final class ModelLoader {
    private ModelLoader() {}

    /**
     * @param level on-demand level: {@link Level#DENSE}, one of the nested sparsity levels stored
     *              in the model file, or a rank of a nested low-rank model ({@code moglm info}
     *              lists them); selected at load time by {@link LevelLoader#load}
     * @throws IllegalArgumentException when the file has no such level (message starts with --level=)
     */
    public static LoadedModel load(Path modelFile, Level level, int maxNgramOrder, long cacheBytes) throws IOException {
        ModelFile.Loaded loaded;
        try {
            loaded = LevelLoader.load(modelFile, level);
        } catch (IllegalArgumentException | moglm.modelfile.ModelFileException e) {
            if (level instanceof Level.Dense) throw e;
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
