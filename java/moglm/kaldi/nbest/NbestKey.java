package moglm.kaldi.nbest;

/**
 * The keys Kaldi's {@code lattice-to-nbest} gives the n-best entries of an utterance:
 * {@code <utt>-<k>}, k = 1..N (rank 1 is the best). Utterance ids may themselves contain '-', so
 * the rank is the digits after the LAST '-'.
 */
public record NbestKey(String utterance, int rank) {
    /**
     * Splits {@code key} into utterance and rank.
     *
     * @throws IllegalArgumentException if the key does not end in {@code -<positive integer>}
     */
    public static NbestKey parse(String key) {
        int dash = key.lastIndexOf('-');
        if (dash <= 0 || dash == key.length() - 1) {
            throw new IllegalArgumentException("n-best key '" + key + "' is not of the form <utt>-<rank>");
        }
        int rank;
        try {
            rank = Integer.parseInt(key.substring(dash + 1));
        } catch (NumberFormatException e) {
            rank = -1;
        }
        if (rank < 1 || !key.substring(dash + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("n-best key '" + key + "' does not end in -<rank> with rank >= 1");
        }
        return new NbestKey(key.substring(0, dash), rank);
    }

    /** {@code <utt>-<rank>}. */
    @Override public String toString() {
        return utterance + "-" + rank;
    }
}
