package moglm.util;

import java.util.Locale;

/**
 * One flat JSON object on one line, for JSON-lines logs ({@code metrics.jsonl}): string keys with
 * number or string values, written in insertion order.
 *
 * <p>Strict JSON (RFC 8259): a number that is NaN or infinite has no JSON form and is written as
 * {@code null} (a diverged training run logs {@code "train_loss":null}, which every JSON reader
 * accepts, not {@code NaN}); strings are escaped ({@code "}, {@code \}, control characters).
 * Kept to this one class rather than a JSON library so that the library's users get no extra
 * dependency.
 */
public final class JsonLine {
    private final StringBuilder sb = new StringBuilder("{");

    /** An integer value. */
    public JsonLine put(String key, long value) {
        key(key).append(value);
        return this;
    }

    /**
     * A number printed with {@code String.format(Locale.ROOT, format, value)} (e.g. {@code "%.5f"}),
     * or {@code null} when it is NaN or infinite.
     */
    public JsonLine put(String key, double value, String format) {
        key(key).append(Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "null");
        return this;
    }

    /** A number in Java's shortest round-trip form ({@link Double#toString}), or {@code null} when not finite. */
    public JsonLine put(String key, double value) {
        key(key).append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    /** A string value (null is written as JSON {@code null}). */
    public JsonLine put(String key, String value) {
        if (value == null) key(key).append("null");
        else quote(key(key), value);
        return this;
    }

    /** The object, without a line break. */
    @Override public String toString() {
        return sb + "}";
    }

    private StringBuilder key(String key) {
        if (sb.length() > 1) sb.append(',');
        return quote(sb, key).append(':');
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }
}
