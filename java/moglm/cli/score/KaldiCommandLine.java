package moglm.cli.score;

import java.util.List;
import moglm.kaldi.score.CommandLineEcho;
import picocli.CommandLine.Model.CommandSpec;

/** The Kaldi-style command-line echo ({@link CommandLineEcho}) of a running picocli sub-command. */
final class KaldiCommandLine {
    private KaldiCommandLine() {}

    /**
     * The echo line for a sub-command: its name and the arguments that followed it on the command
     * line (picocli's original argument list also holds the parent's part).
     */
    static String echo(CommandSpec spec) {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        String name = spec.name();
        int at = all.indexOf(name);
        return CommandLineEcho.echo(name, at < 0 ? all : all.subList(at + 1, all.size()));
    }
}
