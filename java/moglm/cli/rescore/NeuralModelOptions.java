package moglm.cli.rescore;

import java.io.IOException;
import java.nio.file.Path;
import moglm.level.Level;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.ModelLoader;
import picocli.CommandLine.Option;

/**
 * How the rescoring commands load a moglm model: its on-demand level, Kaldi's
 * {@code --normalize-probs} and the memory bound of the states' recurrent vectors. One
 * declaration for {@code lattice-lmrescore-pruned} and {@code nbest-rescore}; each command gives
 * its own {@code --cache-mb} default.
 */
final class NeuralModelOptions {
    @Option(names = "--level", paramLabel = "LEVEL", description = "On-demand level of the model: the sparsity of one of its stored levels,"
            + " or a rank >= 1 of a nested low-rank model; see 'moglm info' (0 = dense).")
    double level = 0;

    @Option(names = "--normalize-probs", arity = "1", paramLabel = "BOOL", description = "Kaldi's normalize-probs: true = exact log-softmax"
            + " over the vocabulary; false = the word's raw logit, one dot product (for self-normalized models, trained with"
            + " --output=sampled). Default: false for models trained with --output=sampled, else true.")
    Boolean normalizeProbs;

    @Option(names = "--cache-mb", paramLabel = "INT", description = "Memory bound of the neural states' recurrent vectors, MiB"
            + " (evicted ones are recomputed; scores do not change).")
    int cacheMb;

    NeuralModelOptions(int defaultCacheMb) {
        this.cacheMb = defaultCacheMb;
    }

    /** Loads {@code model} at the chosen level; states share their last {@code maxNgramOrder - 1} words ({@code <= 0}: exact histories). */
    LoadedModel load(Path model, int maxNgramOrder) throws IOException {
        if (cacheMb < 0) throw new IllegalArgumentException("--cache-mb must be >= 0, got " + cacheMb);
        return ModelLoader.load(model, Level.of(level), maxNgramOrder, (long) cacheMb << 20, normalizeProbs);
    }
}
