package moglm.kaldi.ngram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Test helper (not in the main jar): a word-to-id function that gives every new word the next id
 * (from {@code firstId}), for reading an ARPA file without a words.txt; afterwards
 * {@link #word(int)} maps ids back.
 */
public final class GrowingVocabulary implements ToIntFunction<String> {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> words = new ArrayList<>();
    private final int firstId;

    /** Ids start at {@code firstId} (1 leaves 0 free for {@code <eps>}, as in words.txt). */
    public GrowingVocabulary(int firstId) {
        this.firstId = firstId;
    }

    @Override public int applyAsInt(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            id = firstId + words.size();
            ids.put(word, id);
            words.add(word);
        }
        return id;
    }

    /** The id of a word seen so far, or -1. */
    public int idOf(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    /** The word with this id. */
    public String word(int id) {
        return words.get(id - firstId);
    }

    /** Number of words seen. */
    public int size() {
        return words.size();
    }
}
