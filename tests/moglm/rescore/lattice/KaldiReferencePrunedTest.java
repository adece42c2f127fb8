package moglm.rescore.lattice;

import java.io.IOException;
import java.nio.file.Path;
import moglm.rescore.lmfst.NgramModel;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/** Kaldi's {@code lattice-lmrescore-pruned --add-const-arpa=true G.fst <G.carpa>} reproduced (see KaldiReferenceRescoreTest). */
class KaldiReferencePrunedTest {

    static void run(String refDir, String newLm, float lmScale) throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        NgramModel old = NgramModel.load(root.resolve("lang/G.fst"), null);
        NgramModel add = NgramModel.load(SharedData.require("ljspeech-asr/" + newLm), null);
        ComposeOptions opts = new ComposeOptions(6.0, 100000, 100, 1.5, 0.1);
        KaldiReferenceRescoreTest.compareWithKaldi(refDir, in -> NgramLatticeRescoring.pruned(in, old.get(), add.get(), lmScale, opts).lattice());
    }

    @Test void sameTrigramOutAndIn() throws IOException {
        run("pruned_3gram_lmscale1.0", "lang/G.carpa", 1.0f);
    }

    @Test void bigramIn() throws IOException {
        run("pruned_2gram_lmscale0.5", "kaldi-reference/lang_2gram/G.carpa", 0.5f);
    }
}
