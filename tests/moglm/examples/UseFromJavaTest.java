package moglm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import moglm.level.Level;
import moglm.model.Vocabulary;
import moglm.rescore.neural.LmState;
import moglm.rescore.neural.LoadedModel;
import moglm.rescore.neural.ModelLoader;
import moglm.rescore.neural.NeuralLm;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/java-api.md ("Use from Java"): the code between the example markers below is
 * what the page shows (the test checks the page quotes it exactly), and it runs here on the bundled
 * model, its results checked against single-word scoring and a fresh session.
 */
class UseFromJavaTest {
    static final Path DOC = Paths.get("docs/java-api.md");
    static final Path MODEL = Paths.get("lattices/model/ljspeech-od.mlm");

    /** What the example computes: log P(the|<s>), log P(a|<s>), log P(this|<s>), log P(</s>|<s> the). */
    static float[] example(Path modelFile) throws IOException {
        // [example]
        // the dense network (or e.g. Level.parse("0.4"), an on-demand level), histories shared by their
        // last 3 words (as Kaldi's --max-ngram-order=4), at most 256 MiB of cached recurrent vectors
        try (LoadedModel model = ModelLoader.load(modelFile, Level.DENSE, 4, 256L << 20)) {
            NeuralLm lm = model.lm();
            Vocabulary words = model.vocabulary();           // the model's Kaldi words.txt
            try (NeuralLm.Session session = lm.newSession()) { // one per utterance (or per decoder thread)
                LmState start = session.start();              // the history "<s>"
                int[] ids = {words.kaldiId("the"), words.kaldiId("a"), words.kaldiId("this")};
                LmState[] states = {start, start, start};
                float[] logp = new float[3];
                lm.logProbs(states, ids, 3, logp);            // the whole beam in one network call
                LmState next = start.successor(ids[0]);       // "<s> the": no network call yet
                float end = next.logProbEnd();                // log P(</s> | <s> the), natural log
                return new float[] {logp[0], logp[1], logp[2], end};
            }
        }
        // [/example]
    }

    @Test void exampleRunsAndAgreesWithSingleWordScoring() throws IOException {
        float[] r = example(MODEL);
        try (LoadedModel model = ModelLoader.load(MODEL, Level.DENSE, 0, 64L << 20);
             NeuralLm.Session s = model.lm().newSession()) {
            Vocabulary v = model.vocabulary();
            LmState start = s.start();
            String[] w = {"the", "a", "this"};
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                assertEquals(start.logProb(v.kaldiId(w[i])), r[i], 1e-4, w[i]);
                assertTrue(r[i] < 0, "a log-probability");
                sum += Math.exp(r[i]);
            }
            assertTrue(sum < 1, "three words share less than all the probability mass");
            assertEquals(start.successor(v.kaldiId("the")).logProbEnd(), r[3], 1e-4);
        }
    }

    @Test void docQuotesTheExampleVerbatim() throws IOException {
        String src = Files.readString(Paths.get("tests/moglm/examples/UseFromJavaTest.java"));
        int a = src.indexOf("// [example]\n"), b = src.indexOf("        // [/example]");
        String body = src.substring(src.indexOf('\n', a) + 1, b);
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) lines.add(line.length() >= 8 ? line.substring(8) : line.strip());
        String snippet = String.join("\n", lines).strip();
        String doc = Files.readString(DOC);
        assertTrue(doc.contains(snippet), "docs/java-api.md must quote the example of " + getClass().getSimpleName()
                + " exactly:\n" + snippet);
    }
}
