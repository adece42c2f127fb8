package moglm.kaldi.nbest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moglm.kaldi.score.CFormat;
import moglm.util.AtomicFile;

/**
 * An n-best list stored as {@code nbest-to-linear} style text archives in one directory:
 * <pre>
 *   trans      utt-k w1 w2 ...        (words; optional)
 *   trans.int  utt-k 12 7 ...         (word ids; optional, but trans or trans.int must exist)
 *   lmcost     utt-k 2516.8743        (graph / LM cost, natural-log cost; optional)
 *   accost     utt-k 180.18187        (acoustic cost, unscaled; optional)
 * </pre>
 * Keys are {@code <utt>-<k>} ({@link NbestKey}); every present file must hold the same keys.
 *
 * <p>Reading: an entry that cannot be parsed (bad number or id, key missing from one of the files)
 * is reported in {@link Result#errors()} with file, line and key, and that hypothesis is skipped;
 * the rest is read. Writing: {@link Style#PRECISE} (default) prints floats with the fewest digits
 * that read back to the same float and no trailing blanks; {@link Style#KALDI} reproduces Kaldi's
 * text-archive bytes ({@code "key 1 2 3 \n"}, floats as C++ {@code operator<<} with 6 significant
 * digits and a trailing space), which loses precision as Kaldi does.
 */
public final class LinearNbestDir {
    private LinearNbestDir() {}

    public static final String TRANS = "trans", TRANS_INT = "trans.int", LMCOST = "lmcost", ACCOST = "accost";

    /** How numbers and separators are written. */
    public enum Style { PRECISE, KALDI }

    /** Lists read, plus one message per skipped entry. */
    public record Result(List<UtteranceNbest> lists, List<String> errors) {
        /** Number of hypotheses read. */
        public int hypotheses() {
            return lists.stream().mapToInt(u -> u.hyps().size()).sum();
        }
    }

