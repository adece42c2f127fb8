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
 * <p>Factored (low-rank) matrices: {@code rank} factors the mogrifier round matrices,
 * {@code lstmRank} the LSTM gate matrices ({@code layer<l>.lstm.left} 4H x kl times
 * {@code layer<l>.lstm.right} kl x (m+H) instead of {@code layer<l>.lstm.weight}) and
 * {@code embedRank} the embedding ({@code embed.left} V x ke times {@code embed.right} ke x E instead
 * of {@code embed}) and, untied, the output matrix ({@code out.left} V x ke times {@code out.right}
 * ke x H, the same rank). A tied factored model uses the embedding's factors for the output too:
 * logits = left (right h) + b. 0 = dense.
 *
 * @param vocabSize  V, number of words (>= 1)
 * @param embedSize  E, embedding size = input size of layer 0
 * @param hiddenSize H, LSTM units per layer = input size of layers above 0
 * @param layers     L >= 1
 * @param rounds     r >= 0 mogrifier rounds
 * @param rank       0: full-rank round matrices; k > 0: each is {@code left (rows x k) * right (k x cols)}
 * @param lstmRank   0: dense LSTM matrices; kl in 1..4H: factored
 * @param embedRank  0: dense embedding/output matrices; ke in 1..V: factored
 * @param tied       the output layer reuses the embedding matrix (requires embedSize == hiddenSize)
 */
public record ModelConfig(int vocabSize, int embedSize, int hiddenSize, int layers,
                          int rounds, int rank, int lstmRank, int embedRank, boolean tied) {

    /** A model with dense LSTM, embedding and output matrices (lstmRank = embedRank = 0). */
    public ModelConfig(int vocabSize, int embedSize, int hiddenSize, int layers, int rounds, int rank, boolean tied) {
        this(vocabSize, embedSize, hiddenSize, layers, rounds, rank, 0, 0, tied);
    }

    /** This architecture with other factor ranks (mogrifier, LSTM, embedding/output; 0 = dense). */
    public ModelConfig withRanks(int rank, int lstmRank, int embedRank) {
        return new ModelConfig(vocabSize, embedSize, hiddenSize, layers, rounds, rank, lstmRank, embedRank, tied);
    }

    /** True when the LSTM or the embedding/output matrices are factored. */
    public boolean factored() {
        return lstmRank > 0 || embedRank > 0;
    }

    /** Validates every field; throws IllegalArgumentException naming the bad one. */
    public ModelConfig {
        positive("vocabSize", vocabSize);
        positive("embedSize", embedSize);
        positive("hiddenSize", hiddenSize);
        positive("layers", layers);
        if (rounds < 0) throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        if (rank < 0) throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        if (lstmRank < 0 || lstmRank > 4L * hiddenSize)
            throw new IllegalArgumentException("lstmRank must be in 0.." + 4L * hiddenSize + " (4 * hiddenSize), got " + lstmRank);
        if (embedRank < 0 || embedRank > vocabSize)
            throw new IllegalArgumentException("embedRank must be in 0.." + vocabSize + " (vocabSize), got " + embedRank);
        if (tied && embedSize != hiddenSize)
            throw new IllegalArgumentException("tied output needs embedSize == hiddenSize, got "
                    + embedSize + " and " + hiddenSize);
        // (the record's fields are not assigned yet here: name the arguments, not 'this')
        String shape = "vocab_size=" + vocabSize + ", embed_size=" + embedSize + ", hidden_size=" + hiddenSize
                + ", layers=" + layers + ", rounds=" + rounds;
        if ((long) vocabSize * embedSize >= Integer.MAX_VALUE
                || (long) vocabSize * hiddenSize >= Integer.MAX_VALUE
                || 4L * hiddenSize * ((long) embedSize + hiddenSize) >= Integer.MAX_VALUE)
            throw new IllegalArgumentException("model too large: a tensor would exceed 2^31 elements (" + shape + ")");
        double params = paramsEstimate(vocabSize, embedSize, hiddenSize, layers, rounds, rank, lstmRank, embedRank, tied);
        if (params > MAX_PARAMS)
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "model too large: %.3g parameters (%.3g GB as float32) for %s; at most %d are supported",
                    params, params * 4 / 1e9, shape, MAX_PARAMS));
    }

    /** Most parameters a model may have (2^34 floats = 64 GiB; a guard against lying files, not a tuning knob). */
    public static final long MAX_PARAMS = 1L << 34;

    /** {@link #numParams()} in double arithmetic (no overflow for any int fields). */
    private static double paramsEstimate(int V, int E, int H, int L, int r, int k, int kl, int ke, boolean tied) {
        double p = ke == 0 ? (double) V * E : (double) ke * ((double) V + E);
        double m0 = E, m1 = H;
        for (int layer = 0; layer < Math.min(L, 2); layer++) {
            double m = layer == 0 ? m0 : m1;
            double lstm = (kl == 0 ? 4.0 * H * (m + H) : (double) kl * (4.0 * H + m + H)) + 4.0 * H;
            double rounds = (double) r * ((k == 0 ? m * H : (double) k * (m + H)) + Math.max(m, H));
            p += (lstm + rounds) * (layer == 0 ? 1 : (double) L - 1);
        }
        if (!tied) p += ke == 0 ? (double) V * H : (double) ke * ((double) V + H);
        return p + V;
    }

    /**
     * Native memory the model needs when loaded for inference or training, bytes (an estimate:
     * parameters and gradients in float32, plus the kernel's packed copies; activations depend on
     * the batch and are not counted).
     */
    public long memoryEstimate() {
        return 3L * 4L * numParams();
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }

    /** Number of scalars in the flat parameter vector of this architecture (as the kernel lays it out). */
    public long numParams() {
        long V = vocabSize, E = embedSize, H = hiddenSize;
        long p = embedRank == 0 ? V * E : embedRank * (V + E);
        for (int l = 0; l < layers; l++) {
            long m = inputSize(l);
            p += (lstmRank == 0 ? 4 * H * (m + H) : lstmRank * (4 * H + m + H)) + 4 * H;
            for (int i = 1; i <= rounds; i++) p += (rank == 0 ? m * H : rank * (m + H)) + (i % 2 == 1 ? m : H);
        }
        if (!tied) p += embedRank == 0 ? V * H : embedRank * (V + H);
        return p + V;
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
     * (rows x cols each, or k(rows + cols) when low-rank), plus the output layer V H. Factored
     * matrices count kl (4H + m + H) per LSTM, ke (V + H) for the output and ke E for the
     * embedding's right factor.
     */
    public long forwardMacsPerToken() {
        long macs = embedRank == 0 ? (long) vocabSize * hiddenSize : (long) embedRank * (vocabSize + hiddenSize + embedSize);
        for (int l = 0; l < layers; l++) {
            long m = inputSize(l);
            macs += lstmRank == 0 ? 4L * hiddenSize * (m + hiddenSize) : (long) lstmRank * (4L * hiddenSize + m + hiddenSize);
            macs += rounds * (rank == 0 ? m * hiddenSize : (long) rank * (m + hiddenSize));
        }
        return macs;
    }
}
