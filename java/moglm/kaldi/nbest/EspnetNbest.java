package moglm.kaldi.nbest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the n-best output of ESPnet2 inference ({@code asr_inference.py --nbest N}): one
 * sub-directory per rank, {@code <dir>/<k>best_recog/}, each holding Kaldi-style text files
 * keyed by utterance:
 * <pre>
 *   1best_recog/text    utt w1 w2 ...         (detokenised words)
 *   1best_recog/token   utt ▁w 1 ...          (tokens; used when text is absent)
 *   1best_recog/score   utt tensor(-12.3456)  (total decoder log-score; "tensor(...)" or a bare number)
 *   2best_recog/...
 * </pre>
 * The result has one {@link UtteranceNbest} per utterance (order of the 1-best file), with
 * {@link NbestHyp#score()} set and costs NaN. An utterance may have fewer than N hypotheses. A
 * line whose score cannot be parsed is reported in the errors and that hypothesis skipped.
 * Split decoding jobs ({@code logdir/output.J/}) can be read one directory at a time and
 * concatenated.
 */
public final class EspnetNbest {
    private EspnetNbest() {}

    private static final Pattern RANK_DIR = Pattern.compile("([0-9]+)best_recog");
    private static final Pattern SCORE = Pattern.compile("^\\s*(?:tensor\\(\\s*)?([-+0-9.eEinfINFaA]+)\\s*(?:[,)].*)?$");

    /** Lists read, plus one message per skipped entry. */
    public record Result(List<UtteranceNbest> lists, List<String> errors) {}

    /** Reads every {@code <k>best_recog} directory under {@code dir}. */
    public static Result read(Path dir) throws IOException {
        Map<Integer, Path> rankDirs = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = RANK_DIR.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) rankDirs.put(Integer.parseInt(m.group(1)), p);
            }
        }
        if (!rankDirs.containsKey(1)) throw new IOException("no 1best_recog directory in " + dir + " (not an ESPnet decode directory)");
        List<String> errors = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<NbestHyp> hyps = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>(rankDirs.keySet());
        ranks.sort(null);
        for (int rank : ranks) {
            Path rd = rankDirs.get(rank);
            Path textFile = rd.resolve("text");
            if (!Files.exists(textFile)) textFile = rd.resolve("token");
            if (!Files.exists(textFile)) throw new IOException(rd + " has neither text nor token");
            Map<String, String[]> words = readWords(textFile);
            Map<String, String> scores = readRaw(rd.resolve("score"));
            for (Map.Entry<String, String[]> e : words.entrySet()) {
                String raw = scores.get(e.getKey());
                if (raw == null) {
                    errors.add(rd.resolve("score") + ": no score for " + e.getKey() + "; hypothesis skipped");
                    continue;
                }
                double score;
                try {
                    score = parseScore(raw);
                } catch (NumberFormatException ex) {
                    errors.add(rd.resolve("score") + ": bad score '" + raw + "' for " + e.getKey() + "; hypothesis skipped");
                    continue;
                }
                keys.add(e.getKey() + "-" + rank);
                hyps.add(new NbestHyp(rank, e.getValue(), null, Float.NaN, Float.NaN, score));
            }
        }
        return new Result(NbestGrouping.group(keys, hyps, dir.toString(), errors), errors);
    }

    /** The number in an ESPnet score field: {@code tensor(-1.5)}, {@code tensor(-1.5, device='cuda:0')} or {@code -1.5}. */
    static double parseScore(String raw) {
        Matcher m = SCORE.matcher(raw);
        if (!m.matches()) throw new NumberFormatException(raw);
        String v = m.group(1).toLowerCase();
        if (v.equals("-inf")) return Double.NEGATIVE_INFINITY;
        if (v.equals("inf")) return Double.POSITIVE_INFINITY;
        if (v.contains("n") || v.contains("a")) throw new NumberFormatException(raw);
        return Double.parseDouble(v);
    }

    private static Map<String, String[]> readWords(Path p) throws IOException {
        Map<String, String[]> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : readRaw(p).entrySet()) {
            String v = e.getValue().trim();
            out.put(e.getKey(), v.isEmpty() ? new String[0] : v.split("\\s+"));
        }
        return out;
    }

    /** key -> rest of line, in file order. */
    private static Map<String, String> readRaw(Path p) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!Files.exists(p)) return out;
        try (moglm.util.TextLines r = moglm.util.TextLines.open(p)) {
            String line;
            while ((line = r.next()) != null) {
                String t = line.strip();
                if (t.isEmpty()) continue;
                int sp = 0;
                while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) sp++;
                out.put(t.substring(0, sp), sp < t.length() ? t.substring(sp + 1) : "");
            }
        }
        return out;
    }
}