    /** Reads the directory. @throws IOException if neither trans nor trans.int exists, or on I/O errors */
    public static Result read(Path dir) throws IOException {
        Path trans = dir.resolve(TRANS), transInt = dir.resolve(TRANS_INT);
        if (!Files.exists(trans) && !Files.exists(transInt)) {
            throw new IOException("n-best directory " + dir + " has neither " + TRANS + " nor " + TRANS_INT);
        }
        List<String> errors = new ArrayList<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> present = new ArrayList<>();
        for (String f : new String[] {TRANS, TRANS_INT, LMCOST, ACCOST}) {
            Path p = dir.resolve(f);
            if (!Files.exists(p)) continue;
            present.add(f);
            readFile(p, f, entries, present.size() == 1, errors);
        }
        List<String> keys = new ArrayList<>();
        List<NbestHyp> hyps = new ArrayList<>();
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            if (e.bad) continue;
            if (e.seen != present.size()) {
                errors.add(dir + ": key " + me.getKey() + " is missing from " + missing(e, present));
                continue;
            }
            NbestKey k;
            try {
                k = NbestKey.parse(me.getKey());
            } catch (IllegalArgumentException ex) {
                errors.add(dir + ": " + ex.getMessage());
                continue;
            }
            keys.add(me.getKey());
            hyps.add(NbestHyp.kaldi(k.rank(), e.words, e.ids, e.lm, e.ac));
        }
        return new Result(NbestGrouping.group(keys, hyps, dir.toString(), errors), errors);
    }

    private static final class Entry {
        String[] words;
        int[] ids;
        float lm = Float.NaN, ac = Float.NaN;
        int seen;
        boolean bad;
        final List<String> files = new ArrayList<>();
    }

    private static String missing(Entry e, List<String> present) {
        List<String> m = new ArrayList<>(present);
        m.removeAll(e.files);
        return String.join(", ", m);
    }

    private static void readFile(Path p, String kind, Map<String, Entry> entries, boolean first, List<String> errors)
            throws IOException {
        try (moglm.util.TextLines r = moglm.util.TextLines.open(p)) {
            String line;
            int no = 0;
            while ((line = r.next()) != null) {
                no++;
                String[] t = line.trim().split("\\s+");
                if (t.length == 1 && t[0].isEmpty()) continue;
                String key = t[0];
                Entry e = entries.get(key);
                if (e == null) {
                    if (!first) {
                        errors.add(p + ":" + no + ": key " + key + " is not in the first file of the directory; skipped");
                        continue;
                    }
                    e = new Entry();
                    entries.put(key, e);
                }
                if (e.files.contains(kind)) {
                    errors.add(p + ":" + no + ": duplicate key " + key + "; hypothesis skipped");
                    e.bad = true;
                    continue;
                }
                e.files.add(kind);
                e.seen++;
                try {
                    switch (kind) {
                        case TRANS -> e.words = java.util.Arrays.copyOfRange(t, 1, t.length);
                        case TRANS_INT -> {
                            int[] ids = new int[t.length - 1];
                            for (int i = 1; i < t.length; i++) ids[i - 1] = Integer.parseInt(t[i]);
                            e.ids = ids;
                        }
                        default -> {
                            if (t.length != 2) throw new NumberFormatException("expected one number, found " + (t.length - 1) + " fields");
                            float v = parseFloat(t[1]);
                            if (kind.equals(LMCOST)) e.lm = v;
                            else e.ac = v;
                        }
                    }
                } catch (NumberFormatException ex) {
                    errors.add(p + ":" + no + ": key " + key + ": bad " + kind + " entry '" + line.trim() + "' (" + ex.getMessage() + "); hypothesis skipped");
                    e.bad = true;
                }
            }
        }
    }

    /** A float as Kaldi prints / reads it, including {@code inf}, {@code -inf}, {@code nan}. */
    static float parseFloat(String s) {
        String l = s.toLowerCase();
        switch (l) {
            case "inf", "+inf", "infinity": return Float.POSITIVE_INFINITY;
            case "-inf", "-infinity": return Float.NEGATIVE_INFINITY;
            case "nan", "-nan": return Float.NaN;
            default:
                if (l.endsWith("f") || l.endsWith("d") || l.contains("x") || l.contains("n")) {
                    throw new NumberFormatException("not a number: " + s);
                }
                return Float.parseFloat(s);
        }
    }

    /**
     * Writes the lists, replacing the directory as a whole ({@link moglm.util.AtomicDirectory}: a
     * reader sees the old directory or the new one, never new files beside old ones; files of the
     * old directory that are not rewritten are gone). trans / trans.int are written when every
     * hypothesis has words / ids; lmcost / accost when no value is NaN.
     */
    public static void write(Path dir, List<UtteranceNbest> lists, Style style) throws IOException {
        write(dir, lists, style, Map.of());
    }

    /** Same, with further files (name to bytes, e.g. {@code text}) in the same directory replacement. */
    public static void write(Path dir, List<UtteranceNbest> lists, Style style, Map<String, byte[]> extraFiles) throws IOException {
        try (moglm.util.AtomicDirectory.Writer w = moglm.util.AtomicDirectory.create(dir)) {
            writeFiles(w.path(), lists, style);
            for (Map.Entry<String, byte[]> e : extraFiles.entrySet()) AtomicFile.write(w.path().resolve(e.getKey()), e.getValue());
            w.commit();
        }
    }

    private static void writeFiles(Path dir, List<UtteranceNbest> lists, Style style) throws IOException {
        boolean allWords = true, allIds = true, allLm = true, allAc = true;
        for (UtteranceNbest u : lists) {
            for (NbestHyp h : u.hyps()) {
                allWords &= h.words() != null;
                allIds &= h.wordIds() != null;
                allLm &= !Float.isNaN(h.lmCost());
                allAc &= !Float.isNaN(h.acCost());
            }
        }
        if (allWords) writeFile(dir.resolve(TRANS), lists, style, Field.WORDS);
        if (allIds) writeFile(dir.resolve(TRANS_INT), lists, style, Field.IDS);
        if (allLm) writeFile(dir.resolve(LMCOST), lists, style, Field.LM);
        if (allAc) writeFile(dir.resolve(ACCOST), lists, style, Field.AC);
    }

    private enum Field { WORDS, IDS, LM, AC }

    private static void writeFile(Path p, List<UtteranceNbest> lists, Style style, Field f) throws IOException {
        try (AtomicFile.Writer w = AtomicFile.create(p)) {
            Writer out = new OutputStreamWriter(w.stream(), StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder();
            for (UtteranceNbest u : lists) {
                for (NbestHyp h : u.hyps()) {
                    sb.setLength(0);
                    sb.append(u.utterance()).append('-').append(h.rank());
                    switch (f) {
                        case WORDS -> { for (String s : h.words()) sb.append(' ').append(s); }
                        case IDS -> { for (int id : h.wordIds()) sb.append(' ').append(id); }
                        case LM -> sb.append(' ').append(formatFloat(h.lmCost(), style));
                        case AC -> sb.append(' ').append(formatFloat(h.acCost(), style));
                    }
                    if (style == Style.KALDI && (f == Field.IDS || f == Field.LM || f == Field.AC)) sb.append(' ');
                    sb.append('\n');
                    out.write(sb.toString());
                }
            }
            out.flush();
            w.commit();
        }
    }

    /** Shortest decimal that reads back as {@code v} (PRECISE) or C++'s default {@code <<} (KALDI). */
    static String formatFloat(float v, Style style) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (style == Style.KALDI) return CFormat.general(v);
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        return new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }
}
