package moglm.kaldi.score;

import java.util.Iterator;
import java.util.Map;

/**
 * The scoring loop of Kaldi's {@code compute-wer}: for every reference (in reference order), look
 * the hypothesis up by key; if there is none, count it as absent and, by {@link WerMode}, skip it
 * (present), score it against an empty hypothesis (all) or fail (strict). Hypotheses with no
 * reference are ignored. Words are compared as strings ({@code --text}) or as integers.
 */
public final class ComputeWer {
    private ComputeWer() {}

    /**
     * Scores {@code refs} against {@code hyps}.
     *
     * @param integers compare words as int32 values (compute-wer without {@code --text}); a token
     *                 that is not an integer is an error naming the key
     * @throws IllegalArgumentException strict mode and a missing hypothesis, or a bad integer
     */
    public static WerStats score(Iterator<Transcript> refs, Map<String, String[]> hyps, WerMode mode,
                                 boolean integers) {
        WerStats stats = new WerStats();
        TokenInterner interner = new TokenInterner();
        while (refs.hasNext()) {
            Transcript ref = refs.next();
            String[] hyp = hyps.get(ref.key());
            if (hyp == null) {
                if (mode == WerMode.STRICT) {
                    throw new IllegalArgumentException("No hypothesis for key " + ref.key() + " and strict mode specifier.");
                }
                stats.addAbsent();
                if (mode == WerMode.PRESENT) continue;
                hyp = new String[0];
            }
            if (integers) {
                stats.add(parseInts(ref.key(), "reference", ref.words()), parseInts(ref.key(), "hypothesis", hyp));
            } else {
                stats.add(interner.ids(ref.words()), interner.ids(hyp));
            }
        }
        return stats;
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
