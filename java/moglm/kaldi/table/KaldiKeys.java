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

    /** Throws {@link IllegalArgumentException} for an invalid key (the message shows invisible characters as U+XXXX). */
    public static void check(String key) {
        if (!isValid(key)) throw new IllegalArgumentException("invalid table key " + quote(key) + ": " + whyInvalid(key));
    }

    /** Why {@code key} is invalid, naming the first offending character and its position; "" for a valid key. */
    public static String whyInvalid(String key) {
        if (key == null || key.isEmpty()) return "keys must be non-empty";
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "character " + (i + 1) + " is " + String.format("U+%04X", (int) c)
                        + (c < 0x20 || c == 0x7f ? " (a control character)" : " (whitespace)")
                        + "; keys must contain no whitespace or control characters";
            }
        }
        return "";
    }

    /** The key in single quotes, with control, whitespace and format characters shown as {@code \\uXXXX}. */
    public static String quote(String key) {
        if (key == null) return "null";
        StringBuilder sb = new StringBuilder(key.length() + 2).append('\'');
        for (int i = 0; i < key.length() && i < 200; i++) {
            char c = key.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f || (c != ' ' && Character.isWhitespace(c)) || Character.isSpaceChar(c) && c != ' '
                    || type == Character.FORMAT || type == Character.CONTROL) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (key.length() > 200) sb.append("...");
        return sb.append('\'').toString();
    }
}
