package moglm.cli.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import moglm.kaldi.score.CommandLineEcho;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The one error, abort and log path of every {@code moglm} command. {@link #call()} echoes the
 * command line to standard error (as every Kaldi binary does), runs {@link #run()}, and turns an
 * exception into one {@code ERROR (moglm <command>) ...} line and exit status 1: a user error
 * (bad input, missing file, invalid option value: {@link IOException},
 * {@link IllegalArgumentException}, {@link IllegalStateException}) without a stack trace unless
 * {@code --verbose} is at least 1; anything else (a bug) with its stack trace. Usage errors
 * (unknown option, missing argument) are handled in {@link moglm.cli.Main} and also exit 1.
 *
 * <p>Table-processing commands return 0 when at least one entry succeeded and 1 when none did
 * ({@link #tableStatus}), as Kaldi's do; a command that writes an archive aborts it on the way
 * out of an exception (see {@code moglm.kaldi.table.TableWriter#abort}), so no partial archive
 * is ever committed.
 */
@Command(mixinStandardHelpOptions = false)
public abstract class MoglmCommand implements Callable<Integer> {
    /** Diagnostics of this command: {@code LOG|WARNING|ERROR (moglm <name>) ...}. */
    protected final Log log = new Log(commandName(getClass()));

    @Spec protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean help;

    @Option(names = "--verbose", paramLabel = "N",
            description = "Verbosity level: 1 adds stack traces to errors (and, where a command says so, per-item lines).")
    protected int verbose = 0;

    /** The body of the command; returns the exit status. */
    protected abstract int run() throws Exception;

    @Override public final Integer call() {
        log.raw(echo());
        try {
            return run();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            log.error(describe(e));
            if (verbose >= 1) e.printStackTrace();
            return 1;
        } catch (Exception | Error e) {
            log.error("internal error: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** Kaldi's exit status of a table job: 0 when at least one entry succeeded, 1 when none did. */
    public static int tableStatus(long done) {
        return done > 0 ? 0 : 1;
    }

    /** The command line as Kaldi echoes it: {@code moglm <command> arg1 arg2 ... }. */
    String echo() {
        List<String> args = List.of();
        if (spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null) {
            List<String> all = spec.commandLine().getParseResult().originalArgs();
            int at = all.indexOf(spec.name());   // the original arguments start with the parent's
            args = at < 0 ? all : all.subList(at + 1, all.size());
        }
        return "moglm " + CommandLineEcho.echo(commandName(getClass()), args);
    }

    /**
     * An exception as one line for the user: the JDK's bare file exceptions (whose message is only
     * the path) get what went wrong; other messages are kept.
     */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) return describe(u.getCause());
        return moglm.util.ErrorMessages.of(e);   // also EOF, gzip, UTF-8 decoding and empty messages
    }

    /** The {@code name} of a command class's {@link Command} annotation. */
    static String commandName(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            Command a = k.getAnnotation(Command.class);
            if (a != null && !a.name().isEmpty() && !a.name().equals("<main class>")) return a.name();
        }
        return c.getSimpleName();
    }
}
