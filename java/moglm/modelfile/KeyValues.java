package moglm.modelfile;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value} lines (config files and the model file's config section); {@code #} starts a comment line. */
public final class KeyValues {
    private KeyValues() {}

    /** Parses lines; {@code source} names the text in errors (with the line number). */
    public static Map<String, String> parse(String text, String source) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected key=value, got '" + lines[i] + "'");
            String k = l.substring(0, eq).strip();
            if (m.put(k, l.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": key '" + k + "' given twice");
            }
        }
        return m;
    }

    /** One {@code key=value} line per entry, in map order. */
    public static String format(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().contains("=") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("cannot store key/value '" + e.getKey() + "'");
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }
}
