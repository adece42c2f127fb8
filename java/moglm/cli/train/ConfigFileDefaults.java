package moglm.cli.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import moglm.modelfile.KeyValues;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults from a {@code key=value} config file, keyed by the long option name without dashes
 * ({@code lr=0.002}, {@code rounds=5}); options given on the command line override them.
 * Unknown keys are an error naming the file and the key.
 */
final class ConfigFileDefaults implements IDefaultValueProvider {
    private final Map<String, String> values;

    ConfigFileDefaults(Path file, CommandSpec spec) throws IOException {
        values = KeyValues.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) known.add(key(o));
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) if (!known.contains(k)) unknown.add(k);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": unknown option(s) " + unknown + "; known: " + known);
        }
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    @Override public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o) return values.get(key(o));
        return null;
    }

    /** The value of {@code --config FILE} / {@code --config=FILE} in raw arguments, or null. */
    static String findConfigArg(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) return args[i + 1];
            if (args[i].startsWith("--config=")) return args[i].substring("--config=".length());
            if (args[i].equals("--")) break;
        }
        return null;
    }
}
