package moglm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The conventions every command shares, checked over all registered commands: one help layout
 * with a whole summary, Kaldi's exit codes for usage errors, the command list, the log format and
 * errors without stack traces.
 */
class CliConventionsTest {
    @TempDir Path tmp;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(System.out, true));
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int status = cl.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static List<String> names() {
        return new ArrayList<>(Main.commandLine().getSubcommands().keySet());
    }

    @Test void everyRegisteredClassIsACommand() {
        assertEquals(Main.COMMANDS.size(), names().size());
        // every *Command source file under java/moglm/cli is registered (none forgotten)
        try (var files = Files.walk(Path.of("java/moglm/cli"))) {
            List<String> sources = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith("Command.java") && !f.equals("MoglmCommand.java"))
                    .map(f -> f.substring(0, f.length() - ".java".length())).toList();
            assertTrue(sources.size() >= 22, "found only " + sources);
            for (String c : sources) {
                assertTrue(Main.COMMANDS.stream().anyMatch(k -> k.getSimpleName().equals(c)), c + " is not registered in Main.COMMANDS");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** moglm X --help: summary first, then Usage:, e.g.:, Options: with --help; examples and usage printed as written. */
    @Test void everyCommandHasHelpInOneLayout() {
        for (String name : names()) {
            CommandSpec spec = Main.commandLine().getSubcommands().get(name).getCommandSpec();
            String[] description = spec.usageMessage().description();
            String[] examples = spec.usageMessage().footer();
            assertTrue(description.length > 0, name + ": no description");
            String summary = description[0];
            assertTrue(summary.endsWith("."), name + ": the summary is one whole sentence: " + summary);
            for (String paragraph : description) {
                assertTrue(paragraph.matches("(?s).*[.)]$"), name + ": paragraph wrapped by hand? '" + paragraph + "'");
            }
            assertTrue(spec.usageMessage().customSynopsis().length == 1
                    && spec.usageMessage().customSynopsis()[0].startsWith("moglm " + name + " "), name + ": usage line");
            assertTrue(examples.length > 0, name + ": no example");
            for (String e : examples) assertTrue(e.contains("moglm " + name), name + ": example without the command: " + e);

            Run r = run(name, "--help");
            assertEquals(0, r.status(), name + " --help\n" + r.err());
            String help = r.out();
            assertTrue(oneLine(help).startsWith(oneLine(summary.replace("%%", "%"))), name + ": help starts with the summary\n" + help);
            assertFalse(r.err().contains("picocli WARN"), name + ": help text picocli cannot format (a bare %?)\n" + r.err());
            assertFalse(help.matches("(?s).*Default: ([^\n]*)\n\\s*Default: \\1\n.*"), name + ": a default written twice\n" + help);
            List<String> lines = help.lines().toList();
            int usage = lines.indexOf("Usage: " + spec.usageMessage().customSynopsis()[0]);
            assertTrue(usage > 0, name + ": one unwrapped Usage: line\n" + help);
            assertEquals("", lines.get(usage - 1), name + ": blank line before Usage:");
            for (int i = 0; i < examples.length; i++) {
                assertEquals((i == 0 ? " e.g.: " : "       ") + examples[i], lines.get(usage + 1 + i), name + ": example line " + i);
            }
            int options = lines.indexOf("Options:");
            assertEquals(usage + examples.length + 2, options, name + ": Options: after the examples\n" + help);
            assertTrue(help.substring(help.indexOf("\nOptions:\n")).contains("-h, --help"), name + ": --help listed\n" + help);
            assertTrue(help.contains("--verbose=N"), name);
            assertFalse(help.contains("${DEFAULT-VALUE}") || help.contains("Default ${"), name);
        }
    }

    /** moglm --help lists every command with its whole summary (none cut mid-sentence). */
    @Test void commandListShowsWholeSummaries() {
        Run r = run("--help");
        assertEquals(0, r.status(), r.err());
        String list = oneLine(r.out());
        for (String name : names()) {
            String summary = Main.commandLine().getSubcommands().get(name).getCommandSpec().usageMessage().description()[0];
            assertTrue(list.contains(name + " " + oneLine(summary.replace("%%", "%"))), name + ": summary not whole in\n" + r.out());
        }
    }

    @Test void noArgumentsPrintsTheCommandListAndExitsOne() {
        Run r = run();
        assertEquals(1, r.status());
        for (String name : names()) assertTrue(r.err().contains("  " + name + " "), name + " missing from\n" + r.err());
    }

    @Test void usageErrorsExitOneWithAnErrorLineAndTheUsage() {
        Run r = run("ppl", "--no-such-option", "m", "t");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("ERROR (moglm ppl) Unknown option: '--no-such-option'\nUsage: moglm ppl [options] <model> <text>\n"), r.err());
        r = run("lattice-copy");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("ERROR (moglm lattice-copy) Missing required parameters"), r.err());
        r = run("no-such-command");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("ERROR (moglm) "), r.err());
    }

    /** Errors: the echoed command line, then one ERROR line naming the file and what was expected; no stack trace. */
    @Test void userErrorsAreOneLineWithoutStackTrace() throws Exception {
        Path notAModel = tmp.resolve("passwd");
        Files.writeString(notAModel, "root:x:0:0:root:/root:/bin/bash\n");
        Run r = run("info", notAModel.toString());
        assertEquals(1, r.status());
        assertEquals(List.of("moglm info " + notAModel + " ", "ERROR (moglm info) " + notAModel + ": not a moglm model file (wrong magic bytes)"),
                r.err().lines().toList());

        r = run("ppl", notAModel.toString(), "/nonexistent/text.txt");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("ERROR (moglm ppl) ") && r.err().contains(notAModel.toString()), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Path model = Path.of("lattices/model/ljspeech-od.mlm");
        if (Files.exists(model)) {
            r = run("ppl", model.toString(), "/nonexistent/text.txt");
            assertEquals(1, r.status());
            assertTrue(r.err().endsWith("ERROR (moglm ppl) cannot read the text /nonexistent/text.txt: no such file\n"), r.err());
        }
        Run verbose = run("info", "--verbose=1", notAModel.toString());
        assertEquals(1, verbose.status());
        assertTrue(verbose.err().contains("\tat "), "--verbose 1 adds the stack trace\n" + verbose.err());
    }

    /** Every line a command writes to standard error is its echo, or LOG/WARNING/ERROR (moglm <command>). */
    @Test void logLinesHaveOneFormat() throws Exception {
        Path text = tmp.resolve("ids.txt");
        Files.writeString(text, "u1 1 2\nu2 1 99\n");
        Path words = tmp.resolve("words.txt");
        Files.writeString(words, "<eps> 0\na 1\nb 2\n");
        Run r = run("int2sym", "-f", "2-", words.toString(), text.toString());
        assertEquals(1, r.status());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(0).startsWith("moglm int2sym -f 2- "), r.err());
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.matches("(LOG|WARNING|ERROR) \\(moglm int2sym\\) .*"), line);
        }
        assertTrue(r.err().contains("ERROR (moglm int2sym) " + text + ":2: undefined symbol 99 (in position 3)"), r.err());
    }

    @Test void computingCommandsTakeThreads() {
        Set<String> computing = Set.of("demo", "train", "ppl", "info", "export", "export-l0", "export-rank",
                "lattice-lmrescore-pruned", "nbest-rescore");
        Map<String, CommandLine> subs = Main.commandLine().getSubcommands();
        for (String name : computing) {
            var o = subs.get(name).getCommandSpec().findOption("--threads");
            assertTrue(o != null, name + " lacks --threads");
            assertEquals("1", o.defaultValueString(), name + ": one BLAS thread by default");
        }
    }
}
