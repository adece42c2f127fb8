package moglm.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import moglm.cli.kaldi.Int2SymCommand;
import moglm.cli.kaldi.LatticeAddPenaltyCommand;
import moglm.cli.kaldi.LatticeBestPathCommand;
import moglm.cli.kaldi.LatticeCopyCommand;
import moglm.cli.kaldi.LatticeOracleCommand;
import moglm.cli.kaldi.LatticePruneCommand;
import moglm.cli.kaldi.LatticeScaleCommand;
import moglm.cli.kaldi.LatticeToNbestCommand;
import moglm.cli.kaldi.NbestToLinearCommand;
import moglm.cli.kaldi.Sym2IntCommand;
import moglm.cli.prune.ExportCommand;
import moglm.cli.prune.ExportL0Command;
import moglm.cli.prune.ExportRankCommand;
import moglm.cli.prune.InfoCommand;
import moglm.cli.prune.PickLevelCommand;
import moglm.cli.prune.PlotTradeoffCommand;
import moglm.cli.rescore.LatticeLmrescorePrunedCommand;
import moglm.cli.rescore.NbestRescoreCommand;
import moglm.cli.rescore.LatticeLmrescoreCommand;
import moglm.cli.rescore.LatticeLmrescoreConstArpaCommand;
import moglm.cli.rescore.ModelWordsCommand;
import moglm.cli.score.ComputeWerBootciCommand;
import moglm.cli.score.ComputeWerCommand;
import moglm.cli.score.ScoreKaldiCommand;
import moglm.cli.train.PplCommand;
import moglm.cli.train.AverageModelsCommand;
import moglm.cli.train.CenterLogZCommand;
import moglm.cli.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code moglm} command: a dispatcher over Kaldi-named sub-commands, each a picocli
 * {@code @Command} class listed in {@link #COMMANDS} (class literals: the compiler checks them).
 *
 * <p>Every sub-command gets the same help layout (Kaldi's: description, {@code Usage:} line,
 * {@code e.g.:} examples printed as written, then the options with their defaults) and the same
 * usage-error handling: one {@code ERROR (moglm <command>) ...} line, the usage line, exit
 * status 1. {@code moglm} alone prints the command list to standard error and exits 1.
 */
@Command(name = "moglm", mixinStandardHelpOptions = true, version = "moglm 0.1.0",
        description = "Mogrifier LSTM language models for Kaldi lattice rescoring: train once, prune on demand.",
        synopsisSubcommandLabel = "COMMAND", footer = {"", "Run 'moglm COMMAND --help' for a command's usage and options."})
public final class Main implements Callable<Integer> {

    /** The sub-commands, in the order of the command list; keep one per line (several people add here). */
    static final List<Class<?>> COMMANDS = List.of(
            // --- commands: one per line ---
            DemoCommand.class,
            TrainCommand.class,
            PplCommand.class,
            AverageModelsCommand.class,
            CenterLogZCommand.class,
            InfoCommand.class,
            ExportCommand.class,
            ExportL0Command.class,
            ExportRankCommand.class,
            PlotTradeoffCommand.class,
            PickLevelCommand.class,
            ModelWordsCommand.class,
            LatticeLmrescorePrunedCommand.class,
            NbestRescoreCommand.class,
            LatticeLmrescoreCommand.class,
            LatticeLmrescoreConstArpaCommand.class,
            LatticeCopyCommand.class,
            LatticeScaleCommand.class,
            LatticeAddPenaltyCommand.class,
            LatticeBestPathCommand.class,
            LatticeToNbestCommand.class,
            NbestToLinearCommand.class,
            LatticeOracleCommand.class,
            LatticePruneCommand.class,
            Int2SymCommand.class,
            Sym2IntCommand.class,
            ComputeWerCommand.class,
            ComputeWerBootciCommand.class,
            ScoreKaldiCommand.class
            // --- end of commands ---
    );

    /** {@code moglm} without a command: the command list on standard error, exit status 1. */
    @Override public Integer call() {
        CommandLine cl = commandLine();
        cl.usage(cl.getErr());
        return 1;
    }

    /** Builds the command line with every registered sub-command. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : COMMANDS) cl.addSubcommand(c);
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler(Main::usageError);
        for (CommandLine sub : cl.getSubcommands().values()) HelpLayout.apply(sub);
        return cl;
    }

    /** A usage error: one ERROR line naming the command, its usage line, exit status 1 (Kaldi's). */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        CommandSpec spec = cmd.getCommandSpec();
        boolean top = spec.parent() == null;
        err.println("ERROR (moglm" + (top ? "" : " " + spec.name()) + ") " + e.getMessage());
        if (top) {
            err.println("Usage: moglm COMMAND [options] ...; 'moglm --help' lists the commands.");
        } else {
            err.println(HelpLayout.usageLine(spec));
            err.println("Run 'moglm " + spec.name() + " --help' for the options.");
        }
        err.flush();
        return 1;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
