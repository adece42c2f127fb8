package moglm.cli.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import moglm.modelfile.ModelFiles;
import moglm.testutil.MoglmCli;
import moglm.model.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 #3, #4, #9, #12: the rescoring commands on a tiny hand-made model, ARPA, n-best
 * directory and lattices (no shared data needed).
 */
class RescoreRobustnessTest {
    @TempDir static Path tmp;
    static Path model, arpa, nbest;
    static Vocabulary vocab;

    static final String ARPA = String.join("\n", "\\data\\", "ngram 1=7", "", "\\1-grams:",
            "-1.0\t</s>", "-99\t<s>\t-0.5", "-0.7\ta\t-0.3", "-0.7\tb\t-0.3", "-0.8\tc", "-0.9\td", "-1.2\t<unk>", "", "\\end\\", "");

    @BeforeAll static void setUp() throws IOException {
        model = ModelFiles.writeTiny(tmp.resolve("tiny.mlm"));
        vocab = ModelFiles.vocabulary();
        arpa = tmp.resolve("lm.arpa");
        Files.writeString(arpa, ARPA);
        nbest = Files.createDirectories(tmp.resolve("nbest_in"));
        int a = vocab.kaldiId("a"), b = vocab.kaldiId("b"), c = vocab.kaldiId("c");
        Files.writeString(nbest.resolve("trans.int"), "u1-1 " + a + " " + b + "\nu1-2 " + a + " " + c + "\nu2-1 " + c + "\n");
        Files.writeString(nbest.resolve("lmcost"), "u1-1 3.5\nu1-2 4.25\nu2-1 2\n");
        Files.writeString(nbest.resolve("accost"), "u1-1 100\nu1-2 99\nu2-1 50\n");
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test void outputDirectoryIsReplacedAsAWhole() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out_whole"));
        Files.writeString(out.resolve("text"), "stale transcript of an older run\n");
        Files.writeString(out.resolve("trans"), "stale words\n");
        MoglmCli.run(0, "nbest-rescore", arpa.toString(), model.toString(), nbest.toString(), out.toString());
        assertEquals(List.of("accost", "lmcost", "text", "trans.int"), listing(out));
        assertFalse(Files.readString(out.resolve("text")).contains("stale"));
        assertEquals(List.of("nbest_in", "out_whole"), listing(tmp).stream().filter(f -> f.startsWith("nbest_in") || f.contains("out_whole")).toList());
    }

    @Test void aDirectoryWithOnlyTransIntIsRefused() throws IOException {
        Path half = Files.createDirectories(tmp.resolve("half"));
        Files.copy(nbest.resolve("trans.int"), half.resolve("trans.int"));
        String err = MoglmCli.run(1, "nbest-rescore", arpa.toString(), model.toString(), half.toString(), tmp.resolve("o2").toString());
        assertTrue(err.contains(half + " lacks 'lmcost'"), err);
        assertFalse(Files.exists(tmp.resolve("o2")));
    }

    @Test void theInputDirectoryIsNeverReplaced() throws IOException {
        String err = MoglmCli.run(1, "nbest-rescore", arpa.toString(), model.toString(), nbest.toString(), nbest.toString());
        assertTrue(err.contains("is or contains the input"), err);
        err = MoglmCli.run(1, "nbest-rescore", arpa.toString(), model.toString(), nbest.toString(), tmp.toString());
        assertTrue(err.contains("is or contains the input"), err);
        assertTrue(Files.exists(nbest.resolve("trans.int")));
    }

    @Test void missingArpaAndDirectoryArpaAreNamed() {
        String err = MoglmCli.run(1, "nbest-rescore", tmp.resolve("none.arpa").toString(), model.toString(), nbest.toString(), tmp.resolve("o3").toString());
        assertTrue(err.contains(tmp.resolve("none.arpa") + ": no such file or directory"), err);
        err = MoglmCli.run(1, "nbest-rescore", tmp.toString(), model.toString(), nbest.toString(), tmp.resolve("o3").toString());
        assertTrue(err.contains(tmp + ": is a directory, expected a file"), err);
        err = MoglmCli.run(1, "nbest-rescore", arpa.toString(), tmp.toString(), nbest.toString(), tmp.resolve("o3").toString());
        assertTrue(err.contains(tmp + ": is a directory"), err);
    }

