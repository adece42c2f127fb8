package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.table.SequentialTableReader;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Kaldi's own answers: for every decode dir of kaldi-digits, every LMWT 7..17 and WIP in
 * {0.0, 0.5, 1.0}, score_kaldi.sh's pipeline (lattice-scale --inv-acoustic-scale=LMWT |
 * lattice-add-penalty --word-ins-penalty=WIP | lattice-best-path | int2sym.pl) gives exactly the
 * word sequences in scoring_kaldi/penalty_WIP/LMWT.txt.
 */
class KaldiDigitsBestPathTest {

    @Test void bestPathsReproduceScoreKaldiHypotheses() throws IOException {
        Path root = SharedData.require("kaldi-digits");
        SymbolTable words = SymbolTable.read(root.resolve("data/lang/words.txt"));
        List<Path> decodeDirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("exp"))) {
            s.sorted().forEach(model -> {
                try (Stream<Path> d = Files.list(model)) {
                    d.filter(p -> p.getFileName().toString().startsWith("decode")).sorted().forEach(decodeDirs::add);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
        }
        assertEquals(6, decodeDirs.size());
        int compared = 0;
        for (Path dir : decodeDirs) {
            Map<String, CompactLattice> lats = new LinkedHashMap<>();
            try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(
                    "ark:gunzip -c " + dir.resolve("lat.1.gz") + "|", CompactLatticeHolder.INSTANCE, System.err::println)) {
                while (r.next()) lats.put(r.key(), r.value());
            }
            for (String wip : new String[] {"0.0", "0.5", "1.0"}) {
                for (int lmwt = 7; lmwt <= 17; lmwt++) {
                    Map<String, String> expected = readHyps(dir.resolve("scoring_kaldi/penalty_" + wip + "/" + lmwt + ".txt"));
                    assertEquals(lats.keySet(), expected.keySet(), dir + " " + lmwt + " " + wip);
                    for (Map.Entry<String, CompactLattice> e : lats.entrySet()) {
                        String hyp = scoreKaldiBestPath(e.getValue(), lmwt, Float.parseFloat(wip), words);
                        assertEquals(expected.get(e.getKey()), hyp,
                                dir.getParent().getFileName() + "/" + dir.getFileName() + " LMWT " + lmwt + " WIP " + wip + " utt " + e.getKey());
                        compared++;
                    }
                }
            }
        }
        assertEquals(6 * 33 * 40, compared);
    }

    /** The pipeline of score_kaldi.sh for one lattice, as words joined by spaces. */
    static String scoreKaldiBestPath(CompactLattice original, int lmwt, float wip, SymbolTable words) {
        CompactLattice lat = original.copy();
        float invAcwt = lmwt;
        float acwt = (float) (1.0 / invAcwt);       // lattice-scale: acoustic_scale = 1.0 / inv_acoustic_scale (BaseFloat)
        LatticeScale.scale(lat, 1.0, acwt);
        LatticeScale.addWordInsertionPenalty(lat, wip);
        LinearPath best = BestPath.linear(lat);
        assertNotNull(best);
        StringBuilder sb = new StringBuilder();
        for (int w : best.words()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(words.symbol(w));
        }
        return sb.toString();
    }

    static Map<String, String> readHyps(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            int sp = t.indexOf(' ');
            m.put(sp < 0 ? t : t.substring(0, sp), sp < 0 ? "" : t.substring(sp + 1).strip().replaceAll("\\s+", " "));
        }
        return m;
    }
}
