package moglm.cli.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.modelfile.ModelFile;
import moglm.rescore.lattice.KaldiReferenceAccess;
import moglm.testutil.LatticeIsomorphism;
import moglm.testutil.SharedData;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neural rescoring with the old LM given as ARPA, G.carpa or G.fst (same trigram) gives the same
 * lattices and n-best costs: the old LM's format does not matter (tiny random model, 4 real
 * lattices, 250 real hypotheses).
 */
class OldLmFormatsTest {
    @TempDir static Path tmp;
    static Path data, model, lats;

    @BeforeAll static void setUp() throws Exception {
        data = SharedData.require("ljspeech-asr");
        Vocabulary v = Vocabulary.readKaldi(data.resolve("lang/words.txt"), "<unk>");
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(v.size(), 8, 8, 1, 2, 0, true), Precision.FLOAT)) {
            m.initRandom(5);
            model = tmp.resolve("tiny.mlm");
            ModelFile.write(model, m, v, Map.of());
        }
        lats = tmp.resolve("lat4.ark");
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>("ark:gunzip -c " + data.resolve("decode_dev/lat.2.gz") + "|",
                CompactLatticeHolder.INSTANCE, System.err::println);
             TableWriter<CompactLattice> w = new TableWriter<>("ark:" + lats, CompactLatticeHolder.INSTANCE)) {
            for (int i = 0; i < 4 && r.next(); i++) w.write(r.key(), r.value());
        }
    }

    @Test void latticeRescoringIsTheSameWithEveryOldLmFormat() throws Exception {
        Map<String, CompactLattice> ref = null;
        for (String old : List.of("lang/lm_3gram.arpa.gz", "lang/G.carpa", "lang/G.fst")) {
            Path out = tmp.resolve(old.replace('/', '_') + ".ark");
            RescoreCommandsTest.Run r = RescoreCommandsTest.run("lattice-lmrescore-pruned", "--lm-scale=0.5", "--max-ngram-order=3",
                    data.resolve(old).toString(), model.toString(), "ark:" + lats, "ark:" + out);
            assertEquals(0, r.code(), r.err());
            Map<String, CompactLattice> got = KaldiReferenceAccess.readAll(out);
            if (ref == null) { ref = got; continue; }
            assertEquals(ref.keySet(), got.keySet());
            for (String k : ref.keySet()) {
                LatticeIsomorphism.Result c = LatticeIsomorphism.compare(got.get(k), ref.get(k));
                assertTrue(c.same(), old + " " + k + ": " + c.problem());
            }
        }
    }

    @Test void nbestRescoringIsTheSameWithEveryOldLmFormat() throws Exception {
        Path in = tmp.resolve("nb");
        Files.createDirectories(in);
        for (String f : List.of("trans.int", "lmcost", "accost")) {
            List<String> lines = Files.readAllLines(data.resolve("nbest_dev").resolve(f));
            Files.write(in.resolve(f), lines.subList(0, 250));
        }
        List<String> ref = null;
        for (String old : List.of("lang/lm_3gram.arpa.gz", "lang/G.carpa", "lang/G.fst")) {
            Path out = tmp.resolve("nb-" + old.replace('/', '_'));
            RescoreCommandsTest.Run r = RescoreCommandsTest.run("nbest-rescore", "--lm-scale=0.5", data.resolve(old).toString(),
                    model.toString(), in.toString(), out.toString());
            assertEquals(0, r.code(), r.err());
            List<String> costs = Files.readAllLines(out.resolve("lmcost"));
            if (ref == null) { ref = costs; continue; }
            assertEquals(ref.size(), costs.size());
            for (int i = 0; i < ref.size(); i++) {
                String[] a = ref.get(i).split("\\s+"), b = costs.get(i).split("\\s+");
                assertEquals(a[0], b[0]);
                assertEquals(Double.parseDouble(a[1]), Double.parseDouble(b[1]), 1e-4, old + " " + a[0]);
            }
        }
    }
}
