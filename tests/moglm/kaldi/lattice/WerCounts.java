package moglm.kaldi.lattice;

/**
 * Test-only word error counting with Kaldi compute-wer's breakdown rule
 * ({@code LevenshteinEditDistance}: hypothesis-major DP; substitution/match if strictly cheaper
 * than both alternatives, else deletion if cheaper than insertion, else insertion). The project's
 * scorer lives elsewhere; this keeps the lattice tests self-contained.
 */
final class WerCounts {
    int ins, del, sub, words;

    int errors() {
        return ins + del + sub;
    }

    void add(int[] ref, int[] hyp) {
        int n = ref.length;
        int[] cost = new int[n + 1], ci = new int[n + 1], cd = new int[n + 1], cs = new int[n + 1];
        for (int r = 0; r <= n; r++) { cost[r] = r; cd[r] = r; }
        for (int h = 1; h <= hyp.length; h++) {
            int[] nc = new int[n + 1], ni = new int[n + 1], nd = new int[n + 1], ns = new int[n + 1];
            nc[0] = cost[0] + 1; ni[0] = ci[0] + 1; nd[0] = cd[0]; ns[0] = cs[0];
            for (int r = 1; r <= n; r++) {
                int insErr = cost[r] + 1, delErr = nc[r - 1] + 1;
                boolean same = hyp[h - 1] == ref[r - 1];
                int subErr = cost[r - 1] + (same ? 0 : 1);
                if (subErr < insErr && subErr < delErr) {
                    nc[r] = subErr; ni[r] = ci[r - 1]; nd[r] = cd[r - 1]; ns[r] = cs[r - 1] + (same ? 0 : 1);
                } else if (delErr < insErr) {
                    nc[r] = delErr; ni[r] = ni[r - 1]; nd[r] = nd[r - 1] + 1; ns[r] = ns[r - 1];
                } else {
                    nc[r] = insErr; ni[r] = ci[r] + 1; nd[r] = cd[r]; ns[r] = cs[r];
                }
            }
            cost = nc; ci = ni; cd = nd; cs = ns;
        }
        ins += ci[n];
        del += cd[n];
        sub += cs[n];
        words += n;
    }

    /**
     * Adds one utterance counted with a diagonal-first backtrace (Kaldi's LevenshteinAlignment /
     * align-text tie rule: match/substitution on ties, then deletion, then insertion). This is
     * NOT what compute-wer prints; it is the convention the LJSpeech README's breakdowns use.
     */
    void addDiagonalFirst(int[] ref, int[] hyp) {
        int m0 = ref.length, n0 = hyp.length;
        int[][] e = new int[m0 + 1][n0 + 1];
        for (int n = 0; n <= n0; n++) e[0][n] = n;
        for (int m = 1; m <= m0; m++) {
            e[m][0] = e[m - 1][0] + 1;
            for (int n = 1; n <= n0; n++) {
                int so = e[m - 1][n - 1] + (ref[m - 1] == hyp[n - 1] ? 0 : 1);
                e[m][n] = Math.min(so, Math.min(e[m - 1][n] + 1, e[m][n - 1] + 1));
            }
        }
        int m = m0, n = n0;
        while (m != 0 || n != 0) {
            if (m == 0) { ins++; n--; continue; }
            if (n == 0) { del++; m--; continue; }
            int so = e[m - 1][n - 1] + (ref[m - 1] == hyp[n - 1] ? 0 : 1);
            int d = e[m - 1][n] + 1, i = e[m][n - 1] + 1;
            if (so <= Math.min(d, i)) {
                if (ref[m - 1] != hyp[n - 1]) sub++;
                m--;
                n--;
            } else if (d <= i) {
                del++;
                m--;
            } else {
                ins++;
                n--;
            }
        }
        words += m0;
    }

    @Override public String toString() {
        return errors() + " / " + words + ", " + ins + " ins, " + del + " del, " + sub + " sub";
    }
}
