package moglm.train;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moglm.model.Vocabulary;
import moglm.util.JsonLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl is strict JSON lines (checked with Jackson, which rejects NaN): numbers, null for non-finite. */
class MetricsJsonTest {
    static final ObjectMapper STRICT = new ObjectMapper();
    @TempDir Path dir;

    @Test void jsonLineWritesNullForNonFiniteNumbersAndEscapesStrings() throws IOException {
        String line = new JsonLine().put("a", 3).put("nan", Double.NaN, "%.3f").put("inf", Double.POSITIVE_INFINITY)
                .put("x", 0.125, "%.2f").put("s", "q\"\\\n\u0001é").put("none", (String) null).toString();
        JsonNode n = STRICT.readTree(line);
        assertEquals(3, n.get("a").asInt());
        assertTrue(n.get("nan").isNull() && n.get("inf").isNull() && n.get("none").isNull(), line);
        assertEquals("0.13", n.get("x").asText(), "the format decides the digits (HALF_UP)");
        assertEquals("q\"\\\n\u0001é", n.get("s").asText());
        assertThrows(IOException.class, () -> STRICT.readTree("{\"x\":NaN}"), "the parser is strict");
    }

    @Test void trainingMetricsAreStrictJsonAndADivergedRunLogsNull() throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus train = TinySetup.corpus(TinySetup.TEXT, 40, v);
        Corpus valid = TinySetup.corpus(TinySetup.VALID, 10, v);
        TrainOptions ok = TinySetup.tinyOptions();
        ok.evalInterval = 100;   // tokens: a metrics line every few steps
        Trainer t = new Trainer(ok, v, train, valid, dir.resolve("ok"), ProgressBar.silent());
        t.stopAfterSteps = 12;
        t.run(false);
        List<String> lines = Files.readAllLines(t.metricsPath());
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            JsonNode n = STRICT.readTree(line);
            for (String k : new String[] {"epoch", "step", "tokens", "elapsed_s", "train_s", "lr", "valid_loss", "valid_ppl", "tokens_per_s"})
                assertTrue(n.get(k) != null && n.get(k).isNumber(), k + " in " + line);
            assertEquals(Math.exp(n.get("valid_loss").asDouble()), n.get("valid_ppl").asDouble(), 0.01 * n.get("valid_ppl").asDouble());
        }

        // an absurd learning rate without clipping makes the loss overflow: logged as null, still valid JSON
        TrainOptions bad = TinySetup.tinyOptions();
        bad.lr = 1e30;
        bad.clip = 0;
        bad.evalInterval = 100;
        Trainer d = new Trainer(bad, v, train, valid, dir.resolve("diverged"), ProgressBar.silent());
        d.stopAfterSteps = 12;
        try {
            d.run(false);
        } catch (RuntimeException e) {
            // the trainer may refuse to go on; what it logged so far must still be valid JSON
        }
        boolean sawNull = false;
        for (String line : Files.readAllLines(d.metricsPath())) {
            JsonNode n = STRICT.readTree(line);
            for (String k : new String[] {"train_loss", "train_ppl", "valid_loss", "valid_ppl"})
                if (n.has(k)) {
                    assertTrue(n.get(k).isNumber() || n.get(k).isNull(), k + " in " + line);
                    sawNull |= n.get(k).isNull();
                }
        }
        assertTrue(sawNull, "the diverged run logged a non-finite loss as null:\n" + Files.readString(d.metricsPath()));
    }
}
