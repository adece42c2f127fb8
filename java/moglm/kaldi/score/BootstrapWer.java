package moglm.kaldi.score;

import java.util.Iterator;
import java.util.function.Function;

/**
 * Kaldi's {@code compute-wer-bootci} for one system: the bootstrap (Bisani and Ney) 95%
 * confidence interval of the WER, reproduced to the printed digit.
 *
 * <p>Per scored utterance it keeps (errors, reference words) from {@link EditDistance#levenshtein}.
 * Each of {@code replications} (10000) rounds draws as many utterances with replacement, index
 * {@code rand() % n} from an unseeded glibc {@code rand()} ({@link GlibcRand}, seed 1), and
 * computes {@code wer = (float) errs / words}. In float, as Kaldi: mean = sum(wer) / R,
 * interval = 1.96 * sqrt(sum(wer^2) / R - mean^2). Printed as
 * {@code Set1: %WER 9.25 95% Conf Interval [ 6.20, 12.31 ]} (100*mean, 100*mean -/+ 100*interval,
 * float arithmetic, 2 decimals).
 */
public final class BootstrapWer {
    private BootstrapWer() {}

    /** The output line (with newline) for refs vs hyps in {@code mode}. */
    public static String report(Iterator<Transcript> refs, Function<String, String[]> hyps, WerMode mode, int replications) {
        int[] errs = new int[16], words = new int[16];
        int n = 0;
        TokenInterner interner = new TokenInterner();
        while (refs.hasNext()) {
            Transcript r = refs.next();
            String[] h = hyps.apply(r.key());
            if (h == null) {
                if (mode == WerMode.STRICT) throw new IllegalArgumentException("No hypothesis for key " + r.key() + " and strict mode specifier.");
                if (mode == WerMode.PRESENT) continue;
                h = new String[0];
            }
            if (n == errs.length) {
                errs = java.util.Arrays.copyOf(errs, n * 2);
                words = java.util.Arrays.copyOf(words, n * 2);
            }
            errs[n] = EditDistance.levenshtein(interner.ids(r.words()), interner.ids(h)).errors();
            words[n] = r.words().length;
            n++;
        }
        GlibcRand rand = new GlibcRand(1);
        float werAccum = 0f, werMultAccum = 0f;
        for (int i = 0; i < replications; i++) {
            int numWords = 0, wordErrs = 0;
            for (int j = 0; j < n; j++) {
                int pos = n - 1 == 0 ? 0 : rand.next() % n; // RandInt(0, n-1); min == max draws nothing
                wordErrs += errs[pos];
                numWords += words[pos];
            }
            float werRep = (float) wordErrs / numWords;
            werAccum += werRep;
            werMultAccum += werRep * werRep;
        }
        float mean = werAccum / replications;
        float interval = (float) (1.96 * Math.sqrt(werMultAccum / replications - mean * mean));
        float m100 = 100 * mean, i100 = 100 * interval;
        return "Set1: %WER " + CFormat.fixed(m100, 2) + " 95% Conf Interval [ " + CFormat.fixed(m100 - i100, 2) + ", "
                + CFormat.fixed(m100 + i100, 2) + " ]\n";
    }
}
