package moglm.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code moglm} command: a dispatcher over Kaldi-named sub-commands.
 *
 * <p>Each sub-command is its own picocli {@code @Command} class, registered in {@link #COMMANDS}.
 */
@Command(name = "moglm", mixinStandardHelpOptions = true, version = "moglm 0.1.0",
        description = "Mogrifier LSTM language models for Kaldi lattice rescoring: train once, prune on demand.",
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements Runnable {

    /** Fully qualified names of the sub-command classes; keep one per line (several people add here). */
    static final List<String> COMMANDS = List.of(
            // --- commands: one per line ---
            "moglm.cli.DemoCommand",
            "moglm.cli.train.TrainCommand",
            "moglm.cli.train.PplCommand",
            "moglm.cli.train.AverageModelsCommand",
            "moglm.cli.prune.InfoCommand",
            "moglm.cli.prune.ExportCommand",
            "moglm.cli.prune.PlotTradeoffCommand",
            "moglm.cli.rescore.LatticeLmrescorePrunedCommand",
            "moglm.cli.rescore.NbestRescoreCommand",
            "moglm.cli.rescore.LatticeLmrescoreCommand",
            "moglm.cli.rescore.LatticeLmrescoreConstArpaCommand",
            "moglm.cli.kaldi.LatticeCopyCommand",
            "moglm.cli.kaldi.LatticeScaleCommand",
            "moglm.cli.kaldi.LatticeAddPenaltyCommand",
            "moglm.cli.kaldi.LatticeBestPathCommand",
            "moglm.cli.kaldi.LatticeToNbestCommand",
            "moglm.cli.kaldi.NbestToLinearCommand",
            "moglm.cli.kaldi.LatticeOracleCommand",
            "moglm.cli.kaldi.LatticePruneCommand",
            "moglm.cli.kaldi.Int2SymCommand",
            "moglm.cli.kaldi.Sym2IntCommand",
            "moglm.cli.score.ComputeWerCommand",
            "moglm.cli.score.ScoreKaldiCommand",
            "moglm.l0.ExportL0Command",
            "moglm.lowrank.ExportRankCommand"
            // --- end of commands ---
    );

    @Override public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** Builds the command line with every registered sub-command. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (String name : COMMANDS) {
            try {
                cl.addSubcommand(Class.forName(name).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load sub-command class " + name, e);
            }
        }
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
