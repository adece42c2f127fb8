package moglm.rescore.lattice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import moglm.rescore.TestLattices;
import moglm.rescore.TestLattices.Path;
import moglm.rescore.ToyNgramLm;
import moglm.rescore.lmfst.ScaledLm;
import moglm.rescore.lmfst.SumLm;
import org.junit.jupiter.api.Test;

class PrunedLatticeComposerTest {

    @Test
    void unlimitedBeamAndArcsEqualsExhaustiveComposition() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            WordLattice lat = TestLattices.random(rnd, 3 + rnd.nextInt(9), 5, rnd.nextInt(12));
            int order = 2 + rnd.nextInt(3);
            WordLattice exhaustive = ExhaustiveLatticeComposer.compose(lat, new ToyNgramLm(order, 5, trial));
            PrunedLatticeComposer.Result pruned = PrunedLatticeComposer.compose(lat, new ToyNgramLm(order, 5, trial),
                    ComposeOptions.unlimited(0.1));
            assertNotNull(pruned.lattice(), TestLattices.describe(lat));
            assertEquals(exhaustive.numStates, pruned.lattice().numStates, "states, trial " + trial);
            assertEquals(exhaustive.numArcs(), pruned.lattice().numArcs(), "arcs, trial " + trial);
            assertEquals(TestLattices.allPaths(exhaustive), TestLattices.allPaths(pruned.lattice()), "trial " + trial);
        }
    }

    @Test
    void sameLmSubtractedAndAddedLeavesEveryPathCostUnchanged() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            WordLattice lat = TestLattices.random(rnd, 3 + rnd.nextInt(9), 6, rnd.nextInt(12));
            for (ComposeOptions opts : List.of(ComposeOptions.unlimited(0.1), ComposeOptions.defaults())) {
                ToyNgramLm lm = new ToyNgramLm(3, 6, 99);
                WordLattice out = PrunedLatticeComposer.compose(lat, new SumLm(new ScaledLm(lm, -1f), new ScaledLm(lm, 1f)),
                        opts).lattice();
                List<Path> before = TestLattices.allPaths(lat);
                List<Path> after = TestLattices.allPaths(out);
                if (opts.maxArcs() == Integer.MAX_VALUE) assertEquals(before, after, "trial " + trial);
                else assertTrue(before.containsAll(after), "pruned output has a path not in the input, trial " + trial);
                assertArrayEquals(WordLatticeBestPath.of(lat, 0.1).words(), WordLatticeBestPath.of(out, 0.1).words());
                assertEquals(WordLatticeBestPath.of(lat, 0.1).cost(), WordLatticeBestPath.of(out, 0.1).cost(), 1e-9);
            }
        }
    }

    @Test
    void defaultPruningKeepsTheExhaustiveBestPathOnSmallLattices() {
        // an LM delta of the size rescoring sees (a fraction of a nat per word, either sign)
        Random rnd = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            WordLattice lat = TestLattices.random(rnd, 4 + rnd.nextInt(10), 6, rnd.nextInt(20));
            WordLattice full = ExhaustiveLatticeComposer.compose(lat, delta(trial));
            PrunedLatticeComposer.Result r = PrunedLatticeComposer.compose(lat, delta(trial), ComposeOptions.defaults());
            WordLatticeBestPath want = WordLatticeBestPath.of(full, 0.1);
            WordLatticeBestPath got = WordLatticeBestPath.of(r.lattice(), 0.1);
            assertArrayEquals(want.words(), got.words(), "trial " + trial);
            assertEquals(want.cost(), got.cost(), 1e-6);
            // every kept path is a path of the full composition with the same costs
            List<Path> fullPaths = TestLattices.allPaths(full);
            for (Path p : TestLattices.allPaths(r.lattice())) assertTrue(fullPaths.contains(p), "trial " + trial);
        }
    }

    private static SumLm delta(int seed) {
        return new SumLm(new ScaledLm(new ToyNgramLm(3, 6, seed), -0.3f), new ScaledLm(new ToyNgramLm(3, 6, seed + 1000), 0.3f));
    }

    @Test
    void maxArcsBoundsTheOutputAfterTheFirstFinalState() {
        Random rnd = new Random(3);
        WordLattice lat = TestLattices.random(rnd, 40, 8, 200);
        PrunedLatticeComposer.Result r = PrunedLatticeComposer.compose(lat, new ToyNgramLm(4, 8, 1),
                new ComposeOptions(1e9, 50, 10, 1.5, 0.1));
        assertNotNull(r.lattice());
        assertTrue(r.stats().arcsBeforeConnect() <= 50, "arcs " + r.stats().arcsBeforeConnect());
    }

    @Test
    void rejectsLatticeThatIsNotTopSorted() {
        WordLattice.Builder b = new WordLattice.Builder();
        b.addState();
        b.addState();
        b.addArc(0, 1, 1f, 1f, 1, -1);
        b.addArc(1, 2, 1f, 1f, 0, -1);
        b.setFinal(1, 0f, 0f);
        WordLattice lat = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrunedLatticeComposer.compose(lat, new ToyNgramLm(2, 3, 1), ComposeOptions.defaults()));
        assertTrue(e.getMessage().contains("top-sorted"), e.getMessage());
    }
}
