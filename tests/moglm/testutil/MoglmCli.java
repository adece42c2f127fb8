package moglm.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import moglm.cli.Main;

/** Runs the moglm command line in-process for tests. */
public final class MoglmCli {
    private MoglmCli() {}

    /**
     * Runs {@code moglm args...}, asserts its exit code, and returns what it printed (stdout and
     * stderr together; both are restored afterwards).
     */
    public static String run(int expectedRc, String... args) {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        System.setErr(new PrintStream(buf, true));
        try {
            int rc = Main.commandLine().execute(args);
            assertEquals(expectedRc, rc, "exit code of moglm " + String.join(" ", args) + "\n" + buf);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        return buf.toString();
    }

    /** What one in-process run printed: exit code, standard output, standard error (UTF-8). */
    public record Output(int rc, String out, String err) {}

    /** Runs {@code moglm args...} keeping standard output and standard error apart (both restored afterwards). */
    public static Output capture(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc = Main.commandLine().execute(args);
            return new Output(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
