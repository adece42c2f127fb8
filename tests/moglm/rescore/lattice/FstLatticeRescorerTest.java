package moglm.rescore.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import moglm.kaldi.ngram.GrammarFst;
import moglm.kaldi.ngram.TinyKaldiLmsAccess;
import moglm.rescore.lmfst.FstOnDemandLm;
import org.junit.jupiter.api.Test;

/**
 * Kaldi's lattice-lmrescore semantics on the tiny bigram G.fst (TinyKaldiLms, log10 values x ln 10
 * = L): the cheapest FST path, and the cost split of determinization; the back-off LM's exact
 * cost for comparison.
 */
class FstLatticeRescorerTest {
    static final float L = (float) Math.log(10);
    static final int A = 2, B = 3;

    static WordLattice path(int... words) {
        WordLattice.Builder b = new WordLattice.Builder();
        int s = b.addState();
        for (int i = 0; i < words.length; i++) {
            int d = b.addState();
            b.addArc(s, words[i], 10f, 100f, d, i);
            s = d;
        }
        b.setFinal(s, 5f, 50f);
        return b.build();
    }

    static double total(WordLattice l) {
        double g = 0;
        int s = 0;
        while (l.arcOffset[s] < l.arcOffset[s + 1]) {
            g += l.arcGraph[l.arcOffset[s]];
            s = l.arcNext[l.arcOffset[s]];
        }
        return g + l.finalGraph[s];
    }

    @Test void theCheapestPathAndKaldisSplitOfIt() throws Exception {
        GrammarFst g = TinyKaldiLmsAccess.vectorFst();
        // "a": listed <s> a = 0.2L; the lattice state after it is final only, so the FST state "a"
        // (not final, no arcs along the lattice) is dropped and its back-off weight 0.2L moves onto the arc
        WordLattice out = FstLatticeRescorer.rescore(path(A), g, 1f);
        assertEquals(10 + 0.4 * L, out.arcGraph[0], 1e-5);
        assertEquals(5 + 0.6 * L, out.finalGraph[1], 1e-5);
        WordLattice exact = NgramLatticeRescoring.exact(path(A), new FstOnDemandLm(g), 1f);
        assertEquals(10 + 0.2 * L, exact.arcGraph[0], 1e-5);
        assertEquals(total(exact), total(out), 1e-5);
        // "a a": listed a a = 0.9L, but back-off 0.2L + unigram a 0.5L = 0.7L is cheaper: Kaldi keeps 0.7L
        WordLattice aa = FstLatticeRescorer.rescore(path(A, A), g, -1f);
        assertEquals(20 + 5 - (0.2 + 0.7 + 0.2 + 0.6) * L, total(aa), 1e-5);
        WordLattice aaExact = NgramLatticeRescoring.exact(path(A, A), new FstOnDemandLm(g), -1f);
        assertEquals(20 + 5 - (0.2 + 0.9 + 0.2 + 0.6) * L, total(aaExact), 1e-5);
    }

    @Test void nonDeterministicLatticesAreRefused() throws Exception {
        GrammarFst g = TinyKaldiLmsAccess.vectorFst();
        WordLattice.Builder b = new WordLattice.Builder();
        int s = b.addState(), d1 = b.addState(), d2 = b.addState();
        b.addArc(s, A, 1f, 1f, d1, 0);
        b.addArc(s, A, 1f, 1f, d2, 1);
        b.setFinal(d1, 0f, 0f);
        b.setFinal(d2, 0f, 0f);
        assertThrows(IllegalArgumentException.class, () -> FstLatticeRescorer.rescore(b.build(), g, 1f));
    }
}
