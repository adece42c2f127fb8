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
        return load(modelFile, level, maxNgramOrder, cacheBytes, null);
    }

    /** The model file's {@code config} key recording how the output layer was trained. */
    public static final String OUTPUT_KEY = "output";

    /**
     * Whether scores of this model should be normalized by default: true unless the model was
     * trained with the sampled, self-normalizing objective ({@code output=sampled} in its config),
     * the rule Kaldi users know from rnnlm (self-normalized models rescore with
     * {@code normalize-probs=false}).
     */
    public static boolean normalizesByDefault(java.util.Map<String, String> config) {
        return !"sampled".equals(config.get(OUTPUT_KEY));
    }

    /**
     * @param normalize Kaldi's normalize-probs: true = exact log-softmax, false = raw logits (one
     *                  dot product per word), null = the model's default ({@link #normalizesByDefault})
     */
    public static LoadedModel load(Path modelFile, Level level, int maxNgramOrder, long cacheBytes, Boolean normalize) throws IOException {
        ModelFile.Loaded loaded;
        try {
            loaded = LevelLoader.load(modelFile, level);
        } catch (IllegalArgumentException | moglm.modelfile.ModelFileException e) {
            if (level instanceof Level.Dense) throw e;
            throw new IllegalArgumentException("--level=" + level + ": " + e.getMessage(), e);
        }
        try {
            boolean norm = normalize != null ? normalize : normalizesByDefault(loaded.config());
            NeuralLm lm = new NeuralLm(new MogrifierStepFunction(loaded.model()), loaded.vocabulary(), maxNgramOrder, cacheBytes, 64, norm);
            return new LoadedModel(loaded, lm);
        } catch (RuntimeException e) {
            loaded.close();
            throw new IllegalArgumentException(modelFile + ": " + e.getMessage(), e);
        }
    }
}
