package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EditDistanceTest {
    private static final int A = 1, B = 2, C = 3, X = 9;

    private static EditCounts lev(int[] ref, int[] hyp) {
        return EditDistance.levenshtein(ref, hyp);
    }

    @Test void emptyBoth() {
        assertEquals(new EditCounts(0, 0, 0), lev(new int[0], new int[0]));
    }

    @Test void emptyHypIsAllDeletions() {
        assertEquals(new EditCounts(0, 3, 0), lev(new int[] {A, B, C}, new int[0]));
    }

    @Test void emptyRefIsAllInsertions() {
        assertEquals(new EditCounts(2, 0, 0), lev(new int[0], new int[] {A, B}));
    }

    @Test void identical() {
        assertEquals(new EditCounts(0, 0, 0), lev(new int[] {A, B, C}, new int[] {A, B, C}));
    }

    @Test void singleSubstitution() {
        assertEquals(new EditCounts(0, 0, 1), lev(new int[] {A, B, C}, new int[] {A, X, C}));
    }

    @Test void swappedPairPrefersInsDelOverTwoSubstitutions() {
        // ref A B, hyp B A: cost 2 either as 2 sub or as del A + match B + ins A. Kaldi takes a
        // substitution only when strictly cheaper, so the tie goes to ins + del.
        assertEquals(new EditCounts(1, 1, 0), lev(new int[] {A, B}, new int[] {B, A}));
    }

    @Test void shiftedPairPrefersInsDel() {
        // ref A B, hyp B C: 2 subs, or del A + match B + ins C: Kaldi reports 1 ins 1 del.
        assertEquals(new EditCounts(1, 1, 0), lev(new int[] {A, B}, new int[] {B, C}));
    }

    @Test void subPlusDeletion() {
        // ref A B, hyp C: the only cost-2 alignments are 1 sub + 1 del.
        assertEquals(new EditCounts(0, 1, 1), lev(new int[] {A, B}, new int[] {C}));
    }

    @Test void repeatedWordIsOneInsertion() {
        assertEquals(new EditCounts(1, 0, 0), lev(new int[] {A}, new int[] {A, A}));
        assertEquals(new EditCounts(0, 1, 0), lev(new int[] {A, A}, new int[] {A}));
    }

    @Test void totalMatchesTextbookDistanceOnRandomSequences() {
        Random rnd = new Random(7);
        for (int t = 0; t < 2000; t++) {
            int[] a = rnd.ints(rnd.nextInt(9), 0, 4).toArray();
            int[] b = rnd.ints(rnd.nextInt(9), 0, 4).toArray();
            EditCounts c = lev(a, b);
            assertEquals(EditDistance.distance(a, b), c.errors());
            // ins - del is fixed by the lengths, whatever the alignment
            assertEquals(b.length - a.length, c.insertions() - c.deletions());
        }
    }
}
