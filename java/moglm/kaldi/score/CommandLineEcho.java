package moglm.kaldi.score;

import java.util.List;

/**
 * Kaldi's habit of echoing its command line to stderr at start-up (ParseOptions with
 * {@code --print-args=true}), so that logs such as {@code wer_15_0.0} begin with the exact
 * command. Each argument is followed by one space; arguments the shell would interpret are quoted
 * as Kaldi's {@code ParseOptions::Escape} does: an argument needs quoting when it is empty or has
 * a character other than ASCII letters, digits and {@code []~#^_-+=:.,/}; it is then put in
 * single quotes (a quote inside written {@code '\''}), or in double quotes when it contains a
 * single quote but none of {@code " ` $ \}.
 */
public final class CommandLineEcho {
    private CommandLineEcho() {}

    private static final String OK_CHARS = "[]~#^_-+=:.,/";

    /** {@code program arg1 arg2 ... } with a trailing space and a newline, as Kaldi prints it. */
    public static String echo(String program, List<String> args) {
        StringBuilder sb = new StringBuilder(escape(program)).append(' ');
        for (String a : args) sb.append(escape(a)).append(' ');
        return sb.append('\n').toString();
    }

    /** Kaldi's shell quoting of one argument. */
    public static String escape(String s) {
        if (!mustBeQuoted(s)) return s;
        boolean useDouble = s.indexOf('\'') >= 0 && s.chars().noneMatch(c -> c == '"' || c == '`' || c == '$' || c == '\\');
        if (useDouble) return '"' + s + '"';
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean mustBeQuoted(String s) {
        if (s.isEmpty()) return true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && OK_CHARS.indexOf(c) < 0) return true;
        }
        return false;
    }
}
