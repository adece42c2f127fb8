package moglm.rescore.lmfst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import moglm.kaldi.ngram.ArpaReader;
import moglm.kaldi.ngram.NgramLm;
import moglm.rescore.TestLattices;
import moglm.rescore.lattice.WordLatticeBestPath;
import moglm.rescore.lattice.ComposeOptions;
import moglm.rescore.lattice.ExhaustiveLatticeComposer;
import moglm.rescore.lattice.PrunedLatticeComposer;
import moglm.rescore.lattice.WordLattice;
import moglm.rescore.nbest.NbestRescorer;
import moglm.testutil.SharedData;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The old LM of the LJSpeech set (real ARPA) through the on-demand interface. */
class NgramOnDemandLmTest {
    static NgramLm arpa;
    static Vocabulary vocab;

    @BeforeAll
    static void load() throws Exception {
        Path lang = SharedData.require("ljspeech-asr/lang");
        vocab = Vocabulary.readKaldi(lang.resolve("words.txt"), "<unk>");
        arpa = ArpaReader.read(lang.resolve("lm_3gram.arpa.gz"), vocab::kaldiId);
    }

    /** A random lattice over real word ids 1..12615. */
    private static WordLattice realWords(Random rnd, int states, int extra) {
        return TestLattices.random(rnd, states, 12615, extra);
    }

    @Test
    void sentenceCostIsTheArpaSentenceProbability() {
        int[] words = {vocab.kaldiId("in"), vocab.kaldiId("being"), vocab.kaldiId("comparatively"), vocab.kaldiId("modern")};
        assertEquals(-arpa.sentenceLogProb(words), NbestRescorer.sentenceCost(new NgramOnDemandLm(arpa), words), 1e-3);
    }

    @Test
    void theArpaAsOldAndNewAtWeightOneLeavesEveryPathUnchanged() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 30; trial++) {
            WordLattice lat = realWords(rnd, 3 + rnd.nextInt(9), rnd.nextInt(12));
            NgramOnDemandLm lm = new NgramOnDemandLm(arpa);
            WordLattice out = PrunedLatticeComposer.compose(lat, new SumLm(new ScaledLm(lm, -1f), new ScaledLm(lm, 1f)),
                    ComposeOptions.unlimited(0.1)).lattice();
            assertEquals(TestLattices.allPaths(lat), TestLattices.allPaths(out), "trial " + trial);
            WordLattice pruned = PrunedLatticeComposer.compose(lat, new SumLm(new ScaledLm(lm, -1f), new ScaledLm(lm, 1f)),
                    ComposeOptions.defaults()).lattice();
            List<TestLattices.Path> all = TestLattices.allPaths(lat);
            for (TestLattices.Path p : TestLattices.allPaths(pruned)) assertTrue(all.contains(p), "trial " + trial);
            assertEquals(WordLatticeBestPath.of(lat, 0.1).cost(), WordLatticeBestPath.of(pruned, 0.1).cost(), 0.0);
        }
    }

    @Test
    void prunedEqualsExhaustiveWithTheRealArpaDelta() {
        Random rnd = new Random(23);
        for (int trial = 0; trial < 30; trial++) {
            WordLattice lat = realWords(rnd, 3 + rnd.nextInt(9), rnd.nextInt(12));
            WordLattice full = ExhaustiveLatticeComposer.compose(lat, new ScaledLm(new NgramOnDemandLm(arpa), 0.5f));
            WordLattice pruned = PrunedLatticeComposer.compose(lat, new ScaledLm(new NgramOnDemandLm(arpa), 0.5f),
                    ComposeOptions.unlimited(0.1)).lattice();
            assertEquals(TestLattices.allPaths(full), TestLattices.allPaths(pruned), "trial " + trial);
        }
    }
}
