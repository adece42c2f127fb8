package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lattice-to-nbest --n=100 --acoustic-scale=0.1 | nbest-to-linear on the LJSpeech dev lattices
 * reproduces nbest_dev (trans.int, lmcost, accost) up to ties: the k-th best total cost agrees
 * at every rank, and every hypothesis either appears in the reference list with the same costs
 * or ties with the list's last cost.
 */
class LjspeechLatticeNbestTest {
    record Hyp(int[] words, double lm, double ac) {
        double total() {
            return lm + 0.1 * ac;
        }
    }

    @BeforeAll static void load() throws IOException {
        LjspeechDecodingTest.load();
    }

    @Test void nbestReproducesNbestDev() throws IOException {
        Path dir = LjspeechDecodingTest.dir.resolve("nbest_dev");
        Map<String, List<Hyp>> expected = readNbest(dir);
        int hyps = 0, tiedDifferences = 0;
        for (Map.Entry<String, CompactLattice> e : LjspeechDecodingTest.lattices.entrySet()) {
            String utt = e.getKey();
            List<Hyp> ours = new ArrayList<>();
            for (CompactLattice path : LatticeNbest.nbest(e.getValue(), 100, 1.0, 0.1f, true)) {
                LinearPath lp = LinearPath.of(path);
                ours.add(new Hyp(lp.words(), lp.graphCost(), lp.acousticCost()));
            }
            List<Hyp> theirs = expected.get(utt);
            assertEquals(theirs.size(), ours.size(), utt);
            double last = theirs.get(theirs.size() - 1).total();
            for (int k = 0; k < ours.size(); k++) {
                assertEquals(theirs.get(k).total(), ours.get(k).total(), 2e-3, utt + " rank " + (k + 1));
                Hyp h = ours.get(k);
                Hyp match = theirs.stream().filter(t -> Arrays.equals(t.words, h.words)).findFirst().orElse(null);
                if (match == null) {
                    assertEquals(last, h.total(), 2e-3, utt + " rank " + (k + 1) + ": hypothesis not in nbest_dev and not tied at the cut-off");
                    tiedDifferences++;
                } else {
                    assertEquals(match.lm, h.lm, 1e-3 * Math.max(1, Math.abs(h.lm)), utt + " lm cost");
                    assertEquals(match.ac, h.ac, 1e-5 * Math.max(1, Math.abs(h.ac)), utt + " ac cost");
                }
                hyps++;
            }
        }
        System.out.println("n-best: " + hyps + " hypotheses, " + tiedDifferences + " differ at tied cut-offs");
        assertEquals(18333, hyps);
        assertEquals(0, tiedDifferences, "hypotheses differing from nbest_dev at tied cut-offs (measured: none)");
    }

    static Map<String, List<Hyp>> readNbest(Path dir) throws IOException {
        Map<String, Double> lm = readCosts(dir.resolve("lmcost")), ac = readCosts(dir.resolve("accost"));
        Map<String, List<Hyp>> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("trans.int"))) {
            String[] f = line.strip().split("\\s+");
            String key = f[0];
            String utt = key.substring(0, key.lastIndexOf('-'));
            int[] w = new int[f.length - 1];
            for (int i = 1; i < f.length; i++) w[i - 1] = Integer.parseInt(f[i]);
            m.computeIfAbsent(utt, u -> new ArrayList<>()).add(new Hyp(w, lm.get(key), ac.get(key)));
        }
        return m;
    }

    static Map<String, Double> readCosts(Path p) throws IOException {
        Map<String, Double> m = new HashMap<>();
        for (String line : Files.readAllLines(p)) {
            String[] f = line.strip().split("\\s+");
            m.put(f[0], Double.parseDouble(f[1]));
        }
        return m;
    }
}
