package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Best path, n-best, pruning, oracle, top-sort and conversion against exhaustive references. */
class LatticeOperationsTest {
    static final int TRIALS = 300;

    @Test void bestPathIsTheCheapestPath() {
        Random rnd = new Random(11);
        for (int t = 0; t < TRIALS; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(8), 4, rnd.nextBoolean(), true);
            List<RandomLattices.Path> all = RandomLattices.allPaths(lat);
            all.sort(Comparator.comparingDouble(RandomLattices.Path::cost));
            CompactLattice best = BestPath.find(lat);
            LinearPath lp = LinearPath.of(best);
            assertEquals(all.get(0).cost(), (double) lp.graphCost() + lp.acousticCost(), 1e-3, "trial " + t);
            if (all.size() == 1 || all.get(1).cost() > all.get(0).cost() + 1e-3) {
                assertArrayEquals(all.get(0).words(), lp.words(), "trial " + t);
                assertArrayEquals(all.get(0).tids(), lp.alignment(), "trial " + t);
                assertEquals(all.get(0).graph(), lp.graphCost(), "trial " + t);
            }
        }
    }

    @Test void nbestListsPathsInCostOrder() {
        Random rnd = new Random(12);
        for (int t = 0; t < TRIALS; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(8), 4, rnd.nextBoolean(), true);
            List<RandomLattices.Path> all = RandomLattices.allPaths(lat);
            all.sort(Comparator.comparingDouble(RandomLattices.Path::cost));
            int n = 1 + rnd.nextInt(6);
            List<LatticeNbest.Path> ours = LatticeNbest.paths(lat, n, 1.0, 1.0, false);
            assertEquals(Math.min(n, all.size()), ours.size(), "trial " + t);
            for (int k = 0; k < ours.size(); k++) assertEquals(all.get(k).cost(), ours.get(k).cost(), 1e-9, "trial " + t + " rank " + k);
            // unique word sequences: the best cost of each distinct word sequence, in order
            Map<String, Double> bestPerWords = new HashMap<>();
            for (RandomLattices.Path p : all) bestPerWords.merge(java.util.Arrays.toString(p.words()), p.cost(), Math::min);
            List<Double> expected = bestPerWords.values().stream().sorted().collect(Collectors.toList());
            List<LatticeNbest.Path> unique = LatticeNbest.paths(lat, n, 1.0, 1.0, true);
            assertEquals(Math.min(n, expected.size()), unique.size(), "trial " + t);
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < unique.size(); k++) {
                assertEquals(expected.get(k), unique.get(k).cost(), 1e-9, "trial " + t + " unique rank " + k);
                assertTrue(seen.add(java.util.Arrays.toString(unique.get(k).words())));
            }
        }
    }

    @Test void nbestLatticesCarryTheOriginalCosts() {
        Random rnd = new Random(13);
        for (int t = 0; t < 100; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(7), 4, false, true);
            Set<String> paths = pathSetWithoutEpsilonBoundaries(lat);
            for (CompactLattice one : LatticeNbest.nbest(lat, 5, 1.0, 1.0, false)) {
                Set<String> p = pathSetWithoutEpsilonBoundaries(one);
                assertEquals(1, p.size());
                assertTrue(paths.containsAll(p), "trial " + t + ": " + p);
            }
        }
    }

    @Test void pruneKeepsExactlyTheArcsOnPathsWithinTheBeam() {
        Random rnd = new Random(14);
        for (int t = 0; t < TRIALS; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(8), 4, rnd.nextBoolean(), false);
            List<RandomLattices.Path> all = RandomLattices.allPaths(lat);
            double best = all.stream().mapToDouble(RandomLattices.Path::cost).min().getAsDouble();
            double beam = 0.5 + rnd.nextDouble() * 15;
            double cutoff = best + beam;
            Map<Integer, Double> bestThroughArc = new HashMap<>();
            boolean nearBoundary = false;
            for (RandomLattices.Path p : all) {
                if (Math.abs(p.cost() - cutoff) < 1e-6) nearBoundary = true;
                for (int a : p.arcs()) bestThroughArc.merge(a, p.cost(), Math::min);
            }
            if (nearBoundary) continue;
            long kept = bestThroughArc.values().stream().filter(c -> c <= cutoff).count();
            CompactLattice pruned = LatticePrune.prune(lat, beam);
            assertNotNull(pruned);
            assertEquals(kept, pruned.numArcs(), "trial " + t);
            Set<String> original = all.stream().map(RandomLattices::describe).collect(Collectors.toSet());
            List<RandomLattices.Path> left = RandomLattices.allPaths(pruned);
            for (RandomLattices.Path p : left) assertTrue(original.contains(RandomLattices.describe(p)));
            assertEquals(best, left.stream().mapToDouble(RandomLattices.Path::cost).min().getAsDouble(), 1e-9);
            assertTrue(pruned.isTopSorted());
        }
    }

    @Test void oracleIsTheMinimumEditDistance() {
        Random rnd = new Random(15);
        for (int t = 0; t < TRIALS; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(8), 4, rnd.nextBoolean(), false);
            int[] ref = new int[rnd.nextInt(6)];
            for (int i = 0; i < ref.length; i++) ref[i] = 1 + rnd.nextInt(5);
            int min = Integer.MAX_VALUE;
            for (RandomLattices.Path p : RandomLattices.allPaths(lat)) min = Math.min(min, RandomLattices.editDistance(ref, p.words()));
            LatticeOracle.Result r = LatticeOracle.find(lat, ref, null);
            assertEquals(min, r.errors(), "trial " + t);
            assertEquals(min, RandomLattices.editDistance(ref, r.words()), "trial " + t);
            assertEquals(ref.length, r.correct() + r.deletions() + r.substitutions());
            List<RandomLattices.Path> path = RandomLattices.allPaths(LatticeOracle.pathLattice(lat, r));
            assertEquals(1, path.size());
            assertArrayEquals(r.words(), path.get(0).words());
            // word 1 as a wildcard: it neither matches nor counts
            LatticeOracle.Result w = LatticeOracle.find(lat, ref, x -> x == 1);
            int minWild = Integer.MAX_VALUE;
            int[] refNoWild = java.util.Arrays.stream(ref).filter(x -> x != 1).toArray();
            for (RandomLattices.Path p : RandomLattices.allPaths(lat)) {
                minWild = Math.min(minWild, RandomLattices.editDistance(refNoWild, java.util.Arrays.stream(p.words()).filter(x -> x != 1).toArray()));
            }
            assertEquals(minWild, w.errors(), "trial " + t + " wildcard");
        }
    }

    @Test void topSortFollowsOpenFstOrderAndKeepsPaths() {
        // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3: OpenFst's DFS finishes 3, 1, 2, 0, so the order is 0, 2, 1, 3
        CompactLattice.Builder b = CompactLattice.builder();
        b.ensureStates(4);
        b.setStart(0);
        b.addArc(0, 1, 1f, 0f, 1);
        b.addArc(0, 2, 2f, 0f, 2);
        b.addArc(1, 3, 3f, 0f, 3);
        b.addArc(2, 4, 4f, 0f, 3);
        b.setFinal(3, 0f, 0f);
        CompactLattice sorted = TopSort.sort(b.build());
        assertEquals(2, sorted.nextState(0)); // arc to old state 1 now goes to new state 2
        assertEquals(1, sorted.nextState(1));
        assertEquals(4, sorted.word(sorted.arcBegin(1)));
        assertEquals(3, sorted.word(sorted.arcBegin(2)));
        Random rnd = new Random(16);
        for (int t = 0; t < TRIALS; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(8), 4, true, true);
            CompactLattice s = TopSort.sort(lat);
            assertTrue(s.isTopSorted());
            assertEquals(pathSet(lat), pathSet(s));
            if (Connect.connect(lat).numStates() == lat.numStates()) assertEquals(0, s.start());
        }
        CompactLattice.Builder cyc = CompactLattice.builder();
        cyc.ensureStates(2);
        cyc.setStart(0);
        cyc.addArc(0, 1, 0f, 0f, 1);
        cyc.addArc(1, 1, 0f, 0f, 0);
        cyc.setFinal(1, 0f, 0f);
        assertNull(TopSort.order(cyc.build()));
    }

    @Test void conversionRoundTripKeepsEveryPath() {
        Random rnd = new Random(17);
        for (int t = 0; t < TRIALS; t++) {
            CompactLattice lat = RandomLattices.make(rnd, 2 + rnd.nextInt(8), 4, rnd.nextBoolean(), true);
            Lattice expanded = LatticeConvert.toLattice(lat);
            int totalTids = 0;
            for (int a = 0; a < lat.numArcs(); a++) totalTids += Math.max(0, lat.stringLength(a) - 1);
            for (int s = 0; s < lat.numStates(); s++) if (lat.isFinal(s)) totalTids += lat.finalStringLength(s);
            assertEquals(lat.numStates() + totalTids, expanded.numStates());
            CompactLattice back = LatticeConvert.toCompact(expanded);
            assertEquals(pathSetWithoutEpsilonBoundaries(lat), pathSetWithoutEpsilonBoundaries(back), "trial " + t);
        }
    }

    @Test void factorMergesEpsilonArcsIntoTheArcBefore() {
        // 0 -(5, tids 1 2)-> 1 -(0, tid 3)-> 2 -(6)-> 3 final: state 1 is a chain middle and disappears
        CompactLattice.Builder b = CompactLattice.builder();
        b.ensureStates(4);
        b.setStart(0);
        b.addArc(0, 5, 5, 1f, 10f, new int[] {1, 2}, 0, 2, 1);
        b.addArc(1, 0, 0, 0.5f, 2f, new int[] {3}, 0, 1, 2);
        b.addArc(2, 6, 6, 2f, 20f, new int[] {4}, 0, 1, 3);
        b.setFinal(3, 0.25f, 1f, new int[] {9}, 0, 1);
        CompactLattice back = LatticeConvert.toCompact(LatticeConvert.toLattice(b.build()));
        assertEquals(3, back.numStates());
        assertEquals(2, back.numArcs());
        assertEquals(5, back.word(0));
        assertArrayEquals(new int[] {1, 2, 3}, back.transitionIds(0));
        assertEquals(1.5f, back.graphCost(0));
        assertEquals(12f, back.acousticCost(0));
        // the final weight's transition ids become part of the last arc; the final weight is One
        assertArrayEquals(new int[] {4, 9}, back.transitionIds(1));
        assertEquals(2.25f, back.graphCost(1));
        assertTrue(back.isFinal(2));
        assertEquals(0f, back.finalGraphCost(2));
    }

    @Test void connectRemovesDeadStates() {
        CompactLattice.Builder b = CompactLattice.builder();
        b.ensureStates(5);
        b.setStart(0);
        b.addArc(0, 1, 0f, 0f, 1);
        b.addArc(0, 2, 0f, 0f, 2);   // 2 is a dead end
        b.addArc(1, 3, 0f, 0f, 4);
        b.addArc(3, 4, 0f, 0f, 4);   // 3 is unreachable
        b.setFinal(4, 0f, 0f);
        CompactLattice c = Connect.connect(b.build());
        assertEquals(3, c.numStates());
        assertEquals(2, c.numArcs());
        assertEquals(1, c.word(0));
        assertEquals(3, c.word(1));
    }

    static Set<String> pathSet(CompactLattice lat) {
        return RandomLattices.allPaths(lat).stream().map(RandomLattices::describe).collect(Collectors.toSet());
    }

    /** Words, tids and total costs (rounded: merged chains add floats in a different order). */
    static Set<String> pathSetWithoutEpsilonBoundaries(CompactLattice lat) {
        List<String> out = new ArrayList<>();
        for (RandomLattices.Path p : RandomLattices.allPaths(lat)) {
            out.add(java.util.Arrays.toString(p.words()) + java.util.Arrays.toString(p.tids())
                    + String.format("%.3f/%.3f", p.graph(), p.acoustic()));
        }
        return new HashSet<>(out);
    }
}
