package moglm.kaldi.score;

import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The scoring loop of Kaldi's {@code compute-wer}: for every reference (in reference order), look
 * the hypothesis up by key; if there is none, count it as absent and, by {@link WerMode}, skip it
 * (present), score it against an empty hypothesis (all) or fail (strict). Hypotheses with no
 * reference are ignored. Words are compared as strings ({@code --text}) or as integers.
 */
public final class ComputeWer {
    private ComputeWer() {}

    /**
     * Scores {@code refs} against {@code hyps} (key to words, null when absent; e.g. {@code map::get}).
     *
     * @param integers compare words as int32 values (compute-wer without {@code --text}); a token
     *                 that is not an integer is an error naming the key
     * @throws IllegalArgumentException strict mode and a missing hypothesis, or a bad integer
     */
    public static WerStats score(Iterator<Transcript> refs, Function<String, String[]> hyps, WerMode mode,
                                 boolean integers) {
        return score(refs, hyps, mode, integers, null);
    }

    /**
     * Like {@link #score(Iterator, Function, WerMode, boolean)}, also giving compute-wer's detailed
     * statistics (its optional third argument) to {@code alignment}, one line per aligned pair of
     * every scored utterance, in Kaldi's words: {@code correct W}, {@code substitution REF HYP},
     * {@code insertion HYP}, and {@code deletion E} where E is the epsilon Kaldi prints there
     * (empty with --text, {@code -1} for integers; a quirk of Kaldi's PrintAlignmentStats). The
     * alignment is Kaldi's LevenshteinAlignment ({@link EditDistance#align}).
     */
    public static WerStats score(Iterator<Transcript> refs, Function<String, String[]> hyps, WerMode mode,
                                 boolean integers, Consumer<String> alignment) {
        WerStats stats = new WerStats();
        TokenInterner interner = new TokenInterner();
        while (refs.hasNext()) {
            Transcript ref = refs.next();
            String[] hyp = hyps.apply(ref.key());
            if (hyp == null) {
                if (mode == WerMode.STRICT) {
                    throw new IllegalArgumentException("No hypothesis for key " + ref.key() + " and strict mode specifier.");
                }
                stats.addAbsent();
                if (mode == WerMode.PRESENT) continue;
                hyp = new String[0];
            }
            int[] r, h;
            if (integers) {
                r = parseInts(ref.key(), "reference", ref.words());
                h = parseInts(ref.key(), "hypothesis", hyp);
            } else {
                r = interner.ids(ref.words());
                h = interner.ids(hyp);
            }
            stats.add(r, h);
            if (alignment != null) printAlignment(r, h, ref.words(), hyp, integers, alignment);
        }
        return stats;
    }

    private static void printAlignment(int[] r, int[] h, String[] rw, String[] hw, boolean integers, Consumer<String> out) {
        String eps = integers ? "-1" : "";
        int ri = 0, hi = 0;
        for (int[] pair : EditDistance.align(r, h)) {
            String a = pair[0] < 0 ? null : integers ? Integer.toString(r[ri]) : rw[ri];
            String b = pair[1] < 0 ? null : integers ? Integer.toString(h[hi]) : hw[hi];
            if (pair[0] >= 0) ri++;
            if (pair[1] >= 0) hi++;
            if (a == null) out.accept("insertion " + b);
            else if (b == null) out.accept("deletion " + eps);
            else if (!a.equals(b)) out.accept("substitution " + a + " " + b);
            else out.accept("correct " + a);
        }
    }

    private static int[] parseInts(String key, String what, String[] tokens) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                out[i] = Integer.parseInt(tokens[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("utterance " + key + ": " + what + " token '" + tokens[i]
                        + "' is not an integer (use --text for word strings)");
            }
        }
        return out;
    }
}
