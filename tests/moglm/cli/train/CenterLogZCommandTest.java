package moglm.cli.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import moglm.cli.Main;
import moglm.model.TensorNames;
import moglm.modelfile.KeyValues;
import moglm.modelfile.ModelFile;
import moglm.modelfile.SectionFile;
import moglm.modelfile.Sections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moglm center-log-z} on a small sampled-output model: the output bias moves by minus the
 * mean log Z measured before, every bias by the same amount; exact perplexity does not change; the
 * mean log Z on the same text becomes 0; the config records the shift.
 */
class CenterLogZCommandTest {
    static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
    static final Path VALID = Path.of("tests/moglm/train/data/ljspeech_lm_valid60.txt");
    @TempDir Path dir;

    private static String run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        System.setErr(new PrintStream(buf, true));
        int rc;
        try {
            rc = Main.commandLine().execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(0, rc, "moglm " + String.join(" ", args) + "\n" + buf);
        return buf.toString();
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + out);
        return Double.parseDouble(m.group(1));
    }

    @Test void shiftsTheBiasByMinusTheMeanLogZAndKeepsExactScores() throws Exception {
        Path exp = dir.resolve("lm");
        run("train", "--embed-size=12", "--hidden-size=12", "--rounds=2", "--batch-size=4", "--bptt=10", "--threads=1",
                "--checkpoint-minutes=0", "--vocab-size=150", "--epochs=1", "--output=sampled", "--num-samples=32",
                TEXT.toString(), exp.toString());
        Path in = exp.resolve("final.mlm"), out = dir.resolve("centered.mlm");
        String before = run("ppl", in.toString(), VALID.toString());
        double ppl0 = number(before, "ppl ([0-9.]+)"), mean0 = number(before, "log Z mean (-?[0-9.]+)");
        assertTrue(Math.abs(mean0) > 1e-3, "the test needs a model whose log Z is not centred already: " + mean0);

        run("center-log-z", in.toString(), VALID.toString(), out.toString());
        String after = run("ppl", out.toString(), VALID.toString());
        assertEquals(ppl0, number(after, "ppl ([0-9.]+)"), 1e-3 * ppl0, "exact perplexity changed");
        assertEquals(0.0, number(after, "log Z mean (-?[0-9.]+)"), 2e-4, "log Z not centred");

        float[] b0 = SectionFile.read(in, ModelFile.CODEC).floats(Sections.PARAM_PREFIX + TensorNames.OUT_BIAS).data();
        SectionFile f = SectionFile.read(out, ModelFile.CODEC);
        float[] b1 = f.floats(Sections.PARAM_PREFIX + TensorNames.OUT_BIAS).data();
        assertEquals(b0.length, b1.length);
        for (int i = 0; i < b0.length; i++) assertEquals(-mean0, b1[i] - b0[i], 2e-4, "bias " + i);
        double recorded = Double.parseDouble(KeyValues.parse(f.text("config"), "config").get("log_z_shift"));
        assertEquals(-mean0, recorded, 1e-4);
        // every other tensor is the input's, bit for bit
        SectionFile f0 = SectionFile.read(in, ModelFile.CODEC);
        for (String n : f0.names()) {
            if (n.startsWith(Sections.PARAM_PREFIX) && !n.endsWith(TensorNames.OUT_BIAS)) {
                assertArrayEquals(f0.floats(n).data(), f.floats(n).data(), n);
            }
        }
    }
}
