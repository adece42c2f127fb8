package moglm.kaldi.score;

import java.util.Arrays;

/** One entry of a Kaldi text transcript archive: the utterance key and its words. */
public record Transcript(String key, String[] words) {
    @Override public boolean equals(Object o) {
        return o instanceof Transcript t && key.equals(t.key) && Arrays.equals(words, t.words);
    }

    @Override public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(words);
    }

    @Override public String toString() {
        return key + " " + String.join(" ", words);
    }
}
