package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import moglm.kaldi.SymbolTable;
import moglm.kaldi.lattice.BestPath;
import moglm.kaldi.lattice.CompactLattice;
import moglm.kaldi.lattice.CompactLatticeHolder;
import moglm.kaldi.lattice.LatticeScale;
import moglm.kaldi.lattice.LinearPath;
import moglm.kaldi.table.SequentialTableReader;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * LJSpeech dev, best path at acoustic scale 0.1 and WIP 0, scored by our compute-wer: 990 errors
 * as in the data README, split 178/79/733 by Kaldi's compute-wer rule (the README's 168/69/753
 * comes from a different tie rule; ours is the one checked against Kaldi's own wer files).
 */
class LjspeechBestPathWerTest {
    @Test void bestPathWer() throws IOException {
        Path root = SharedData.require("ljspeech-asr");
        SymbolTable words = SymbolTable.read(root.resolve("lang/words.txt"));
        Map<String, String[]> hyps = new HashMap<>();
        for (String job : new String[] {"1", "2"}) {
            try (SequentialTableReader<CompactLattice> r = new SequentialTableReader<>(
                    "ark:gunzip -c " + root.resolve("decode_dev/lat." + job + ".gz") + "|", CompactLatticeHolder.INSTANCE,
                    m -> { throw new AssertionError(m); })) {
                while (r.next()) {
                    CompactLattice lat = r.value();
                    LatticeScale.scale(lat, 1.0, 0.1f);
                    LinearPath best = BestPath.linear(lat);
                    String[] w = new String[best.words().length];
                    for (int i = 0; i < w.length; i++) w[i] = words.symbol(best.words()[i]);
                    hyps.put(r.key(), w);
                }
            }
        }
        WerStats st;
        try (BufferedReader ref = Files.newBufferedReader(root.resolve("dev/text"))) {
            st = ComputeWer.score(new TranscriptReader(ref, "dev/text"), hyps::get, WerMode.STRICT, false);
        }
        assertEquals("%WER 31.07 [ 990 / 3186, 178 ins, 79 del, 733 sub ]", st.werLine());
        assertEquals("%SER 97.84 [ 181 / 185 ]", st.serLine());
    }
}
