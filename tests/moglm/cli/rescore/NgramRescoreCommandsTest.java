package moglm.cli.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import moglm.kaldi.lattice.CompactLattice;
import moglm.rescore.lattice.KaldiReferenceAccess;
import moglm.testutil.LatticeIsomorphism;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The n-gram rescoring commands, run as a user runs them (kaldi-reference/README.md's command
 * lines with moglm in place of Kaldi), reproduce real Kaldi's output lattices for job 1 (93 dev
 * lattices); and their argument errors are clear.
 */
class NgramRescoreCommandsTest {
    @TempDir Path tmp;

    static void assertSameAsKaldi(Path ours, Path kaldi) throws Exception {
        Map<String, CompactLattice> o = KaldiReferenceAccess.readAll(ours), k = KaldiReferenceAccess.readAll(kaldi);
        assertEquals(k.keySet(), o.keySet());
        for (String key : k.keySet()) {
            LatticeIsomorphism.Result r = LatticeIsomorphism.compare(o.get(key), k.get(key));
            assertTrue(r.same(), key + ": " + r.problem());
        }
    }

    @Test void prunedWithConstArpaNewLm() throws Exception {
        Path d = SharedData.require("ljspeech-asr");
        Path out = tmp.resolve("lat.1.gz");
        RescoreCommandsTest.Run r = RescoreCommandsTest.run("lattice-lmrescore-pruned", "--lm-scale=0.5", "--acoustic-scale=0.1", "--add-const-arpa=true",
                d.resolve("lang/G.fst").toString(), d.resolve("kaldi-reference/lang_2gram/G.carpa").toString(),
                "ark:gunzip -c " + d.resolve("decode_dev/lat.1.gz") + "|", "ark,t:|gzip -c > " + out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Done 93 lattices, failed for 0"), r.err());
        assertSameAsKaldi(out, d.resolve("kaldi-reference/pruned_2gram_lmscale0.5/lat.1.gz"));
    }

    @Test void lmrescoreThenConstArpa() throws Exception {
        Path d = SharedData.require("ljspeech-asr");
        Path mid = tmp.resolve("nolm.ark"), out = tmp.resolve("lat.1.gz");
        RescoreCommandsTest.Run r1 = RescoreCommandsTest.run("lattice-lmrescore", "--lm-scale=-1.0",
                "ark:gunzip -c " + d.resolve("decode_dev/lat.1.gz") + "|", "cat " + d.resolve("lang/G.fst") + " |", "ark:" + mid);   // an rxfilename pipe, as Kaldi's fstproject
        assertEquals(0, r1.code(), r1.err());
        RescoreCommandsTest.Run r2 = RescoreCommandsTest.run("lattice-lmrescore-const-arpa", "--lm-scale=1.0",
                "ark:" + mid, d.resolve("kaldi-reference/lang_2gram/G.carpa").toString(), "ark,t:|gzip -c > " + out);
        assertEquals(0, r2.code(), r2.err());
        assertSameAsKaldi(out, d.resolve("kaldi-reference/const_arpa_2gram/lat.1.gz"));
    }

    @Test void argumentErrorsNameTheProblem() throws Exception {
        Path d = SharedData.require("ljspeech-asr");
        String lats = "ark:gunzip -c " + d.resolve("decode_dev/lat.1.gz") + "|";
        RescoreCommandsTest.Run r = RescoreCommandsTest.run("lattice-lmrescore-pruned", "--add-const-arpa=true",
                d.resolve("lang/G.fst").toString(), d.resolve("lang/G.fst").toString(), lats, "ark:/dev/null");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("is not a ConstArpaLm"), r.err());
        r = RescoreCommandsTest.run("lattice-lmrescore-const-arpa", lats, d.resolve("lang/lm_3gram.arpa.gz").toString(), "ark:/dev/null");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--word-symbol-table"), r.err());
        r = RescoreCommandsTest.run("lattice-lmrescore", lats, d.resolve("lang/words.txt").toString(), "ark:/dev/null");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("words.txt"), r.err());
    }

    @Test void arpaWithWordsTxtGivesTheSameLatticesAsGcarpa() throws Exception {
        Path d = SharedData.require("ljspeech-asr");
        Path a = tmp.resolve("a.ark"), c = tmp.resolve("c.ark");
        String lats = "ark:gunzip -c " + d.resolve("decode_dev/lat.1.gz") + "|";
        assertEquals(0, RescoreCommandsTest.run("lattice-lmrescore-const-arpa", "--word-symbol-table=" + d.resolve("lang/words.txt"),
                lats, d.resolve("lang/lm_3gram.arpa.gz").toString(), "ark:" + a).code());
        assertEquals(0, RescoreCommandsTest.run("lattice-lmrescore-const-arpa", lats, d.resolve("lang/G.carpa").toString(), "ark:" + c).code());
        Map<String, CompactLattice> x = KaldiReferenceAccess.readAll(a), y = KaldiReferenceAccess.readAll(c);
        for (String key : x.keySet()) {
            LatticeIsomorphism.Result r = LatticeIsomorphism.compare(x.get(key), y.get(key));
            assertTrue(r.same(), key + ": " + r.problem());
        }
    }
}
