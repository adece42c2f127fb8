package moglm.rescore.neural;

import java.util.Arrays;

/** Hash key of a word sequence (the n-gram history of a state), or of (parent state id, word) for exact histories. */
final class HistoryKey {
    private final int[] words;
    private final long parentId;
    private final int hash;

    private HistoryKey(int[] words, long parentId) {
        this.words = words;
        this.parentId = parentId;
        this.hash = 31 * Arrays.hashCode(words) + Long.hashCode(parentId);
    }

    static HistoryKey ngram(int[] words) {
        return new HistoryKey(words, -1);
    }

    static HistoryKey exact(long parentId, int word) {
        return new HistoryKey(new int[] {word}, parentId);
    }

    @Override public boolean equals(Object o) {
        return o instanceof HistoryKey k && k.parentId == parentId && k.hash == hash && Arrays.equals(k.words, words);
    }

    @Override public int hashCode() { return hash; }
}
