package moglm.rescore.nbest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import moglm.kaldi.nbest.NbestHyp;
import moglm.kaldi.nbest.UtteranceNbest;
import moglm.rescore.TestLattices;
import moglm.rescore.ToyNgramLm;
import moglm.rescore.lattice.WordLatticeBestPath;
import moglm.rescore.lattice.ComposeOptions;
import moglm.rescore.lattice.PrunedLatticeComposer;
import moglm.rescore.lattice.WordLattice;
import moglm.rescore.lmfst.ScaledLm;
import moglm.rescore.lmfst.SumLm;
import moglm.rescore.neural.NeuralLm;
import moglm.rescore.neural.NeuralOnDemandLm;
import moglm.rescore.neural.TestNetworks;
import org.junit.jupiter.api.Test;

class NbestVsLatticeTest {

    /** lattice-to-nbest semantics on a small lattice: every distinct word sequence with its best costs. */
    static UtteranceNbest nbestOf(WordLattice lat, double acwt) {
        Map<List<Integer>, TestLattices.Path> best = new LinkedHashMap<>();
        for (TestLattices.Path p : TestLattices.allPaths(lat))
            best.merge(p.words(), p, (a, b) -> a.graph() + acwt * a.acoustic() <= b.graph() + acwt * b.acoustic() ? a : b);
        List<NbestHyp> out = new ArrayList<>();
        int k = 1;
        for (TestLattices.Path p : best.values())
            out.add(NbestHyp.kaldi(k++, null, p.words().stream().mapToInt(Integer::intValue).toArray(), (float) p.graph(), (float) p.acoustic()));
        return new UtteranceNbest("utt", out);
    }

    @Test
    void nbestAndLatticeRescoringAgreeOnTheBestPath() {
        Random rnd = new Random(21);
        double w = 0.5;
        for (int trial = 0; trial < 40; trial++) {
            WordLattice lat = TestLattices.random(rnd, 3 + rnd.nextInt(8), 5, rnd.nextInt(10));
            NeuralLm exact = TestNetworks.tinyLm(0, 1 << 22);
            List<NbestHyp> rescored = new NbestRescorer(exact, w).rescore(nbestOf(lat, 0.1), new ToyNgramLm(3, 5, trial)).hyps();
            NbestHyp nbestBest = rescored.get(NbestRescorer.best(rescored, 0.1));
            try (NeuralOnDemandLm neural = new NeuralOnDemandLm(TestNetworks.tinyLm(0, 1 << 22))) {
                SumLm delta = new SumLm(new ScaledLm(new ToyNgramLm(3, 5, trial), (float) -w), new ScaledLm(neural, (float) w));
                WordLattice out = PrunedLatticeComposer.compose(lat, delta, ComposeOptions.defaults()).lattice();
                WordLatticeBestPath lb = WordLatticeBestPath.of(out, 0.1);
                assertArrayEquals(nbestBest.wordIds(), lb.words(), "trial " + trial);
                assertEquals(nbestBest.lmCost() + 0.1 * nbestBest.acCost(), lb.cost(), 2e-3, "trial " + trial);
            }
        }
    }

    @Test
    void prunedUnlimitedEqualsExhaustiveWithTheNeuralDelta() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 20; trial++) {
            WordLattice lat = TestLattices.random(rnd, 3 + rnd.nextInt(8), 5, rnd.nextInt(10));
            WordLattice full, pruned;
            try (NeuralOnDemandLm n = new NeuralOnDemandLm(TestNetworks.tinyLm(0, 1 << 22))) {
                full = moglm.rescore.lattice.ExhaustiveLatticeComposer.compose(lat,
                        new SumLm(new ScaledLm(new ToyNgramLm(3, 5, trial), -0.5f), new ScaledLm(n, 0.5f)));
            }
            try (NeuralOnDemandLm n = new NeuralOnDemandLm(TestNetworks.tinyLm(0, 1 << 22))) {
                pruned = PrunedLatticeComposer.compose(lat, new SumLm(new ScaledLm(new ToyNgramLm(3, 5, trial), -0.5f),
                        new ScaledLm(n, 0.5f)), ComposeOptions.unlimited(0.1)).lattice();
            }
            assertEquals(TestLattices.allPaths(full), TestLattices.allPaths(pruned), "trial " + trial);
        }
    }

    @Test
    void requiresExactHistories() {
        assertThrows(IllegalArgumentException.class, () -> new NbestRescorer(TestNetworks.tinyLm(3, 1 << 20), 0.5));
    }
}
