package moglm.kaldi.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import moglm.testutil.SharedData;
import org.junit.jupiter.api.Test;

/** The test-only counter reproduces Kaldi's own compute-wer breakdowns on kaldi-digits. */
class WerCountsTest {
    @Test void matchesKaldiComputeWerOnDigits() throws IOException {
        Path exp = SharedData.require("kaldi-digits/exp");
        Pattern wer = Pattern.compile("%WER \\S+ \\[ (\\d+) / (\\d+), (\\d+) ins, (\\d+) del, (\\d+) sub \\]");
        int files = 0;
        try (Stream<Path> s = Files.walk(exp)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.getFileName().toString().matches("wer_\\d+_[0-9.]+"))::iterator) {
                Path dir = f.getParent();
                String[] parts = f.getFileName().toString().split("_");
                Map<String, String[]> ref = read(dir.resolve("scoring_kaldi/test_filt.txt"));
                Map<String, String[]> hyp = read(dir.resolve("scoring_kaldi/penalty_" + parts[2] + "/" + parts[1] + ".txt"));
                Map<String, Integer> ids = new HashMap<>();
                WerCounts c = new WerCounts();
                for (String k : ref.keySet()) {
                    if (!hyp.containsKey(k)) continue;
                    c.add(toIds(ref.get(k), ids), toIds(hyp.get(k), ids));
                }
                Matcher m = wer.matcher(Files.readString(f));
                m.find();
                assertEquals(m.group(1) + " / " + m.group(2) + ", " + m.group(3) + " ins, " + m.group(4) + " del, " + m.group(5) + " sub",
                        c.toString(), f.toString());
                files++;
            }
        }
        assertEquals(6 * 33, files);
    }

    static int[] toIds(String[] w, Map<String, Integer> ids) {
        int[] r = new int[w.length];
        for (int i = 0; i < w.length; i++) r[i] = ids.computeIfAbsent(w[i], x -> ids.size());
        return r;
    }

    static Map<String, String[]> read(Path p) throws IOException {
        Map<String, String[]> m = new HashMap<>();
        for (String line : Files.readAllLines(p)) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) continue;
            m.put(f[0], java.util.Arrays.copyOfRange(f, 1, f.length));
        }
        return m;
    }
}
