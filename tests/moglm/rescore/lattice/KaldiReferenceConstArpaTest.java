package moglm.rescore.lattice;

import java.io.IOException;
import java.nio.file.Path;
import moglm.rescore.lmfst.NgramModel;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Kaldi's {@code lattice-lmrescore --lm-scale=-1 (G.fst) | lattice-lmrescore-const-arpa --lm-scale=1 (G.carpa)}
 * (steps/lmrescore_const_arpa.sh) reproduced by two exact compositions (see KaldiReferenceRescoreTest).
 */
class KaldiReferenceConstArpaTest {
    @Test void subtractGfstAddBigramCarpa() throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        NgramModel old = NgramModel.load(root.resolve("lang/G.fst"), null);
        NgramModel add = NgramModel.load(SharedData.require("ljspeech-asr/kaldi-reference/lang_2gram/G.carpa"), null);
        KaldiReferenceRescoreTest.compareWithKaldi("const_arpa_2gram", in -> {
            WordLattice minusOld = NgramLatticeRescoring.lmrescore(in, old, -1f);
            return NgramLatticeRescoring.exact(minusOld, add.get(), 1f);
        });
    }
}
