package moglm.kaldi.score;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code scoring_kaldi/wer_details/} files of score_kaldi.sh ({@code stats=true}), from the
 * best LMWT/WIP's hypotheses:
 * <ul>
 * <li>{@code per_utt}: {@code align-text --special-symbol='***'} (Kaldi's LevenshteinAlignment,
 *     see {@link EditDistance#align}) piped into {@code wer_per_utt_details.pl}: per utterance the
 *     lines {@code ref}, {@code hyp}, {@code op} (C/S/I/D) with each column centred to its widest
 *     entry (an odd spare space goes left) and columns joined by two spaces, then
 *     {@code #csid C S I D}. Utterances without a hypothesis are left out.</li>
 * <li>{@code per_spk}: {@code wer_per_spk_details.pl <data>/utt2spk}: per speaker (code-point
 *     order) a {@code raw} line of counts and a {@code sys} line of percentages ({@code %10.2f}),
 *     then {@code SUM}.</li>
 * <li>{@code ops}: {@code wer_ops_details.pl | sort -b -i -k 1,1 -k 4,4rn -k 2,2 -k 3,3}: one line
 *     per (operation, ref word, hyp word) with its count, words right-aligned to the longest word
 *     (at most 16), sorted as GNU sort does in the C locale (-i ignores non-printing bytes, so
 *     non-ASCII bytes do not count in the word keys).</li>
 * </ul>
 * {@code wer_bootci} is {@link BootstrapWer}.
 */
public final class WerDetails {
    private WerDetails() {}

    /** The symbol score_kaldi.sh passes to align-text for an inserted / deleted word. */
    public static final String SPECIAL = "***";

    /** One utterance's alignment: parallel ref / hyp words (SPECIAL for none) and op letters. */
    public record UttAlignment(String utt, String[] ref, String[] hyp, char[] ops) {
        int count(char op) {
            int c = 0;
            for (char o : ops) if (o == op) c++;
            return c;
        }
    }

    /** Aligns every reference (in order) that has a hypothesis. */
    public static List<UttAlignment> align(List<Transcript> refs, Function<String, String[]> hyps) {
        List<UttAlignment> out = new ArrayList<>();
        TokenInterner interner = new TokenInterner();
        for (Transcript r : refs) {
            String[] h = hyps.apply(r.key());
            if (h == null) continue; // align-text: "Key ... is in ..., but not in ..."
            int[][] pairs = EditDistance.align(interner.ids(r.words()), interner.ids(h));
            String[] rw = new String[pairs.length], hw = new String[pairs.length];
            char[] ops = new char[pairs.length];
            // map ids back through positions: walk both sequences alongside the pairs
            int ri = 0, hi = 0;
            for (int k = 0; k < pairs.length; k++) {
                rw[k] = pairs[k][0] < 0 ? SPECIAL : r.words()[ri++];
                hw[k] = pairs[k][1] < 0 ? SPECIAL : h[hi++];
                if (hw[k].equals(SPECIAL)) ops[k] = 'D';
                else if (rw[k].equals(SPECIAL)) ops[k] = 'I';
                else if (!rw[k].equals(hw[k])) ops[k] = 'S';
                else ops[k] = 'C';
            }
            out.add(new UttAlignment(r.key(), rw, hw, ops));
        }
        return out;
    }

    private static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String spaces(int n) {
        return n <= 0 ? "" : " ".repeat(n);
    }

    /** {@code per_utt}. */
    public static String perUtt(List<UttAlignment> alignments) {
        StringBuilder sb = new StringBuilder();
        for (UttAlignment a : alignments) {
            int n = a.ops().length;
            String[] r = new String[n], h = new String[n], o = new String[n];
            for (int i = 0; i < n; i++) {
                String op = String.valueOf(a.ops()[i]);
                int w = Math.max(len(a.ref()[i]), Math.max(len(a.hyp()[i]), 1));
                r[i] = centre(a.ref()[i], w);
                h[i] = centre(a.hyp()[i], w);
                o[i] = centre(op, w);
            }
            sb.append(a.utt()).append(" ref  ").append(String.join("  ", r)).append('\n');
            sb.append(a.utt()).append(" hyp  ").append(String.join("  ", h)).append('\n');
            sb.append(a.utt()).append(" op   ").append(String.join("  ", o)).append('\n');
            sb.append(a.utt()).append(" #csid ").append(a.count('C')).append(' ').append(a.count('S')).append(' ')
                    .append(a.count('I')).append(' ').append(a.count('D')).append('\n');
        }
        return sb.toString();
    }

    private static String centre(String s, int width) {
        int right = (width - len(s)) / 2;
        int left = width - len(s) - right;
        return spaces(left) + s + spaces(right);
    }

    /** {@code per_spk}, speakers from utt2spk (an utterance missing there counts under ""). */
    public static String perSpk(List<UttAlignment> alignments, Map<String, String> utt2spk) {
        int spkWidth = 15;
        for (String spk : utt2spk.values()) spkWidth = Math.max(spkWidth, len(spk));
        Map<String, long[]> stats = new TreeMap<>(WerDetails::compareCodePoints); // C S I D SENT SERR
        for (UttAlignment a : alignments) {
            long[] st = stats.computeIfAbsent(utt2spk.getOrDefault(a.utt(), ""), k -> new long[6]);
            long c = a.count('C'), s = a.count('S'), i = a.count('I'), d = a.count('D');
            st[0] += c;
            st[1] += s;
            st[2] += i;
            st[3] += d;
            st[4]++;
            if (s + i + d != 0) st[5]++;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(padRight("SPEAKER", spkWidth)).append(" id  ");
        String[] heads = {"#SENT", "#WORD", "Corr", "Sub", "Ins", "Del", "Err", "S.Err"};
        for (int k = 0; k < heads.length; k++) sb.append(k == 0 ? "" : " ").append(padLeft(heads[k], 10));
        sb.append('\n');
        long[] sum = new long[6];
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            long[] st = e.getValue();
            for (int k = 0; k < 6; k++) sum[k] += st[k];
            rows(sb, e.getKey(), st, spkWidth);
        }
        rows(sb, "SUM", sum, spkWidth);
        return sb.toString();
    }

    private static void rows(StringBuilder sb, String spk, long[] st, int spkWidth) {
        long c = st[0], s = st[1], i = st[2], d = st[3], sent = st[4], serr = st[5];
        long word = c + s + d, err = s + d + i;
        sb.append(padRight(spk, spkWidth)).append(" raw");
        for (long v : new long[] {sent, word, c, s, i, d, err, serr}) sb.append(' ').append(padLeft(Long.toString(v), 10));
        sb.append('\n');
        if (word == 0) return;
        double w = word;
        sb.append(padRight(spk, spkWidth)).append(" sys");
        sb.append(' ').append(padLeft(Long.toString(sent), 10)).append(' ').append(padLeft(Long.toString(word), 10));
        double[] pct = {100 * c / w, 100 * s / w, 100 * i / w, 100 * d / w, 100 * err / w, 100.0 * serr / sent};
        for (double p : pct) sb.append(' ').append(padLeft(CFormat.fixed(p, 2), 10));
        sb.append('\n');
    }

    private static String padLeft(String s, int w) {
        return spaces(w - len(s)) + s;
    }

    private static String padRight(String s, int w) {
        return s + spaces(w - len(s));
    }

    /** {@code ops}, sorted as score_kaldi.sh sorts it. */
    public static String ops(List<UttAlignment> alignments) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (UttAlignment a : alignments) {
            for (int k = 0; k < a.ops().length; k++) {
                counts.computeIfAbsent(a.ref()[k], x -> new TreeMap<>()).merge(a.hyp()[k], 1, Integer::sum);
            }
        }
        int wordLen = 0, opsLen = 0;
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
            for (Map.Entry<String, Integer> f : e.getValue().entrySet()) {
                wordLen = Math.max(wordLen, Math.max(len(e.getKey()), len(f.getKey())));
                opsLen = Math.max(opsLen, Integer.toString(f.getValue()).length());
            }
        }
        wordLen = Math.min(wordLen, 16);
        List<String[]> rows = new ArrayList<>(); // op, ref, hyp, count, line
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
            for (Map.Entry<String, Integer> f : e.getValue().entrySet()) {
                String refw = e.getKey(), hypw = f.getKey();
                String op = refw.equals(hypw) ? "correct" : refw.equals(SPECIAL) ? "insertion"
                        : hypw.equals(SPECIAL) ? "deletion" : "substitution";
                String line = padRight(op, 14) + padLeft(refw, wordLen) + "    " + padLeft(hypw, wordLen) + "    "
                        + padLeft(Integer.toString(f.getValue()), opsLen);
                rows.add(new String[] {op, refw, hypw, Integer.toString(f.getValue()), line});
            }
        }
        rows.sort(Comparator.<String[], byte[]>comparing(r -> printable(r[0]), Arrays::compareUnsigned)
                .thenComparing(r -> -Long.parseLong(r[3]))
                .thenComparing(r -> printable(r[1]), Arrays::compareUnsigned)
                .thenComparing(r -> printable(r[2]), Arrays::compareUnsigned)
                .thenComparing(r -> r[4].getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) sb.append(r[4]).append('\n');
        return sb.toString();
    }

    /** The bytes GNU sort -i compares in the C locale: printable ASCII only. */
    private static byte[] printable(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = 0;
        for (byte x : b) if (x >= 0x20 && x < 0x7f) b[n++] = x;
        return Arrays.copyOf(b, n);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
