package moglm.train;

import moglm.model.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small real text (bundled LJSpeech LM sample, public domain) and tiny model options for fast tests. */
public final class TinySetup {
    public static final Path TEXT = Path.of("tests/moglm/train/data/ljspeech_lm_400.txt");
    public static final Path VALID = Path.of("tests/moglm/train/data/ljspeech_lm_valid60.txt");

    private TinySetup() {}

    /** The first {@code lines} sentences of the sample as a corpus over {@code vocab}. */
    public static Corpus corpus(Path file, int lines, Vocabulary vocab) throws IOException {
        List<String> all = Files.readAllLines(file);
        String text = String.join("\n", all.subList(0, Math.min(lines, all.size()))) + "\n";
        return Corpus.read(new BufferedReader(new StringReader(text)), vocab, TextFormat.PLAIN, file + "[:" + lines + "]");
    }

    /** The 300 most frequent words of the sample, plus <unk>. */
    public static Vocabulary vocab() throws IOException {
        return new VocabularyBuilder().addFile(TEXT, TextFormat.PLAIN).build(300, "<unk>");
    }

    public static TrainOptions tinyOptions() {
        TrainOptions o = new TrainOptions();
        o.embedSize = 16;
        o.hiddenSize = 16;
        o.layers = 2;
        o.rounds = 3;
        o.rank = 0;
        o.tied = true;
        o.batchSize = 4;
        o.bptt = 8;
        o.epochs = 50;
        o.lr = 3e-3;
        o.evalInterval = 0;
        o.checkpointMinutes = 0;
        o.seed = 7;
        return o;
    }
}
