package moglm.cli.score;

import java.util.List;

/**
 * Kaldi's habit of echoing its command line to stderr at start-up (ParseOptions with
 * {@code --print-args=true}), so that logs such as {@code wer_15_0.0} begin with the exact
 * command. Each argument is followed by one space; arguments the shell would interpret are quoted
 * as Kaldi's {@code ParseOptions::Escape} does (single quotes, or double quotes when the argument
 * has a single quote but none of {@code " ` $ \}).
 */
public final class KaldiCommandLine {
    private KaldiCommandLine() {}

    private static final String OK_CHARS = "[]~#^_-+=:.,/";

    /** {@code program arg1 arg2 ... } with a trailing space and a newline, as Kaldi prints it. */
    public static String echo(String program, List<String> args) {
        StringBuilder sb = new StringBuilder(escape(program)).append(' ');
        for (String a : args) sb.append(escape(a)).append(' ');
        return sb.append('\n').toString();
    }

    /**
     * The echo line for a running picocli sub-command: its name and the arguments that followed
     * it on the command line (picocli's original argument list also holds the parent's part).
     */
    public static String echo(picocli.CommandLine.Model.CommandSpec spec) {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        String name = spec.name();
        int at = all.indexOf(name);
        return echo(name, at < 0 ? all : all.subList(at + 1, all.size()));
    }

    /** Kaldi's shell quoting of one argument. */
    public static String escape(String s) {
        if (!mustBeQuoted(s)) return s;
        boolean useDouble = s.indexOf('\'') >= 0 && s.chars().noneMatch(c -> c == '"' || c == '`' || c == '$' || c == '\\');
        char q = useDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q) sb.append(useDouble ? "\\\"" : "'\\''");
            else sb.append(c);
        }
        return sb.append(q).toString();
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