    /** A chain of {@code n} steps with 4 parallel word arcs each: 4n arcs. */
    static String wideLattice(String key, int n) {
        StringBuilder sb = new StringBuilder(key).append('\n');
        String[] w = {"a", "b", "c", "d"};
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < 4; k++) {
                sb.append(s).append(' ').append(s + 1).append(' ').append(vocab.kaldiId(w[k])).append(' ')
                        .append(1 + k).append(',').append(10 + 3 * k).append(",\n");
            }
        }
        return sb.append(n).append(" 0,0,\n\n").toString();
    }

    @Test void aLatticeOverMaxInputArcsIsPrunedFirst() throws IOException {
        Path lats = tmp.resolve("wide.ark");
        Files.writeString(lats, wideLattice("big", 20) + wideLattice("small", 5));
        String err = MoglmCli.run(0, "lattice-lmrescore-pruned", "--max-input-arcs=30", arpa.toString(), model.toString(),
                "ark,t:" + lats, "ark,t:" + tmp.resolve("wide.out"));
        assertTrue(err.contains("Lattice for big: 80 arcs exceed --max-input-arcs=30; pruned with beam"), err);
        assertFalse(err.contains("Lattice for small"), err);
        assertTrue(err.contains("Done 2 lattices, failed for 0"), err);
    }

    @Test void aLatticeThatCannotBePrunedEnoughIsSkippedAndCounted() throws IOException {
        Path lats = tmp.resolve("tie.ark");
        // every arc the same cost: beam pruning cannot remove any
        StringBuilder sb = new StringBuilder("tie\n");
        for (int s = 0; s < 50; s++) for (int k = 0; k < 4; k++) sb.append(s).append(' ').append(s + 1).append(' ').append(vocab.kaldiId("a")).append(" 1,10,\n");
        sb.append("50 0,0,\n\n");
        Files.writeString(lats, sb + wideLattice("ok", 3));
        // Kaldi's exit status: 0 when some lattice was done; the skipped one is counted
        String err = MoglmCli.run(0, "lattice-lmrescore-pruned", "--max-input-arcs=100", arpa.toString(), model.toString(),
                "ark,t:" + lats, "ark,t:" + tmp.resolve("tie.out"));
        assertTrue(err.contains("Lattice for tie: 200 arcs exceed --max-input-arcs=100 and beam pruning"), err);
        assertTrue(err.contains("Done 1 lattices, failed for 1"), err);
    }

    @Test void theTimeLimitStopsTheSearch() throws IOException {
        Path lats = tmp.resolve("slow.ark");
        Files.writeString(lats, wideLattice("slow", 300));
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(buf, true));
        int rc;
        try {
            rc = moglm.cli.Main.commandLine().execute("lattice-lmrescore-pruned", "--max-seconds-per-lattice=0.000001",
                    arpa.toString(), model.toString(), "ark,t:" + lats, "ark,t:" + tmp.resolve("slow.out"));
        } finally {
            System.setErr(old);
        }
        String err = buf.toString();
        // either the search stopped with a complete path (output pruned harder, exit 0) or it had none (skipped, counted)
        assertTrue(err.contains("time limit of 1.0E-6 s"), err);
        boolean skipped = err.contains("skipped");
        assertEquals(skipped ? 1 : 0, rc, err);
        assertTrue(err.contains(skipped ? "Done 0 lattices, failed for 1" : "Done 1 lattices, failed for 0"), err);
    }

    @Test void aFailingOutputPipeIsNamed() throws IOException {
        Path lats = tmp.resolve("p.ark");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 400; i++) many.append(wideLattice("p" + i, 4));   // more than a pipe buffer of output
        Files.writeString(lats, many);
        String err = MoglmCli.run(1, "lattice-lmrescore-pruned", arpa.toString(), model.toString(),
                "ark,t:" + lats, "ark,t:| exit 3");
        assertTrue(err.contains("exit 3"), err);
        assertFalse(err.contains("ERROR (lattice-lmrescore-pruned): Stream closed"), err);
    }
}
