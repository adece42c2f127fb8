package moglm.cli.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import moglm.cli.Main;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.kaldi.table.TableWriter;
import moglm.model.ModelConfig;
import moglm.model.MogrifierLM;
import moglm.model.Precision;
import moglm.modelfile.ModelFile;
import moglm.testutil.SharedData;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rescoring commands end to end on 4 real LJSpeech lattices / n-best lists with a tiny random model. */
class RescoreCommandsTest {
    @TempDir static Path tmp;
    static Path data, model, lats;

    @BeforeAll
    static void setUp() throws Exception {
        data = SharedData.require("ljspeech-asr");
        Vocabulary v = Vocabulary.readKaldi(data.resolve("lang/words.txt"), "<unk>");
        try (MogrifierLM m = new MogrifierLM(new ModelConfig(v.size(), 8, 8, 1, 2, 0, true), Precision.FLOAT)) {
            m.initRandom(3);
            model = tmp.resolve("tiny.mlm");
            ModelFile.write(model, m, v, Map.of());
        }
        lats = tmp.resolve("lat4.ark");
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>("ark:gunzip -c " + data.resolve("decode_dev/lat.1.gz") + "|",
                CompactLatticeHolder.INSTANCE, System.err::println);
             TableWriter<CompactLattice> w = new TableWriter<>("ark:" + lats, CompactLatticeHolder.INSTANCE)) {
            for (int i = 0; i < 4 && r.next(); i++) w.write(r.key(), r.value());
        }
    }

    record Run(int code, String err) {}

    static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int code = Main.commandLine().execute(args);
            return new Run(code, buf.toString());
        } finally {
            System.setErr(old);
        }
    }

    static List<String> keys(String rspec) throws Exception {
        List<String> k = new ArrayList<>();
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec, CompactLatticeHolder.INSTANCE, System.err::println)) {
            while (r.next()) k.add(r.key());
        }
        return k;
    }

    @Test
    void latticeRescoringWritesEveryLatticeAndKaldisSummary() throws Exception {
        Path out = tmp.resolve("out.ark");
        Run r = run("lattice-lmrescore-pruned", "--lm-scale=0.5", "--max-ngram-order=3", data.resolve("lang/lm_3gram.arpa.gz").toString(),
                model.toString(), "ark:" + lats, "ark,t:" + out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Done 4 lattices, failed for 0"), r.err());
        assertEquals(keys("ark:" + lats), keys("ark:" + out));
    }

    @Test
    void aLevelThatDoesNotExistIsAClearError() {
        Run r = run("lattice-lmrescore-pruned", "--level=0.4", data.resolve("lang/lm_3gram.arpa.gz").toString(),
                model.toString(), "ark:" + lats, "ark:/dev/null");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--level=0.4") && r.err().contains("has no on-demand levels"), r.err());
    }

    @Test
    void aLatticeWithAWordTheModelLacksIsReportedAndSkipped() throws Exception {
        Path bad = tmp.resolve("bad.ark");
        Files.writeString(bad, "uttA\n0\t1\t99999\t1,2,\n1\t0,0,\n\n");
        Path both = tmp.resolve("both.ark");
        Files.write(both, Files.readAllBytes(lats));
        Files.write(both, Files.readAllBytes(bad), java.nio.file.StandardOpenOption.APPEND);
        Run r = run("lattice-lmrescore-pruned", data.resolve("lang/lm_3gram.arpa.gz").toString(), model.toString(),
                "ark:" + both, "ark:" + tmp.resolve("o2.ark"));
        assertEquals(0, r.code(), "Kaldi's status: 0 when at least one lattice was rescored\n" + r.err());
        assertTrue(r.err().contains("uttA") && r.err().contains("word id 99999"), r.err());
        assertTrue(r.err().contains("LOG (moglm lattice-lmrescore-pruned) Done 4 lattices, failed for 1"), r.err());
        assertEquals(keys("ark:" + lats), keys("ark:" + tmp.resolve("o2.ark")));
        Run none = run("lattice-lmrescore-pruned", data.resolve("lang/lm_3gram.arpa.gz").toString(), model.toString(),
                "ark:" + bad, "ark:" + tmp.resolve("o3.ark"));
        assertEquals(1, none.code(), "no lattice rescored: status 1\n" + none.err());
        assertTrue(none.err().contains("Done 0 lattices, failed for 1"), none.err());
    }

    /**
     * An error that is not one bad lattice (here the input pipe fails after delivering the
     * lattices) aborts the job: exit status 1, one ERROR line, and no output archive, neither the
     * file nor its temporary (before the fix, closing the writer committed the partial archive).
     */
    @Test
    void anAbortedJobLeavesNoPartialArchive() throws Exception {
        Path out = tmp.resolve("aborted.ark");
        Run r = run("lattice-lmrescore-pruned", data.resolve("lang/lm_3gram.arpa.gz").toString(), model.toString(),
                "ark:cat " + lats + "; exit 3|", "ark:" + out);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("ERROR (moglm lattice-lmrescore-pruned) "), r.err());
        assertTrue(!r.err().contains("\tat moglm."), "no stack trace for an input error\n" + r.err());
        assertTrue(!Files.exists(out), "partial archive committed");
        try (var listing = Files.list(tmp)) {
            assertEquals(List.of(), listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("aborted")).toList());
        }
    }

    @Test
    void nbestRescoringWritesCostsTextAndLattices() throws Exception {
        Path in = tmp.resolve("nb");
        Files.createDirectories(in);
        for (String f : List.of("trans.int", "lmcost", "accost")) {
            List<String> lines = Files.readAllLines(data.resolve("nbest_dev").resolve(f));
            Files.write(in.resolve(f), lines.subList(0, 250));   // LJ001-0001..0003 (100 + 74 + 76 of 0003)
        }
        Path out = tmp.resolve("nb-out");
        Run r = run("nbest-rescore", "--lm-scale=0.5", "--progress-every=2", "--write-lattice=ark:" + tmp.resolve("nb.ark"),
                data.resolve("lang/lm_3gram.arpa.gz").toString(), model.toString(), in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(250, Files.readAllLines(out.resolve("lmcost")).size());
        assertEquals(3, Files.readAllLines(out.resolve("text")).size());
        assertTrue(r.err().startsWith("moglm nbest-rescore --lm-scale=0.5 "), "the command line is echoed first\n" + r.err());
        assertTrue(r.err().contains("LOG (moglm nbest-rescore) Done 3 utterances, failed for 0"), r.err());
        assertTrue(r.err().matches("(?s).*LOG \\(moglm nbest-rescore\\) Processed 2 utterances in [0-9.]+ s \\([0-9.]+ utterances/s\\)\n.*"), r.err());
        assertTrue(!r.err().contains("Processed 1 utterances") && !r.err().contains("Processed 3 utterances"), r.err());
        assertEquals(List.of("LJ001-0001", "LJ001-0002", "LJ001-0003"), keys("ark:" + tmp.resolve("nb.ark")));
    }

    @Test
    void mismatchedVocabularyIsAClearError() throws Exception {
        Path arpa = tmp.resolve("other.arpa");
        Files.writeString(arpa, "\\data\\\nngram 1=3\n\n\\1-grams:\n-1 <s>\n-1 </s>\n-1 zzzunknownword\n\n\\end\\\n");
        Run r = run("lattice-lmrescore-pruned", arpa.toString(), model.toString(), "ark:" + lats, "ark:/dev/null");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("vocabulary mismatch"), r.err());
    }
}
