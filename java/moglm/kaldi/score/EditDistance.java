package moglm.kaldi.score;

/**
 * Word-level Levenshtein distance with the insertion / deletion / substitution split that Kaldi's
 * {@code compute-wer} reports.
 *
 * <p>Algorithm (the one in Kaldi's {@code LevenshteinEditDistance(ref, hyp, &ins, &del, &sub)}):
 * dynamic programming over a row indexed by the reference position r = 0..|ref|, advancing one
 * hypothesis word h at a time. Each cell carries (cost, ins, del, sub) of ONE chosen best
 * alignment of hyp[0..h) with ref[0..r). Row h = 0 is r deletions. For h &gt; 0, cell 0 is the
 * previous row's cell 0 plus an insertion, and for r &gt; 0 the three candidates are
 * <pre>
 *   ins = prev[r].cost + 1          (hyp word h-1 aligned to nothing)
 *   del = cur[r-1].cost + 1         (ref word r-1 aligned to nothing)
 *   sub = prev[r-1].cost + (hyp[h-1] != ref[r-1])   (match or substitution)
 * </pre>
 * The split depends on how ties are broken, and Kaldi breaks them so: take sub/match only when it
 * is STRICTLY cheaper than both ins and del; otherwise take del when del &lt; ins; otherwise ins.
 * So on a tie insertions win over deletions and both win over a substitution (or even a match)
 * of the same cost. The total is the usual edit distance either way; only the split differs.
 *
 * <p>Cost O(|ref|·|hyp|) time, O(|ref|) memory. Words are compared as ints (callers intern
 * strings, see {@link TokenInterner}).
 */
public final class EditDistance {
    private EditDistance() {}

    /** Aligns {@code hyp} to {@code ref} and returns Kaldi's ins/del/sub split. */
    public static EditCounts levenshtein(int[] ref, int[] hyp) {
        int n = ref.length;
        // struct-of-arrays rows: cost, ins, del, sub for ref positions 0..n
        int[] cost = new int[n + 1], ins = new int[n + 1], del = new int[n + 1], sub = new int[n + 1];
        int[] cCost = new int[n + 1], cIns = new int[n + 1], cDel = new int[n + 1], cSub = new int[n + 1];
        for (int r = 0; r <= n; r++) {
            cost[r] = r;
            del[r] = r;
        }
        for (int h = 1; h <= hyp.length; h++) {
            int word = hyp[h - 1];
            cCost[0] = cost[0] + 1;
            cIns[0] = ins[0] + 1;
            cDel[0] = del[0];
            cSub[0] = sub[0];
            for (int r = 1; r <= n; r++) {
                int insErr = cost[r] + 1;
                int delErr = cCost[r - 1] + 1;
                boolean differ = word != ref[r - 1];
                int subErr = cost[r - 1] + (differ ? 1 : 0);
                if (subErr < insErr && subErr < delErr) {
                    cCost[r] = subErr;
                    cIns[r] = ins[r - 1];
                    cDel[r] = del[r - 1];
                    cSub[r] = sub[r - 1] + (differ ? 1 : 0);
                } else if (delErr < insErr) {
                    cCost[r] = delErr;
                    cIns[r] = cIns[r - 1];
                    cDel[r] = cDel[r - 1] + 1;
                    cSub[r] = cSub[r - 1];
                } else {
                    cCost[r] = insErr;
                    cIns[r] = ins[r] + 1;
                    cDel[r] = del[r];
                    cSub[r] = sub[r];
                }
            }
            int[] t;
            t = cost; cost = cCost; cCost = t;
            t = ins; ins = cIns; cIns = t;
            t = del; del = cDel; cDel = t;
            t = sub; sub = cSub; cSub = t;
        }
        return new EditCounts(ins[n], del[n], sub[n]);
    }

    /**
     * The plain edit distance by the textbook recursion (no split), used as a reference in tests:
     * E(m, k) = min(E(m-1, k-1) + [a_m != b_k], E(m-1, k) + 1, E(m, k-1) + 1).
     */
    public static int distance(int[] a, int[] b) {
        int[] prev = new int[b.length + 1], cur = new int[b.length + 1];
        for (int k = 0; k <= b.length; k++) prev[k] = k;
        for (int m = 1; m <= a.length; m++) {
            cur[0] = m;
            for (int k = 1; k <= b.length; k++) {
                int best = prev[k - 1] + (a[m - 1] == b[k - 1] ? 0 : 1);
                best = Math.min(best, Math.min(prev[k] + 1, cur[k - 1] + 1));
                cur[k] = best;
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length];
    }

    /**
     * An optimal alignment of {@code ref} and {@code hyp} as Kaldi's {@code LevenshteinAlignment}
     * (used by {@code align-text}) chooses it: the full cost matrix
     * E(m, n) = min(E(m-1, n-1) + [ref_m != hyp_n], E(m-1, n) + 1, E(m, n-1) + 1) is traced back
     * from (|ref|, |hyp|), preferring match/substitution when it is no worse than both others, then
     * deletion (ref word against nothing) over insertion. Note these tie rules differ from
     * {@link #levenshtein}'s, so per-utterance counts from this alignment can split differently
     * from compute-wer's.
     *
     * @return pairs {@code [k][0]} = reference word or -1, {@code [k][1]} = hypothesis word or -1,
     *         in order
     */
    public static int[][] align(int[] ref, int[] hyp) {
        int mLen = ref.length, nLen = hyp.length;
        int[][] e = new int[mLen + 1][nLen + 1];
        for (int n = 0; n <= nLen; n++) e[0][n] = n;
        for (int m = 1; m <= mLen; m++) {
            e[m][0] = e[m - 1][0] + 1;
            for (int n = 1; n <= nLen; n++) {
                int subOrOk = e[m - 1][n - 1] + (ref[m - 1] == hyp[n - 1] ? 0 : 1);
                e[m][n] = Math.min(subOrOk, Math.min(e[m - 1][n] + 1, e[m][n - 1] + 1));
            }
        }
        int[][] rev = new int[mLen + nLen][];
        int k = 0, m = mLen, n = nLen;
        while (m != 0 || n != 0) {
            int lastM, lastN;
            if (m == 0) {
                lastM = m;
                lastN = n - 1;
            } else if (n == 0) {
                lastM = m - 1;
                lastN = n;
            } else {
                int subOrOk = e[m - 1][n - 1] + (ref[m - 1] == hyp[n - 1] ? 0 : 1);
                int del = e[m - 1][n] + 1, ins = e[m][n - 1] + 1;
                if (subOrOk <= Math.min(del, ins)) {
                    lastM = m - 1;
                    lastN = n - 1;
                } else if (del <= ins) {
                    lastM = m - 1;
                    lastN = n;
                } else {
                    lastM = m;
                    lastN = n - 1;
                }
            }
            rev[k++] = new int[] {lastM == m ? -1 : ref[lastM], lastN == n ? -1 : hyp[lastN]};
            m = lastM;
            n = lastN;
        }
        int[][] out = new int[k][];
        for (int i = 0; i < k; i++) out[i] = rev[k - 1 - i];
        return out;
    }
}
