package moglm.kaldi.score;

import java.util.Iterator;
import java.util.function.Function;

/**
 * Kaldi's {@code compute-wer-bootci}: the bootstrap (Bisani and Ney) 95% confidence interval of
 * the WER, and for two systems scored on the same references the probability that the second
 * improves on the first, reproduced to the printed digit.
 *
 * <p>Per scored utterance it keeps (errors, reference words) from {@link EditDistance#levenshtein}.
 * Each of {@code replications} (10000) rounds draws as many utterances with replacement, index
 * {@code rand() % n} from an unseeded glibc {@code rand()} ({@link GlibcRand}, seed 1), and
 * computes {@code wer = (float) errs / words}. In float, as Kaldi: mean = sum(wer) / R,
 * interval = 1.96 * sqrt(sum(wer^2) / R - mean^2). Printed as
 * {@code Set1: %WER 9.25 95% Conf Interval [ 6.20, 12.31 ]} (100*mean, 100*mean -/+ 100*interval,
 * float arithmetic, 2 decimals).
 *
 * <p>Two systems ({@link #compare}): the utterances are those both can be scored on (by
 * {@link WerMode}: {@code present} leaves out a reference that either system lacks, {@code all}
 * counts a missing hypothesis as all its reference words wrong, {@code strict} fails). The same
 * {@code rand()} sequence then runs on: R rounds for system 1's interval ({@code Set1}), R for
 * system 2's ({@code Set2}), and R paired rounds, each drawing n utterances and summing
 * errors1 - errors2 over them; the share of rounds where that sum is positive, times 100, is
 * printed as {@code Probability of Set2 improving Set1: 97.31}. The paired draw is what makes
 * the comparison sensitive: both systems are judged on the same resampled utterances, so the
 * variation between utterances that both share cancels.
 */
public final class BootstrapWer {
    private BootstrapWer() {}

    /** Per-utterance (errors, reference words), as compute-wer-bootci keeps them. */
    private static final class Edits {
        int[] errs = new int[16], words = new int[16];
        int n;

        void add(int e, int w) {
            if (n == errs.length) {
                errs = java.util.Arrays.copyOf(errs, n * 2);
                words = java.util.Arrays.copyOf(words, n * 2);
            }
            errs[n] = e;
            words[n] = w;
            n++;
        }
    }

    /** The output line (with newline) for refs vs hyps in {@code mode}. */
    public static String report(Iterator<Transcript> refs, Function<String, String[]> hyps, WerMode mode, int replications) {
        checkReplications(replications);
        Edits edits = new Edits();
        TokenInterner interner = new TokenInterner();
        while (refs.hasNext()) {
            Transcript r = refs.next();
            String[] h = hyps.apply(r.key());
            if (h == null) {
                if (mode == WerMode.STRICT) throw new IllegalArgumentException("No hypothesis for key " + r.key() + " and strict mode specifier.");
                if (mode == WerMode.PRESENT) continue;
                h = new String[0];
            }
            edits.add(EditDistance.levenshtein(interner.ids(r.words()), interner.ids(h)).errors(), r.words().length);
        }
        return line("Set1", interval(edits, replications, new GlibcRand(1)));
    }

    /**
     * compute-wer-bootci with a second hypothesis table: the Set1 and Set2 lines and the
     * probability (in percent) that system 2 makes fewer errors than system 1 (see the class
     * comment). Three lines, each ending in a newline.
     */
    public static String compare(Iterator<Transcript> refs, Function<String, String[]> hyps1, Function<String, String[]> hyps2,
                                 WerMode mode, int replications) {
        checkReplications(replications);
        Edits e1 = new Edits(), e2 = new Edits();
        TokenInterner interner = new TokenInterner();
        while (refs.hasNext()) {
            Transcript r = refs.next();
            String[] h1 = hyps1.apply(r.key()), h2 = hyps2.apply(r.key());
            if (h1 == null || h2 == null) {
                if (mode == WerMode.STRICT) {
                    throw new IllegalArgumentException("No hypothesis for key " + r.key() + " in both transcripts comparison is not possible.");
                }
                if (mode == WerMode.PRESENT) continue;
            }
            int[] ref = interner.ids(r.words());
            int words = ref.length;
            e1.add(h1 == null ? words : EditDistance.levenshtein(ref, interner.ids(h1)).errors(), words);
            e2.add(h2 == null ? words : EditDistance.levenshtein(ref, interner.ids(h2)).errors(), words);
        }
        checkScored(e1);
        GlibcRand rand = new GlibcRand(1);
        float[] s1 = interval(e1, replications, rand);
        float[] s2 = interval(e2, replications, rand);
        int improved = 0;
        for (int i = 0; i < replications; i++) {
            int diff = 0;
            for (int j = 0; j < e1.n; j++) {
                int pos = draw(rand, e1.n);
                diff += e1.errs[pos] - e2.errs[pos];
            }
            if (diff > 0) improved++;
        }
        float p = (float) improved / replications;
        return line("Set1", s1) + line("Set2", s2) + "Probability of Set2 improving Set1: " + CFormat.fixed(100 * p, 2) + "\n";
    }

    /** RandInt(0, n-1) as Kaldi computes it: min == max draws nothing. */
    private static int draw(GlibcRand rand, int n) {
        return n - 1 == 0 ? 0 : rand.next() % n;
    }

    /** {mean, interval} of the bootstrapped WER, in float as Kaldi. */
    private static float[] interval(Edits e, int replications, GlibcRand rand) {
        float werAccum = 0f, werMultAccum = 0f;
        for (int i = 0; i < replications; i++) {
            int numWords = 0, wordErrs = 0;
            for (int j = 0; j < e.n; j++) {
                int pos = draw(rand, e.n);
                wordErrs += e.errs[pos];
                numWords += e.words[pos];
            }
            float werRep = (float) wordErrs / numWords;
            werAccum += werRep;
            werMultAccum += werRep * werRep;
        }
        float mean = werAccum / replications;
        float interval = (float) (1.96 * Math.sqrt(werMultAccum / replications - mean * mean));
        return new float[] {mean, interval};
    }

    private static String line(String set, float[] meanInterval) {
        float m100 = 100 * meanInterval[0], i100 = 100 * meanInterval[1];
        return set + ": %WER " + CFormat.fixed(m100, 2) + " 95% Conf Interval [ " + CFormat.fixed(m100 - i100, 2) + ", "
                + CFormat.fixed(m100 + i100, 2) + " ]\n";
    }

    private static void checkReplications(int replications) {
        if (replications < 1) throw new IllegalArgumentException("--replications must be at least 1, got " + replications);
    }

    /**
     * With no utterance Kaldi divides by zero (a NaN line). The one-system report keeps that (it is
     * part of score-kaldi's byte-exact output); the comparison says what is wrong instead.
     */
    private static void checkScored(Edits e) {
        if (e.n == 0) throw new IllegalArgumentException("no utterance could be scored (no reference has a hypothesis)");
    }
}
