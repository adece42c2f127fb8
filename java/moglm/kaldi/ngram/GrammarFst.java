package moglm.kaldi.ngram;

import java.util.Arrays;

/**
 * A grammar FST (Kaldi's {@code G.fst}: an OpenFst acceptor over word ids with tropical weights)
 * prepared for back-off lookups, with the semantics of Kaldi's
 * {@code fst::BackoffDeterministicOnDemandFst}.
 *
 * <h2>Preparation (as Kaldi's {@code lattice-lmrescore-pruned} reads an LM FST)</h2>
 * If any arc has input label != output label, every arc's label becomes its OUTPUT label
 * (OpenFst's {@code Project(PROJECT_OUTPUT)}): {@code arpa2fst --disambig-symbol=#0} puts
 * {@code #0} on the input side of back-off arcs and epsilon on the output side, so back-off arcs
 * become epsilon arcs. Arcs of each state are then stably sorted by label.
 *
 * <h2>Lookups</h2>
 * <pre>
 *   arc(s, w):   the first arc of s labelled w, if any;
 *                else, if the first arc of s is an epsilon (back-off) arc s -> b with weight x:
 *                arc(b, w) with its weight plus x (float addition, deepest back-off first);
 *                else no arc.
 *   final(s):    the final weight of s if it is not +inf (zero), else x + final(b) via the
 *                back-off arc, else +inf.
 * </pre>
 * A state is an FST state id: arpa2fst makes one per listed n-gram history (minus the
 * "redundant" states that only had a back-off arc, whose back-off weight arpa2fst moved onto
 * the arcs entering them), so walking the FST gives ARPA back-off probabilities. Immutable and
 * thread-safe. Load with {@link OpenFstReader}.
 */
public final class GrammarFst {
    private final int start;
    private final float[] finalWeight;   // +inf: not final
    private final int[] arcStart;        // per state, into the arc arrays (numStates + 1)
    private final int[] label;           // projected label, sorted per state
    private final float[] weight;
    private final int[] next;
    private final boolean projected;
    private final int maxLabel;

    GrammarFst(int start, float[] finalWeight, int[] arcStart, int[] label, float[] weight, int[] next,
               boolean projected) {
        this.start = start;
        this.finalWeight = finalWeight;
        this.arcStart = arcStart;
        this.label = label;
        this.weight = weight;
        this.next = next;
        this.projected = projected;
        int m = 0;
        for (int l : label) m = Math.max(m, l);
        this.maxLabel = m;
    }

    /** The start state (after {@code <s>}: arpa2fst makes the {@code <s>} history the start). */
    public int start() { return start; }

    public int numStates() { return finalWeight.length; }

    public long numArcs() { return label.length; }

    /** True when the file had arcs with input != output label and was projected on the output. */
    public boolean wasProjected() { return projected; }

    /** The largest label on any arc (after projection). */
    public int maxLabel() { return maxLabel; }

    /** The stored final weight of {@code s} (+inf when not final), without back-off. */
    public float storedFinal(int s) { return finalWeight[s]; }

    /** Index of the first arc of {@code s} labelled {@code w} (binary search), or -1. */
    int findArc(int s, int w) {
        int lo = arcStart[s], hi = arcStart[s + 1] - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int l = label[mid];
            if (l < w) lo = mid + 1;
            else {
                if (l == w) found = mid;
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Destination of arc {@code a}. */
    public int arcNext(int a) { return next[a]; }

    /** Weight of arc {@code a}. */
    public float arcWeight(int a) { return weight[a]; }

    /** Index of the first arc of {@code s} labelled {@code w} (no back-off), or -1. */
    public int directArc(int s, int w) { return findArc(s, w); }

    /** The back-off (first, epsilon) arc of {@code s}, or -1. */
    public int backoffArc(int s) {
        int a = arcStart[s];
        return a < arcStart[s + 1] && label[a] == 0 ? a : -1;
    }

    /**
     * Follows word {@code w} (> 0) from state {@code s}, backing off as needed: returns the
     * destination state and writes the cost to {@code cost[0]}; returns -1 when there is no arc.
     */
    public int arc(int s, int w, float[] cost) {
        if (w <= 0) throw new IllegalArgumentException("word id must be > 0 (epsilon cannot be looked up), got " + w);
        // the chain of back-off arcs taken, in order; weights are added deepest first, as the
        // recursion of Kaldi's BackoffDeterministicOnDemandFst::GetArc does
        int depth = 0;
        int[] chain = null;
        int state = s;
        int a;
        while ((a = findArc(state, w)) < 0) {
            int b = backoffArc(state);
            if (b < 0) return -1;
            if (chain == null) chain = new int[8];
            else if (depth == chain.length) chain = Arrays.copyOf(chain, 2 * depth);
            chain[depth++] = b;
            state = next[b];
            if (depth > finalWeight.length) throw new IllegalStateException("back-off cycle");   // excluded by the reader
        }
        float c = weight[a];
        for (int i = depth - 1; i >= 0; i--) c += weight[chain[i]];
        cost[0] = c;
        return next[a];
    }

    /** The final weight of {@code s} through back-off arcs (+inf when none is final). */
    public float finalCost(int s) {
        int depth = 0;
        int state = s;
        float[] acc = null;
        while (finalWeight[state] == Float.POSITIVE_INFINITY) {
            int b = backoffArc(state);
            if (b < 0) return Float.POSITIVE_INFINITY;
            if (acc == null) acc = new float[8];
            else if (depth == acc.length) acc = Arrays.copyOf(acc, 2 * depth);
            acc[depth++] = weight[b];
            state = next[b];
            if (depth > finalWeight.length) throw new IllegalStateException("back-off cycle");
        }
        float c = finalWeight[state];
        for (int i = depth - 1; i >= 0; i--) c = acc[i] + c;
        return c;
    }

    /** Approximate bytes held. */
    public long bytes() {
        return 8L * finalWeight.length + 12L * label.length;
    }
}
