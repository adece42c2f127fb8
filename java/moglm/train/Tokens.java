package moglm.train;

import java.util.ArrayList;
import java.util.List;

/** White-space tokenisation of a text line (spaces, tabs; no regex in the hot path). */
final class Tokens {
    private Tokens() {}

    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length(), i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            int s = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
            if (i > s) out.add(line.substring(s, i));
        }
        return out.toArray(new String[0]);
    }
}
