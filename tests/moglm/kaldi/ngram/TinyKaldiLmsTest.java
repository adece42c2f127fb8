package moglm.kaldi.ngram;

import static moglm.kaldi.ngram.TinyKaldiLms.A;
import static moglm.kaldi.ngram.TinyKaldiLms.B;
import static moglm.kaldi.ngram.TinyKaldiLms.BOS;
import static moglm.kaldi.ngram.TinyKaldiLms.L;
import static moglm.kaldi.ngram.TinyKaldiLms.UNK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import moglm.rescore.lmfst.ConstArpaOnDemandLm;
import moglm.rescore.lmfst.FstOnDemandLm;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;
import org.junit.jupiter.api.Test;

/** The tiny bigram of {@link TinyKaldiLms} in every binary layout: hand-computed back-off costs and Kaldi's states. */
class TinyKaldiLmsTest {
    static final double TOL = 1e-5;

    static GrammarFst[] allFsts() throws IOException {
        return new GrammarFst[] {
            OpenFstReader.read(TinyKaldiLms.vectorFst(), "tiny-vector.fst"),
            OpenFstReader.read(TinyKaldiLms.constFst(false), "tiny-const.fst"),
            OpenFstReader.read(TinyKaldiLms.constFst(true), "tiny-const-aligned.fst"),
        };
    }

    static ConstArpaLm[] allCarpas() throws IOException {
        return new ConstArpaLm[] {
            ConstArpaLmReader.read(TinyKaldiLms.constArpa(), "tiny.carpa"),
            ConstArpaLmReader.read(TinyKaldiLms.constArpaOld(), "tiny-old.carpa"),
        };
    }

    static float cost(OnDemandLm lm, int state, int word, int[] next) {
        LmArc a = new LmArc();
        assertTrue(lm.arc(state, word, a), "no arc for word " + word);
        next[0] = a.next;
        return a.cost;
    }

    /** Hand-computed: listed n-grams use their value, others back off (log10 values times ln 10). */
    static void checkCosts(OnDemandLm lm, boolean unknownWordsAreUnk) {
        int[] nx = new int[1];
        int s0 = lm.start();
        assertEquals(0.2 * L, cost(lm, s0, A, nx), TOL);            // <s> a listed
        int sa = nx[0];
        assertEquals((0.3 + 0.7) * L, cost(lm, s0, B, nx), TOL);    // bo(<s>) + b
        int sb = nx[0];
        assertEquals((0.3 + 0.6) * L, lm.finalCost(s0), TOL);       // bo(<s>) + </s>
        assertEquals(0.9 * L, cost(lm, sa, A, nx), TOL);
        assertEquals(sa, nx[0]);
        assertEquals(0.3 * L, cost(lm, sa, B, nx), TOL);
        assertEquals(sb, nx[0]);
        assertEquals((0.2 + 1.0) * L, cost(lm, sa, UNK, nx), TOL);
        assertEquals((0.2 + 0.6) * L, lm.finalCost(sa), TOL);
        assertEquals(0.1 * L, lm.finalCost(sb), TOL);
        assertEquals((0.1 + 0.5) * L, cost(lm, sb, A, nx), TOL);
        assertEquals(sa, nx[0]);
        LmArc arc = new LmArc();
        if (unknownWordsAreUnk) {
            assertTrue(lm.arc(sa, 9, arc));
            assertEquals((0.2 + 1.0) * L, arc.cost, TOL);
        } else {
            assertFalse(lm.arc(sa, 9, arc));   // G.fst has no arc for a word it does not know
        }
    }

    @Test void everyFstLayoutGivesTheBackoffCosts() throws IOException {
        for (GrammarFst g : allFsts()) {
            assertTrue(g.wasProjected());   // #0 on the input side of back-off arcs
            assertEquals(4, g.numStates());
            checkCosts(new FstOnDemandLm(g), false);
        }
    }

    @Test void bothConstArpaLayoutsGiveTheBackoffCostsAndKaldisStates() throws IOException {
        for (ConstArpaLm c : allCarpas()) {
            assertEquals(2, c.order());
            ConstArpaOnDemandLm lm = new ConstArpaOnDemandLm(c);
            checkCosts(lm, true);
            // states: [<s>], [a], [b]; [<unk>] has no children, so its state is the empty history
            LmArc arc = new LmArc();
            assertTrue(lm.arc(lm.start(), UNK, arc));
            int before = lm.numStates();
            assertTrue(lm.arc(lm.start(), UNK, arc));
            assertEquals(before, lm.numStates());
            assertTrue(c.historyStateExists(new int[] {A}, 0, 1));
            assertFalse(c.historyStateExists(new int[] {UNK}, 0, 1));
            assertTrue(c.historyStateExists(new int[] {BOS}, 0, 1));
        }
    }

    @Test void fuzzSeedsAreTheseFiles() throws IOException {
        Path seeds = Path.of("tests/fuzz-seeds");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(seeds), "run from the checkout root");
        assertArrayEquals(TinyKaldiLms.vectorFst(), Files.readAllBytes(seeds.resolve("gfst/tiny-vector.fst")));
        assertArrayEquals(TinyKaldiLms.constFst(false), Files.readAllBytes(seeds.resolve("gfst/tiny-const.fst")));
        assertArrayEquals(TinyKaldiLms.constFst(true), Files.readAllBytes(seeds.resolve("gfst/tiny-const-aligned.fst")));
        assertArrayEquals(TinyKaldiLms.constArpa(), Files.readAllBytes(seeds.resolve("carpa/tiny.carpa")));
        assertArrayEquals(TinyKaldiLms.constArpaOld(), Files.readAllBytes(seeds.resolve("carpa/tiny-old.carpa")));
    }

    /** Writes the fuzzing seeds (run once by hand: they are committed). */
    public static void main(String[] args) throws IOException {
        Path seeds = Path.of(args.length > 0 ? args[0] : "tests/fuzz-seeds");
        Files.createDirectories(seeds.resolve("gfst"));
        Files.createDirectories(seeds.resolve("carpa"));
        Files.write(seeds.resolve("gfst/tiny-vector.fst"), TinyKaldiLms.vectorFst());
        Files.write(seeds.resolve("gfst/tiny-const.fst"), TinyKaldiLms.constFst(false));
        Files.write(seeds.resolve("gfst/tiny-const-aligned.fst"), TinyKaldiLms.constFst(true));
        Files.write(seeds.resolve("carpa/tiny.carpa"), TinyKaldiLms.constArpa());
        Files.write(seeds.resolve("carpa/tiny-old.carpa"), TinyKaldiLms.constArpaOld());
    }
}
