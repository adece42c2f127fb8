package moglm.rescore.nbest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.nbest.LinearNbestDir;
import moglm.kaldi.nbest.UtteranceNbest;
import moglm.rescore.lattice.WordLatticeBestPath;
import moglm.rescore.lattice.CompactLatticeConvert;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

class NbestLatticeTest {
    @Test
    void bestPathOfTheNbestLatticeIsTheBestHypothesisAtEveryScale() throws Exception {
        List<UtteranceNbest> lists = LinearNbestDir.read(SharedData.require("ljspeech-asr/nbest_dev")).lists().subList(0, 30);
        for (UtteranceNbest u : lists) {
            CompactLattice clat = NbestLattice.of(u);
            assertEquals(u.hyps().size(), clat.numArcs() == 0 ? 0 : countFinals(clat));
            for (double acwt : new double[] {0.05, 0.1, 0.2}) {
                WordLatticeBestPath bp = WordLatticeBestPath.of(CompactLatticeConvert.toWordLattice(clat), acwt);
                int best = NbestRescorer.best(u.hyps(), acwt);
                assertArrayEquals(u.hyps().get(best).wordIds(), bp.words(), u.utterance() + " acwt " + acwt);
            }
        }
    }

    private static int countFinals(CompactLattice c) {
        int n = 0;
        for (int s = 0; s < c.numStates(); s++) if (c.isFinal(s)) n++;
        return n;
    }
}
