package moglm.kaldi.nbest;

import java.util.Arrays;

/**
 * One hypothesis of an n-best list. Fields a source does not provide are null / NaN:
 * Kaldi nbest-to-linear lists give {@code words} (trans) and/or {@code wordIds} (trans.int),
 * {@code lmCost} (graph cost, natural-log cost incl. the final {@code </s>}) and {@code acCost}
 * (unscaled acoustic cost); ESPnet lists give {@code words} and {@code score} (the decoder's
 * total log-score, higher is better).
 */
public record NbestHyp(int rank, String[] words, int[] wordIds, float lmCost, float acCost, double score) {
    /** A Kaldi-style hypothesis (no ESPnet score). */
    public static NbestHyp kaldi(int rank, String[] words, int[] wordIds, float lmCost, float acCost) {
        return new NbestHyp(rank, words, wordIds, lmCost, acCost, Double.NaN);
    }

    /** Number of words (from whichever of words / wordIds is present). */
    public int length() {
        return words != null ? words.length : wordIds.length;
    }

    @Override public boolean equals(Object o) {
        return o instanceof NbestHyp h && rank == h.rank && Arrays.equals(words, h.words)
                && Arrays.equals(wordIds, h.wordIds) && Float.compare(lmCost, h.lmCost) == 0
                && Float.compare(acCost, h.acCost) == 0 && Double.compare(score, h.score) == 0;
    }

    @Override public int hashCode() {
        return Arrays.hashCode(words) * 31 + Arrays.hashCode(wordIds) + rank;
    }

    @Override public String toString() {
        return rank + ": " + (words != null ? String.join(" ", words) : Arrays.toString(wordIds))
                + " lm=" + lmCost + " ac=" + acCost + (Double.isNaN(score) ? "" : " score=" + score);
    }
}
