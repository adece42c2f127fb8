package moglm.kaldi.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The old LM of the LJSpeech set against the dev lattices made with it: every arc's graph cost is
 * -ln P(w | two previous words) and every final weight's graph part -ln P(&lt;/s&gt; | h) under our
 * ARPA reader. The lattices are expanded so each state has one two-word history, so walking the
 * LM state from the start state along the (topologically sorted) arcs gives each state's history;
 * a state reached twice must get the same LM state.
 */
class LjspeechLatticeGraphCostTest {
    @Test void everyArcAndFinalGraphCostIsTheArpaCost() throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        SymbolTable words = SymbolTable.read(root.resolve("lang/words.txt"));
        NgramLm lm = ArpaReader.read(root.resolve("lang/lm_3gram.arpa.gz"), words);
        int lattices = 0;
        long arcs = 0, finals = 0;
        double maxDev = 0, maxRel = 0;
        for (String job : new String[] {"1", "2"}) {
            String rspec = "ark:gunzip -c " + root.resolve("decode_dev/lat." + job + ".gz") + "|";
            try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE,
                    m -> { throw new AssertionError(m); })) {
                while (r.next()) {
                    CompactLattice lat = r.value();
                    assertTrue(lat.isTopSorted(), r.key());
                    int[] lmState = new int[lat.numStates()];
                    java.util.Arrays.fill(lmState, -1);
                    lmState[lat.start()] = lm.sentenceStartState();
                    for (int s = 0; s < lat.numStates(); s++) {
                        int h = lmState[s];
                        assertTrue(h >= 0, r.key() + " state " + s + " unreachable");
                        for (int a = lat.arcBegin(s); a < lat.arcEnd(s); a++) {
                            int w = lat.ilabel(a);
                            assertTrue(w > 0, r.key() + ": epsilon arc");
                            long sc = lm.score(h, w);
                            double expected = -NgramLm.logProbOf(sc);
                            double dev = Math.abs(expected - lat.graphCost(a));
                            maxDev = Math.max(maxDev, dev);
                            maxRel = Math.max(maxRel, dev / Math.max(1e-3, Math.abs(expected)));
                            assertEquals(expected, lat.graphCost(a), 2.5e-7 * Math.abs(expected) + 1e-7,
                                    r.key() + " arc " + s + "->" + lat.nextState(a) + " word " + words.symbol(w));
                            int t = lat.nextState(a);
                            int next = NgramLm.stateOf(sc);
                            if (lmState[t] < 0) lmState[t] = next;
                            else assertEquals(lmState[t], next, r.key() + " state " + t + " reached with two LM histories");
                            arcs++;
                        }
                        if (lat.isFinal(s)) {
                            double expected = -lm.logProb(h, lm.eos());
                            double dev = Math.abs(expected - lat.finalGraphCost(s));
                            maxDev = Math.max(maxDev, dev);
                            assertEquals(expected, lat.finalGraphCost(s), 2.5e-7 * Math.abs(expected) + 1e-7, r.key() + " final " + s);
                            finals++;
                        }
                    }
                    lattices++;
                }
            }
        }
        assertEquals(185, lattices);
        assertEquals(184279, arcs);
        System.out.printf("LJSpeech dev lattices: %d arcs + %d final weights match the ARPA; max |deviation| %.3g, max relative %.3g%n",
                arcs, finals, maxDev, maxRel);
    }
}
