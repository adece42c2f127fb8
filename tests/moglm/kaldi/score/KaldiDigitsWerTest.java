package moglm.kaldi.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Kaldi's own answers on kaldi-digits: from Kaldi's scoring_kaldi/test_filt.txt and
 * penalty_WIP/LMWT.txt, our compute-wer must print exactly the %WER/%SER/Scored lines of every
 * wer_LMWT_WIP file Kaldi wrote, and best_wer selection must give Kaldi's best_wer line.
 */
class KaldiDigitsWerTest {
    static final String[] WIPS = {"0.0", "0.5", "1.0"};

    static List<Path> decodeDirs(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> models = Files.list(root.resolve("exp"))) {
            for (Path m : models.sorted().toList()) {
                try (Stream<Path> ds = Files.list(m)) {
                    ds.filter(d -> d.getFileName().toString().startsWith("decode") && Files.isDirectory(d))
                            .sorted().forEach(dirs::add);
                }
            }
        }
        return dirs;
    }

    @Test void computeWerReproducesEveryWerFile() throws IOException {
        Path root = SharedData.require("kaldi-digits");
        int files = 0;
        for (Path dir : decodeDirs(root)) {
            Path sk = dir.resolve("scoring_kaldi");
            for (String wip : WIPS) {
                for (int lmwt = 7; lmwt <= 17; lmwt++) {
                    Path werFile = dir.resolve("wer_" + lmwt + "_" + wip);
                    List<String> expected = Files.readAllLines(werFile);
                    Map<String, String[]> hyps;
                    try (BufferedReader h = Files.newBufferedReader(sk.resolve("penalty_" + wip).resolve(lmwt + ".txt"))) {
                        hyps = TranscriptReader.readAll(h, "hyp");
                    }
                    WerStats stats;
                    try (BufferedReader r = Files.newBufferedReader(sk.resolve("test_filt.txt"))) {
                        stats = ComputeWer.score(new TranscriptReader(r, "ref"), hyps, WerMode.PRESENT, false);
                    }
                    assertEquals(String.join("\n", expected.subList(1, expected.size())) + "\n", stats.report(),
                            werFile.toString());
                    files++;
                }
            }
        }
        assertEquals(6 * 33, files);
    }

    @Test void bestWerMatchesKaldi() throws IOException {
        Path root = SharedData.require("kaldi-digits");
        for (Path dir : decodeDirs(root)) {
            String rel = root.relativize(dir).toString();
            List<BestWer.Candidate> cands = new ArrayList<>();
            for (String wip : WIPS) {
                for (int lmwt = 7; lmwt <= 17; lmwt++) {
                    String name = "wer_" + lmwt + "_" + wip;
                    String wer = Files.readAllLines(dir.resolve(name)).stream()
                            .filter(l -> l.contains("WER")).findFirst().orElseThrow();
                    cands.add(new BestWer.Candidate(rel + "/" + name, wer));
                }
            }
            String expected = Files.readString(dir.resolve("scoring_kaldi/best_wer"));
            assertTrue(expected.endsWith("\n"));
            assertEquals(expected.trim(), BestWer.select(cands), dir.toString());
        }
    }
}
