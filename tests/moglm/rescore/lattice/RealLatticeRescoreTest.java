package moglm.rescore.lattice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.ngram.ArpaReader;
import moglm.kaldi.ngram.NgramLm;
import moglm.kaldi.table.SequentialTableReader;
import moglm.rescore.lmfst.NgramOnDemandLm;
import moglm.rescore.lmfst.ScaledLm;
import moglm.rescore.lmfst.SumLm;
import moglm.testutil.SharedData;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.Test;

/** Real LJSpeech lattices (decode_dev/lat.1.gz, 93 utterances) through conversion and pruned composition. */
class RealLatticeRescoreTest {

    @Test
    void theOldLmAsOldAndNewKeepsEveryBestPathAndItsCost() throws Exception {
        Path root = SharedData.require("ljspeech-asr");
        Vocabulary vocab = Vocabulary.readKaldi(root.resolve("lang/words.txt"), "<unk>");
        NgramLm arpa = ArpaReader.read(root.resolve("lang/lm_3gram.arpa.gz"), vocab::kaldiId);
        int n = 0;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(
                "ark:gunzip -c " + root.resolve("decode_dev/lat.1.gz") + "|", CompactLatticeHolder.INSTANCE, System.err::println)) {
            while (r.next()) {
                CompactLattice clat = r.value();
                WordLattice in = CompactLatticeConvert.toWordLattice(clat);
                NgramOnDemandLm lm = new NgramOnDemandLm(arpa);
                PrunedLatticeComposer.Result res = PrunedLatticeComposer.compose(in,
                        new SumLm(new ScaledLm(lm, -1f), new ScaledLm(lm, 1f)), ComposeOptions.defaults());
                WordLatticeBestPath before = WordLatticeBestPath.of(in, 0.1), after = WordLatticeBestPath.of(res.lattice(), 0.1);
                assertArrayEquals(before.words(), after.words(), r.key());
                assertEquals(before.cost(), after.cost(), 0.0, r.key());
                // every state of these lattices has a unique 2-word history, so the trigram adds no states
                assertTrue(res.lattice().numStates <= in.numStates, r.key());
                CompactLattice back = CompactLatticeConvert.toCompactLattice(res.lattice(), in, clat);
                assertEquals(res.lattice().numArcs(), back.numArcs());
                n++;
            }
        }
        assertEquals(93, n);
    }
}
