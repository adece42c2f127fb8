package moglm.rescore.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.table.SequentialTableReader;
import moglm.testutil.LatticeIsomorphism;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * moglm's n-gram lattice rescoring against the output of REAL Kaldi binaries on the 185 LJSpeech
 * dev lattices ({@code ljspeech-asr/kaldi-reference}, commands in its README): the same states,
 * arcs (words) and weights, up to state numbering, weights within Kaldi's 6 printed digits.
 */
class KaldiReferenceRescoreTest {

    static Map<String, CompactLattice> readAll(Path archive) throws IOException {
        Map<String, CompactLattice> out = new LinkedHashMap<>();
        String rspec = archive.toString().endsWith(".gz") ? "ark:gunzip -c " + archive + "|" : "ark:" + archive;
        try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(rspec,
                CompactLatticeHolder.INSTANCE, m -> { throw new AssertionError(m); })) {
            while (r.next()) out.put(r.key(), r.value());
        }
        return out;
    }

    /** Rescores every dev lattice with {@code rescore} and compares with Kaldi's lattices in {@code refDir}. */
    static void compareWithKaldi(String refDir, Function<WordLattice, WordLattice> rescore) throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        Path ref = SharedData.require("ljspeech-asr/kaldi-reference/" + refDir);
        int n = 0, same = 0, equivalent = 0;
        double maxDev = 0;
        double mg = 0, ma = 0;
        StringBuilder problems = new StringBuilder();
        for (String job : new String[] {"1", "2"}) {
            Map<String, CompactLattice> in = readAll(root.resolve("decode_dev/lat." + job + ".gz"));
            Map<String, CompactLattice> kaldi = readAll(ref.resolve("lat." + job + ".gz"));
            assertEquals(in.keySet(), kaldi.keySet());
            for (Map.Entry<String, CompactLattice> e : in.entrySet()) {
                WordLattice wl = CompactLatticeConvert.toWordLattice(e.getValue());
                WordLattice out = rescore.apply(wl);
                CompactLattice ours = CompactLatticeConvert.toCompactLattice(out, wl, e.getValue());
                LatticeIsomorphism.Result r = LatticeIsomorphism.compare(ours, kaldi.get(e.getKey()));
                n++;
                mg = Math.max(mg, r.maxGraphDiff());
                ma = Math.max(ma, r.maxAcousticDiff());
                double dev = LatticeIsomorphism.maxPathTotalDeviation(ours, kaldi.get(e.getKey()));
                maxDev = Math.max(maxDev, dev);
                if (dev < 1e-2) equivalent++;   // sums of 6-digit roundings along a path
                if (r.same()) same++;
                else problems.append(e.getKey()).append(": ").append(r.problem()).append('\n');
            }
        }
        System.out.printf("KaldiReferenceRescoreTest %s: %d/%d lattices identical to Kaldi's (max |graph diff| %.3g, max |acoustic diff| %.3g)%n%s",
                refDir, same, n, mg, ma, problems);
        System.out.printf("  %d/%d with the same complete-path totals (max deviation %.3g)%n", equivalent, n, maxDev);
        assertEquals(185, n);
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
