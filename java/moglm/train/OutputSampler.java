package moglm.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws the output sample of one training step for the sampled output layer
 * ({@code moglm.model.MogrifierLM#setOutputSample}): every distinct target word of the step
 * (inclusion probability 1) plus {@code numSamples} other words drawn without replacement from a
 * smoothed unigram proposal, each with its exact inclusion probability.
 *
 * <h2>Proposal and inclusion probabilities</h2>
 * {@code p_w} is proportional to {@code (count_w + 1)^0.75} over the training targets (words and
 * {@code </s>}): the add-one count keeps every word reachable, the power flattens the
 * distribution so that rare words are drawn more often than their frequency. Among the words
 * that are not targets of the step, word w is included with probability
 * {@code pi_w = min(1, c p_w)}, with c chosen so that {@code sum pi_w = numSamples} (the most
 * frequent words reach 1 and are then always included; c is found by walking the words in order
 * of decreasing p once). Systematic sampling draws exactly numSamples words with these
 * probabilities: one uniform u in [0, 1), and word w is taken when the running sum of pi crosses
 * u + j for an integer j; since every pi_w &lt;= 1 no word is taken twice. The objective weighs a
 * sampled word by 1 / pi_w, which makes its sampled sum an unbiased estimate of the sum over the
 * whole vocabulary.
 *
 * <p>The draw is a function of (seed, step) alone ({@link StepRandom}, with its own salt), so a
 * resumed run samples exactly what an uninterrupted one does. Cost per step: O(V) additions, no
 * allocation of V-sized arrays after construction.
 */
public final class OutputSampler {
    /** The proposal's exponent on the smoothed counts. */
    public static final double POWER = 0.75;
    private static final long SALT = 0x5A4D504C45444F55L;

    private final int vocabSize;
    private final int numSamples;
    private final double[] p;           // proposal, sums to 1
    private final int[] byDecreasingP;  // word ids
    private final boolean[] forced;     // scratch: targets of the current step
    private final double noiseScale;    // c0 with sum over all words of min(1, c0 p_w) = numSamples

    /** A step's sample: words (targets first) and their inverse inclusion probabilities. */
    public record Sample(int[] words, float[] inverseProbs) {}

    /**
     * @param corpus     the training text (its targets give the counts)
     * @param vocabSize  number of model indices V
     * @param numSamples words drawn per step besides the targets (capped by what is left)
     */
    public OutputSampler(Corpus corpus, int vocabSize, int numSamples) {
        this(counts(corpus, vocabSize), numSamples);
    }

    /** From target counts per model index (length V). */
    public OutputSampler(long[] counts, int numSamples) {
        if (numSamples < 1) throw new IllegalArgumentException("--num-samples must be >= 1, got " + numSamples);
        this.vocabSize = counts.length;
        this.numSamples = numSamples;
        this.p = new double[vocabSize];
        double total = 0;
        for (int w = 0; w < vocabSize; w++) total += p[w] = Math.pow(counts[w] + 1.0, POWER);
        for (int w = 0; w < vocabSize; w++) p[w] /= total;
        Integer[] order = new Integer[vocabSize];
        for (int w = 0; w < vocabSize; w++) order[w] = w;
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        this.byDecreasingP = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++) byDecreasingP[i] = order[i];
        this.forced = new boolean[vocabSize];
        this.noiseScale = scale(numSamples);
    }

    // c with sum over all words of min(1, c p_w) = m (m >= V: every word at 1)
    private double scale(int m) {
        if (m >= vocabSize) return Double.POSITIVE_INFINITY;
        double restMass = 1;
        int capped = 0;
        for (int w : byDecreasingP) {
            double c = (m - capped) / restMass;
            if (c * p[w] < 1) return c;
            capped++;
            restMass -= p[w];
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * NCE's noise measure of word w: lambda_w = min(1, c p_w) with sum over all V words =
     * numSamples, the expected number of times w is among numSamples noise words; fixed for the
     * run (unlike the inclusion probabilities of a step's free words, which exclude the step's
     * targets; {@code cpp/ops/sampled_output.h} nce_loss).
     */
    public double noise(int w) { return Math.min(1.0, noiseScale * p[w]); }

    /** {@link #noise} of each word, as floats. */
    public float[] noise(int[] words) {
        float[] lam = new float[words.length];
        for (int i = 0; i < words.length; i++) lam[i] = (float) noise(words[i]);
        return lam;
    }

    static long[] counts(Corpus corpus, int vocabSize) {
        int[] stream = corpus.stream();
        long[] count = new long[vocabSize];
        for (int i = 1; i < stream.length; i++) count[stream[i]]++;
        return count;
    }

    /** The proposal probability of word w. */
    public double proposal(int w) { return p[w]; }

    /** The sample of step {@code step} for these targets (-1 entries ignored). */
    public Sample sample(int[] targets, long seed, long step) {
        return sample(targets, StepRandom.of(seed ^ SALT, step));
    }

    public Sample sample(int[] targets, Random rng) {
        int nForced = 0;
        int[] words = new int[Math.min(vocabSize, targets.length + numSamples)];
        double forcedMass = 0;
        for (int t : targets) {
            if (t < 0 || forced[t]) continue;
            forced[t] = true;
            forcedMass += p[t];
            words[nForced++] = t;
        }
        try {
            int m = Math.min(numSamples, vocabSize - nForced);
            float[] inv = new float[nForced + m];
            Arrays.fill(inv, 0, nForced, 1f);
            if (m == 0) return new Sample(Arrays.copyOf(words, nForced), inv);
            // c with sum over free words of min(1, c p_w) = m: cap the largest p while c p >= 1
            double restMass = 1 - forcedMass;
            int capped = 0;
            double c = 0;
            for (int w : byDecreasingP) {
                if (forced[w]) continue;
                c = (m - capped) / restMass;
                if (c * p[w] >= 1 && capped < m) {
                    capped++;
                    restMass -= p[w];
                    if (capped == m || restMass <= 0) break;
                } else {
                    break;
                }
            }
            if (capped < m) c = (m - capped) / restMass;
            // systematic sampling over the free words in id order
            double u = rng.nextDouble(), run = 0;
            int n = nForced;
            for (int w = 0; w < vocabSize && n < nForced + m; w++) {
                if (forced[w]) continue;
                double pi = Math.min(1.0, c * p[w]);
                double before = run;
                run += pi;
                // taken when [before, run) contains u + j for some integer j
                if (Math.floor(run - u) > Math.floor(before - u)) {
                    words[n] = w;
                    inv[n] = (float) (1 / pi);
                    n++;
                }
            }
            if (n < nForced + m) {   // float rounding left the last crossing out: fill deterministically
                for (int i = byDecreasingP.length - 1; i >= 0 && n < nForced + m; i--) {
                    int w = byDecreasingP[i];
                    boolean taken = forced[w];
                    for (int k = nForced; k < n && !taken; k++) taken = words[k] == w;
                    if (!taken) {
                        words[n] = w;
                        inv[n] = (float) (1 / Math.min(1.0, c * p[w]));
                        n++;
                    }
                }
            }
            return new Sample(Arrays.copyOf(words, n), Arrays.copyOf(inv, n));
        } finally {
            for (int i = 0; i < nForced; i++) forced[words[i]] = false;
        }
    }
}
