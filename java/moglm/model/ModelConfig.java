package moglm.model;

/**
 * Architecture of a Mogrifier LSTM language model (Melis et al., ICLR 2020).
 *
 * <p>Words are embedded ({@code vocabSize x embedSize}), pass through {@code layers} LSTM layers of
 * {@code hiddenSize} units, and an output layer gives logits over the vocabulary. Before each LSTM
 * step the layer input x and the previous state h gate each other for {@code rounds} rounds: odd
 * rounds {@code x = 2 sigmoid(Q h + b) * x}, even rounds {@code h = 2 sigmoid(R x + b) * h}, each
 * round with its own matrix and bias. {@code rounds == 0} is a plain LSTM.
 *
 * @param vocabSize  V, number of words (>= 1)
 * @param embedSize  E, embedding size = input size of layer 0
 * @param hiddenSize H, LSTM units per layer = input size of layers above 0
 * @param layers     L >= 1
 * @param rounds     r >= 0 mogrifier rounds
 * @param rank       0: full-rank round matrices; k > 0: each is {@code left (rows x k) * right (k x cols)}
 * @param tied       the output layer reuses the embedding matrix (requires embedSize == hiddenSize)
 */
public record ModelConfig(int vocabSize, int embedSize, int hiddenSize, int layers,
                          int rounds, int rank, boolean tied) {

    /** Validates every field; throws IllegalArgumentException naming the bad one. */
    public ModelConfig {
        positive("vocabSize", vocabSize);
        positive("embedSize", embedSize);
        positive("hiddenSize", hiddenSize);
        positive("layers", layers);
        if (rounds < 0) throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        if (rank < 0) throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        if (tied && embedSize != hiddenSize)
            throw new IllegalArgumentException("tied output needs embedSize == hiddenSize, got "
                    + embedSize + " and " + hiddenSize);
        if ((long) vocabSize * embedSize >= Integer.MAX_VALUE
                || (long) vocabSize * hiddenSize >= Integer.MAX_VALUE
                || 4L * hiddenSize * (embedSize + hiddenSize) >= Integer.MAX_VALUE)
            throw new IllegalArgumentException("model too large: a tensor would exceed 2^31 elements: " + this);
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }

    /** Input size of layer l: embedSize for layer 0, hiddenSize above. */
    public int inputSize(int layer) {
        return layer == 0 ? embedSize : hiddenSize;
    }

    /** Number of floats in one sequence's recurrent state: h and c of every layer. */
    public int stateSize() {
        return 2 * layers * hiddenSize;
    }

    /**
     * Multiply-adds per token of the forward pass as this implementation computes it (embedding
     * lookup and pointwise work not counted): per layer the gate GEMM 4H(m+H) and the rounds
     * (rows x cols each, or k(rows + cols) when low-rank), plus the output layer V H.
     */
    public long forwardMacsPerToken() {
        long macs = (long) vocabSize * hiddenSize;
        for (int l = 0; l < layers; l++) {
            long m = inputSize(l);
            macs += 4L * hiddenSize * (m + hiddenSize);
            macs += rounds * (rank == 0 ? m * hiddenSize : (long) rank * (m + hiddenSize));
        }
        return macs;
    }
}
