package moglm.rescore.neural;

import java.io.IOException;
import java.nio.file.Path;
import moglm.kaldi.ngram.ArpaReader;
import moglm.kaldi.ngram.NgramLm;
import moglm.modelfile.ModelFile;
import moglm.level.Level;
import moglm.level.LevelLoader;
import moglm.model.Vocabulary;

/**
 * Loads what rescoring needs: a moglm model file as a {@link NeuralLm} (its vocabulary defines
 * the Kaldi word ids), and the old ARPA LM with words mapped through that vocabulary.
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

    /**
     * The ARPA LM with its words mapped to the model vocabulary's Kaldi ids.
     *
     * @throws IllegalArgumentException when the ARPA has words the model's words.txt lacks (the
     *                                  old LM, the lattices and the model must share one words.txt)
     */
    public static NgramLm loadArpa(Path arpa, Vocabulary vocab) throws IOException {
        ArpaReader.Result r;
        try (java.io.InputStream in = moglm.util.InputFiles.open(arpa)) {
            r = ArpaReader.readWithStats(in, arpa.toString(), vocab::kaldiId, new ArpaReader.Options());
        }
        if (r.skippedNgrams() > 0)
            throw new IllegalArgumentException("vocabulary mismatch: " + arpa + " has " + r.skippedNgrams()
                    + " n-grams with words that are not in the model's words.txt (the old LM, the lattices and the model must use the same words.txt)");
        return r.lm();
    }
}
