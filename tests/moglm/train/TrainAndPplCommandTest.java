package moglm.train;

import moglm.model.Vocabulary;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import moglm.cli.Main;
import moglm.modelfile.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moglm train} with a config file plus overrides, then {@code moglm ppl} on its model. */
class TrainAndPplCommandTest {
    @TempDir Path dir;

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            int rc = Main.commandLine().execute(args);
            assertEquals(0, rc, "exit code of moglm " + String.join(" ", args) + "\n" + buf);
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test void trainWithConfigAndOverridesThenPpl() throws IOException {
        Path train = dir.resolve("train.txt");
        Files.write(train, Files.readAllLines(TinySetup.TEXT).subList(0, 60));
        Path conf = dir.resolve("tiny.conf");
        Files.writeString(conf, "# tiny model\nembed-size=12\nhidden-size=12\nrounds=2\nbatch-size=4\nbptt=10\nepochs=5\nlr=0.5\n");
        Path out = dir.resolve("exp");
        String o = run("train", "--config", conf.toString(), "--lr=0.004", "--epochs=1", "--vocab-size=200",
                "--valid-text=" + TinySetup.VALID, "--threads=1", train.toString(), out.toString());
        assertTrue(o.contains("finished true"), o);
        String effective = Files.readString(out.resolve("train.conf"));
        assertTrue(effective.contains("lr=0.004") && effective.contains("rounds=2") && effective.contains("epochs=1")
                && effective.contains("hidden-size=12"), effective);
        for (String f : new String[] {"final.mlm", "checkpoint.mlmc", "metrics.jsonl", "ppl.png", "words.txt"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        Vocabulary words = Vocabulary.readKaldi(out.resolve("words.txt"), "<unk>");
        try (ModelFile.Loaded m = ModelFile.read(out.resolve("final.mlm"))) {
            assertEquals(words, m.vocabulary());
            assertEquals(202, m.vocabulary().size());   // 200 words + <unk> (rarer) + </s>
            assertEquals(2, m.model().config().rounds());
        }
        String p = run("ppl", out.resolve("final.mlm").toString(), TinySetup.VALID.toString());
        Corpus valid = Corpus.read(TinySetup.VALID, words, TextFormat.PLAIN);
        assertTrue(p.contains("over " + valid.targetCount() + " tokens = " + valid.words() + " words + 60 </s>"), p);
        assertTrue(p.contains("(" + valid.oovCount() + " mapped)"), p);
        String metrics = Files.readString(out.resolve("metrics.jsonl")).strip();
        String validPpl = metrics.substring(metrics.lastIndexOf("\"valid_ppl\":") + 12).split("[,}]")[0];
        assertTrue(p.contains("ppl " + String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(validPpl))), p + "\nvs " + metrics);
    }

    @Test void unknownConfigKeyIsAnError() throws IOException {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "hiden-size=12\n");
        int rc = Main.commandLine().execute("train", "--config", conf.toString(), TinySetup.TEXT.toString(), dir.resolve("x").toString());
        assertNotEquals(0, rc);
    }
}
