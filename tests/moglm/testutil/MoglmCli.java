package moglm.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
}
