package moglm.level;

/**
 * The architecture facts structured pruning needs (the fields of {@code moglm.model.ModelConfig}).
 * rounds = 0 is a plain LSTM; rank > 0 means low-rank mogrifier matrices (left/right factors);
 * tied means the output layer reuses the embedding (embed == hidden).
 */
public record Architecture(int vocab, int embed, int hidden, int layers, int rounds, int rank, boolean tied) {
    public Architecture {
        if (vocab <= 0 || embed <= 0 || hidden <= 0 || layers <= 0 || rounds < 0 || rank < 0) {
            throw new IllegalArgumentException("bad architecture " + this);
        }
        if (tied && embed != hidden) throw new IllegalArgumentException("tied needs embed == hidden: " + this);
    }

    /** Input size of layer l (the embedding for layer 0, the hidden size above). */
    public int inputSize(int l) { return l == 0 ? embed : hidden; }

    /** Name of mogrifier round i (1-based) of layer l, suffix "weight", "left", "right" or "bias". */
    public static String mog(int l, int i, String suffix) { return "layer" + l + ".mog" + i + "." + suffix; }

    public static String lstmWeight(int l) { return "layer" + l + ".lstm.weight"; }

    public static String lstmBias(int l) { return "layer" + l + ".lstm.bias"; }
}
