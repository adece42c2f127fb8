package moglm.train;

import moglm.model.Vocabulary;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnigramBiasTest {
    @Test void softmaxOfTheBiasIsTheAddOneUnigram() throws IOException {
        Vocabulary v = Vocabulary.fromWords(List.of("the", "cat", "sat"), "<unk>");
        // model indices: 0 </s>, 1 <unk>, 2 cat, 3 sat, 4 the
        Corpus c = Corpus.read(new BufferedReader(new StringReader("the cat sat\n\nthe dog\n")), v, TextFormat.PLAIN, "mem");
        // predicted tokens: the cat sat </s> </s> the <unk> </s> -> counts 3,1,1,1,2 of N = 8; V = 5
        double[] expected = {4 / 13.0, 2 / 13.0, 2 / 13.0, 2 / 13.0, 3 / 13.0};
        float[] b = Trainer.unigramLogProbs(c, v.size());
        assertEquals(5, b.length);
        double z = 0, mean = 0;
        for (float x : b) { z += Math.exp(x); mean += x; }
        assertEquals(0, mean / b.length, 1e-6, "shifted to mean zero");
        for (int w = 0; w < 5; w++) assertEquals(expected[w], Math.exp(b[w]) / z, 1e-6, "p(" + w + ")");
    }
}
