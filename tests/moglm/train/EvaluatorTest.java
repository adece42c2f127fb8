package moglm.train;

import moglm.model.Vocabulary;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import moglm.model.MogrifierLM;
import moglm.model.ModelConfig;
import moglm.model.Precision;
import moglm.model.State;
import org.junit.jupiter.api.Test;

/** The batched, chunked perplexity equals a plain word-by-word computation with step(). */
class EvaluatorTest {
    @Test void batchedChunkedPerplexityEqualsWordByWordSum() throws IOException {
        Vocabulary v = TinySetup.vocab();
        Corpus c = TinySetup.corpus(TinySetup.VALID, 12, v);
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(v.size(), 12, 12, 2, 4, 0, true), Precision.FLOAT)) {
            m.initRandom(3);
            // reference: one word at a time through the decoder API, state over the whole text
            int[] s = c.stream();
            double ref = 0;
            float[] lp = new float[v.size()];
            try (State st = m.newState(1)) {
                st.zero();
                for (int p = 0; p + 1 < s.length; p++) {
                    m.step(new int[] {s[p]}, 1, st, lp);
                    ref -= lp[s[p + 1]];
                }
            }
            Evaluator.Result r = Evaluator.evaluate(m, c, 1, 7, false);
            assertEquals(c.words() + c.sentences(), r.count());
            assertEquals(ref, r.lossSum(), 1e-4 * Math.abs(ref));

            // sentence-reset evaluation: reference restarts the state at each sentence
            double refReset = 0;
            try (State st = m.newState(1)) {
                for (int i = 0; i < c.sentences(); i++) {
                    st.zero();
                    for (int p = c.sentenceStart(i); p < c.sentenceStart(i + 1); p++) {
                        m.step(new int[] {s[p]}, 1, st, lp);
                        refReset -= lp[s[p + 1]];
                    }
                }
            }
            Evaluator.Result rr = Evaluator.evaluate(m, c, 3, 5, true);
            assertEquals(r.count(), rr.count());
            assertEquals(refReset, rr.lossSum(), 1e-4 * Math.abs(refReset));
            assertNotEquals(ref, refReset, 1e-3);
        }
    }
}
