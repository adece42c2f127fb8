package moglm.rescore.neural;

/** Shared test fixtures: the tiny pure-Java network over {@link NeuralLmTest#VOCAB}. */
public final class TestNetworks {
    private TestNetworks() {}

    public static NeuralLm tinyLm(int maxNgramOrder, long cacheBytes) {
        return new NeuralLm(new TinyRnnStep(6, 8, 42), NeuralLmTest.VOCAB, maxNgramOrder, cacheBytes);
    }
}
