package moglm.cli.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTradeoffCommandTest {
    @TempDir Path dir;

    /** Runs {@code moglm plot-tradeoff args}; what it printed to standard error goes to {@code err}. */
    private int run(StringWriter err, String... args) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "plot-tradeoff";
            System.arraycopy(args, 0, all, 1, args.length);
            return moglm.cli.Main.commandLine().execute(all);
        } finally {
            System.setErr(old);
            err.write(buf.toString());
        }
    }

    @Test void plotsAnyColumnPerSeries() throws Exception {
        Path tsv = dir.resolve("r.tsv");
        Files.writeString(tsv, "method\tnonzero\ttest_ppl\ttokens_per_s\tfamily\n"
                + "dense\t1000\t120.5\t5000\tdense\n"
                + "unit-40\t600\t130.1\t8000\tunit\n"
                + "unit-60\t400\t140.2\t11000\tunit\n");
        Path png = dir.resolve("speed.png");
        assertEquals(0, run(new StringWriter(), "--series=family", "--y=tokens_per_s", tsv.toString(), png.toString()));
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 1000);
        assertEquals((byte) 0x89, b[0]);
        assertEquals('P', b[1]);

        StringWriter err = new StringWriter();
        assertNotEquals(0, run(err, "--y=wer", tsv.toString(), dir.resolve("x.png").toString()));
        assertTrue(err.toString().contains("header lacks column 'arch'") || err.toString().contains("'wer'"), err.toString());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }
}
