package moglm.rescore.nbest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moglm.util.AtomicFile;

/**
 * A directory of n-best lists in the text form of Kaldi's {@code nbest-to-linear} output:
 * {@code trans.int} ({@code utt-k w1 w2 ...}, word ids), {@code lmcost} ({@code utt-k cost}, the
 * graph cost) and {@code accost} ({@code utt-k cost}, unscaled acoustic cost); optionally
 * {@code trans} (the same with words). Hypothesis keys are {@code <utt>-<k>}; the hypotheses of an
 * utterance are grouped by stripping the last {@code -k}. Utterances keep file order.
 */
public final class NbestDir {
    private NbestDir() {}

    /** Reads a directory; every key of trans.int must have an lmcost and an accost. */
    public static LinkedHashMap<String, List<NbestHyp>> read(Path dir) throws IOException {
        Path transInt = dir.resolve("trans.int");
        Map<String, Double> lm = readCosts(dir.resolve("lmcost"));
        Map<String, Double> ac = readCosts(dir.resolve("accost"));
        LinkedHashMap<String, List<NbestHyp>> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(transInt, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String[] f = line.trim().split("\\s+");
                if (f.length == 0 || f[0].isEmpty()) continue;
                String key = f[0];
                int[] words = new int[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    try {
                        words[i - 1] = Integer.parseInt(f[i]);
                    } catch (NumberFormatException e) {
                        throw new IOException(transInt + ":" + lineNo + ": expected integer word ids, got '" + f[i] + "'");
                    }
                }
                Double g = lm.get(key), a = ac.get(key);
                if (g == null) throw new IOException(dir.resolve("lmcost") + ": no cost for hypothesis " + key + " (from " + transInt + ":" + lineNo + ")");
                if (a == null) throw new IOException(dir.resolve("accost") + ": no cost for hypothesis " + key + " (from " + transInt + ":" + lineNo + ")");
                out.computeIfAbsent(utteranceOf(key), k -> new ArrayList<>()).add(new NbestHyp(key, words, g, a));
            }
        }
        return out;
    }

    /** The utterance id of a hypothesis key {@code <utt>-<k>}. */
    public static String utteranceOf(String key) {
        int dash = key.lastIndexOf('-');
        if (dash <= 0 || dash == key.length() - 1) return key;
        for (int i = dash + 1; i < key.length(); i++) if (!Character.isDigit(key.charAt(i))) return key;
        return key.substring(0, dash);
    }

    static Map<String, Double> readCosts(Path file) throws IOException {
        Map<String, Double> m = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String[] f = line.trim().split("\\s+");
                if (f.length == 1 && f[0].isEmpty()) continue;
                if (f.length != 2) throw new IOException(file + ":" + lineNo + ": expected '<key> <cost>', got '" + line + "'");
                try {
                    m.put(f[0], Double.parseDouble(f[1]));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": bad cost '" + f[1] + "'");
                }
            }
        }
        return m;
    }

    /** Writes trans.int, lmcost and accost (atomically each) for the given utterances, in order. */
    public static void write(Path dir, Map<String, List<NbestHyp>> nbest) throws IOException {
        Files.createDirectories(dir);
        StringBuilder t = new StringBuilder(), l = new StringBuilder(), a = new StringBuilder();
        for (List<NbestHyp> hyps : nbest.values()) {
            for (NbestHyp h : hyps) {
                t.append(h.key());
                for (int w : h.words()) t.append(' ').append(w);
                t.append('\n');
                l.append(h.key()).append(' ').append(formatCost(h.graphCost())).append('\n');
                a.append(h.key()).append(' ').append(formatCost(h.acousticCost())).append('\n');
            }
        }
        AtomicFile.write(dir.resolve("trans.int"), t.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve("lmcost"), l.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve("accost"), a.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A cost with float precision, as Kaldi prints a BaseFloat (shortest exact float form). */
    public static String formatCost(double c) {
        float f = (float) c;
        if (Float.isInfinite(f)) return f > 0 ? "inf" : "-inf";
        if (Float.isNaN(f)) return "nan";
        return new java.math.BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }

    /** Writes {@code utt word word ...} lines (1-best transcripts) atomically. */
    public static void writeText(Path file, Map<String, String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : lines.entrySet()) {
            sb.append(e.getKey());
            if (!e.getValue().isEmpty()) sb.append(' ').append(e.getValue());
            sb.append('\n');
        }
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

}
