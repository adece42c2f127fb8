package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.nbest.LinearNbestDir;
import moglm.kaldi.nbest.NbestHyp;
import moglm.kaldi.nbest.UtteranceNbest;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The LJSpeech old LM (lang/lm_3gram.arpa.gz) against the 100-best lists made with it:
 * every hypothesis' lmcost must equal -ln P(w1..wn &lt;/s&gt; | &lt;s&gt;) under our ARPA reader.
 */
class LjspeechNbestLmCostTest {

    @Test void lmcostEqualsArpaSentenceCost() throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        SymbolTable words = SymbolTable.read(root.resolve("lang/words.txt"));
        ArpaReader.Result r = ArpaReader.readWithStats(Files.newInputStream(root.resolve("lang/lm_3gram.arpa.gz")),
                "lm_3gram.arpa.gz", words::id, new ArpaReader.Options());
        NgramLm lm = r.lm();
        assertEquals(0, r.skippedNgrams());
        assertEquals(12617, lm.count(1));
        assertEquals(97522, lm.count(2));
        assertEquals(170772, lm.count(3));
        LinearNbestDir.Result nb = LinearNbestDir.read(root.resolve("nbest_dev"));
        assertTrue(nb.errors().isEmpty(), nb.errors().toString());
        assertEquals(185, nb.lists().size());
        assertEquals(18333, nb.hypotheses());
        double maxAbs = 0, maxRel = 0;
        for (UtteranceNbest u : nb.lists()) {
            for (NbestHyp h : u.hyps()) {
                // trans.int and trans agree through words.txt
                for (int i = 0; i < h.length(); i++) assertEquals(words.id(h.words()[i]), h.wordIds()[i]);
                double cost = -lm.sentenceLogProb(h.wordIds());
                double d = Math.abs(cost - h.lmCost());
                maxAbs = Math.max(maxAbs, d);
                maxRel = Math.max(maxRel, d / Math.abs(cost));
                // lmcost is stored as float32: allow a few float ulps
                assertEquals(cost, h.lmCost(), 3e-7 * Math.abs(cost) + 1e-6, u.utterance() + "-" + h.rank());
            }
        }
        System.out.printf("nbest_dev lmcost vs ARPA sentence cost: max abs deviation %.3g, max rel %.3g over %d hyps%n",
                maxAbs, maxRel, nb.hypotheses());
    }

    @Test void ljspeechArpaStatesAreTrigramHistories() throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        SymbolTable words = SymbolTable.read(root.resolve("lang/words.txt"));
        NgramLm lm = ArpaReader.read(root.resolve("lang/lm_3gram.arpa.gz"), words);
        assertEquals(words.id("<s>"), lm.bos());
        assertEquals(words.id("</s>"), lm.eos());
        assertEquals(words.id("<unk>"), lm.unk());
        int s = lm.sentenceStartState();
        for (String w : List.of("the", "history", "of")) s = lm.nextState(s, words.id(w));
        assertTrue(NgramLm.stateOrder(s) <= 2);
    }
}
