package moglm.kaldi.score;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives each distinct token string a small int, so that word sequences can be compared as int
 * arrays (by {@link EditDistance}). Two tokens get the same id iff they are equal strings, which
 * is exactly the comparison Kaldi's {@code compute-wer --text} makes.
 */
public final class TokenInterner {
    private final Map<String, Integer> ids = new HashMap<>();

    /** The id of {@code token}, assigning the next free one on first sight. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            id = ids.size();
            ids.put(token, id);
        }
        return id;
    }

    /** The ids of {@code tokens}, in order. */
    public int[] ids(String[] tokens) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) out[i] = id(tokens[i]);
        return out;
    }
}
