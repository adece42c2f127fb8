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
}
