package moglm.rescore.neural;

import moglm.modelfile.ModelFile;
import moglm.model.Vocabulary;

/** A loaded model file and the {@link NeuralLm} over it; closing frees the native model. */
public record LoadedModel(ModelFile.Loaded file, NeuralLm lm) implements AutoCloseable {
    public Vocabulary vocabulary() { return file.vocabulary(); }

    /** Another NeuralLm over the same network (e.g. exact histories for n-best next to n-gram keys for lattices). */
    public NeuralLm withOrder(int maxNgramOrder, long cacheBytes) {
        return new NeuralLm(new MogrifierStepFunction(file.model()), file.vocabulary(), maxNgramOrder, cacheBytes, 64, lm.normalizes());
    }

    @Override public void close() { file.close(); }
}
