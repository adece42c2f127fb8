package moglm.kaldi.score;

/**
 * The outcome of aligning a hypothesis to a reference: numbers of insertions, deletions and
 * substitutions. {@link #errors()} is their sum, the Levenshtein distance.
 */
public record EditCounts(int insertions, int deletions, int substitutions) {
    /** insertions + deletions + substitutions. */
    public int errors() {
        return insertions + deletions + substitutions;
    }
}
