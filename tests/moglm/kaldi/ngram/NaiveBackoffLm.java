package moglm.kaldi.ngram;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain reference for {@link NgramLm}: n-grams in a map keyed by their word lists, the
 * back-off recursion written out literally, all in double.
 */
final class NaiveBackoffLm {
    final int order;
    final Map<List<Integer>, double[]> grams = new HashMap<>(); // words -> {ln prob, ln bo}

    NaiveBackoffLm(int order) {
        this.order = order;
    }

    void add(int[] words, double log10p, double log10bo) {
        grams.put(key(words), new double[] {log10p * Math.log(10), log10bo * Math.log(10)});
    }

    static List<Integer> key(int[] w) {
        return Arrays.stream(w).boxed().toList();
    }

    /** ln P(w | hist), hist oldest first, truncated to the last order-1 words. */
    double logProb(int[] hist, int w) {
        int m = Math.min(hist.length, order - 1);
        int[] h = Arrays.copyOfRange(hist, hist.length - m, hist.length);
        return rec(h, w);
    }

    private double rec(int[] h, int w) {
        int[] g = Arrays.copyOf(h, h.length + 1);
        g[h.length] = w;
        double[] e = grams.get(key(g));
        if (e != null) return e[0];
        if (h.length == 0) return Double.NEGATIVE_INFINITY;
        double[] c = grams.get(key(h));
        double bo = c == null ? 0 : c[1];
        return bo + rec(Arrays.copyOfRange(h, 1, h.length), w);
    }

    /** The longest suffix of hist+w (at most order-1 words) that is listed or a listed n-gram's prefix. */
    int[] state(int[] hist, int w) {
        int[] all = Arrays.copyOf(hist, hist.length + 1);
        all[hist.length] = w;
        for (int len = Math.min(order - 1, all.length); len > 0; len--) {
            int[] s = Arrays.copyOfRange(all, all.length - len, all.length);
            if (isPrefixOfListed(s)) return s;
        }
        return new int[0];
    }

    private boolean isPrefixOfListed(int[] s) {
        for (List<Integer> g : grams.keySet()) {
            if (g.size() >= s.length) {
                boolean ok = true;
                for (int i = 0; i < s.length && ok; i++) ok = g.get(i) == s[i];
                if (ok) return true;
            }
        }
        return false;
    }
}
