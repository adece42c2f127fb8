package moglm.kaldi.table;

/**
 * Kaldi's rule for table keys (utterance ids), from {@code IsToken()}: non-empty, no whitespace
 * and no ASCII control characters. Non-ASCII (UTF-8) characters are allowed.
 */
public final class KaldiKeys {
    private KaldiKeys() {}

    /** True when {@code key} can be written as a Kaldi table key. */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty()) return false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) return false;
        }
        return true;
    }

    /** Throws {@link IllegalArgumentException} for an invalid key. */
    public static void check(String key) {
        if (!isValid(key)) throw new IllegalArgumentException("invalid table key '" + key + "': keys must be non-empty and contain no whitespace or control characters");
    }
}
