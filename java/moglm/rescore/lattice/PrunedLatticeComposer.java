package moglm.rescore.lattice;

import java.util.Arrays;
import moglm.rescore.lmfst.LmArc;
import moglm.rescore.lmfst.OnDemandLm;
import moglm.rescore.util.LongIntMap;

/**
 * Pruned composition of a word lattice with an on-demand LM (the algorithm of Kaldi's
 * {@code ComposeCompactLatticePruned}, Xu et al., ICASSP 2018; this is our own implementation).
 *
 * <p>A composed state is a pair (lattice state, LM state); its arcs are the lattice's arcs with
 * the LM arc's cost added to the graph cost, its final weight the lattice's final weight plus the
 * LM's final cost. Instead of building all of it, arcs are expanded best-first with an A*-like
 * estimate of the best complete path through each not-yet-expanded arc:
 *
 * <pre>
 *   expected = forward(composed state)               best cost from the start, in the output so far
 *            + latticeBackward(lattice state)        best cost to the end in the INPUT lattice
 *            + deltaBackward(composed state)         estimated (output - input) backward difference,
 *                                                    i.e. what the LM changes on the rest of the path
 *            + arcDelta(next arc)                    how much worse the next arc of this lattice state
 *                                                    is than its best arc (arcs are taken best first)
 * </pre>
 * All costs are graph + acousticScale * acoustic. Forward, backward and deltaBackward of the output
 * are recomputed exactly (one topological pass each way) each time the output has grown by
 * {@code growthRatio} arcs; between recomputations new states inherit their predecessor's
 * deltaBackward. Until the first final state is reached, every deltaBackward carries a penalty of
 * -1000 per arc of depth, so the search first goes depth-first to a complete path; from then on
 * an arc is only expanded when its expected cost is within {@code latticeComposeBeam} of the best
 * complete output path, and the search stops once {@code maxArcs} arcs exist. Finally, states that
 * cannot reach a final state are removed and the rest are numbered in topological order.
 *
 * <p>The input lattice must have start state 0 and every arc going to a higher state id (Kaldi's
 * top-sorted lattices, as written by decoders). Epsilon arcs (word 0) leave the LM state as it is,
 * at no LM cost. Not thread-safe; one composer per lattice.
 */
public final class PrunedLatticeComposer {
    /** Statistics of one composition, for Kaldi-style logs. */
    public record Stats(int inputStates, int inputArcs, int outputStates, int outputArcs,
                        int statesBeforeConnect, int arcsBeforeConnect, double effectiveBeam) {}

    private static final float INITIAL_DEPTH_PENALTY = -1000f;

    private final ComposeOptions opts;
    private final WordLattice in;
    private final OnDemandLm lm;
    private final double acwt;
    private final LmArc lmArc = new LmArc();

    // --- input lattice information (static) ---
    private double[] latBackward;
    private int[] sortedOffset;      // per lattice state, into sortedDelta / sortedArc
    private float[] sortedDelta;     // delta cost of each exit (arc or final), increasing per state
    private int[] sortedArc;         // arc index, or -1 for the final weight
    private double latBestCost;
    private int[] latFirstComposed;  // per lattice state: composed states in creation order
    private int[] latLastComposed;

    // --- composed states ---
    private int numComposed;
    private int[] cLat = new int[256];
    private int[] cLm = new int[256];
    private int[] cDepth = new int[256];
    private double[] cForward = new double[256];
    private double[] cBackward = new double[256];
    private float[] cDeltaBackward = new float[256];
    private int[] cPrev = new int[256];
    private int[] cSortedIndex = new int[256];
    private float[] cArcDelta = new float[256];
    private float[] cFinalGraph = new float[256];
    private float[] cFinalAcoustic = new float[256];
    private int[] cNextSameLat = new int[256];
    private int[] cFirstArc = new int[256];
    private int[] cLastArc = new int[256];
    private final LongIntMap pairToState = new LongIntMap(1024);

    // --- composed arcs ---
    private int numArcsOut;
    private int[] oDst = new int[1024];
    private int[] oInputArc = new int[1024];
    private float[] oGraph = new float[1024];
    private int[] oNextOfSrc = new int[1024];

    // --- search state ---
    private final CostHeap queue = new CostHeap();
    private boolean outputReachedFinal;
    private float depthPenalty = INITIAL_DEPTH_PENALTY;
    private double outputBestCost = Double.POSITIVE_INFINITY;
    private float currentCutoff = Float.POSITIVE_INFINITY;
    private int[] topOrder = new int[0];
    private Stats stats;
    private String limitHit;

    private PrunedLatticeComposer(ComposeOptions opts, WordLattice in, OnDemandLm lm) {
        this.opts = opts;
        this.in = in;
        this.lm = lm;
        this.acwt = opts.acousticScale();
    }

    /**
     * Result of {@link #compose}: the composed lattice (null when empty) and statistics;
     * {@code limitHit} names the time or size limit that stopped the search early (null if none).
     */
    public record Result(WordLattice lattice, Stats stats, String limitHit) {
        public Result(WordLattice lattice, Stats stats) {
            this(lattice, stats, null);
        }
    }

    /**
     * Composes {@code lattice} with {@code lm} under {@code opts}. The output's arcs carry
     * graph = lattice graph + LM arc cost, acoustic unchanged, {@code arcOrigin} = input arc index,
     * {@code stateOrigin} = input lattice state. Returns a null lattice when no complete path
     * survives (Kaldi then reports the utterance as failed).
     *
     * @throws IllegalArgumentException if the lattice is not top-sorted with start state 0, or no
     *                                  final state is reachable from its start
     */
    public static Result compose(WordLattice lattice, OnDemandLm lm, ComposeOptions opts) {
        PrunedLatticeComposer c = new PrunedLatticeComposer(opts, lattice, lm);
        WordLattice out = c.run();
        return new Result(out, c.stats, c.limitHit);
    }

    private double cost(float graph, float acoustic) {
        return graph + acwt * acoustic;
    }

    private WordLattice run() {
        if (in.numStates == 0) {
            stats = new Stats(0, 0, 0, 0, 0, 0, Double.NaN);
            return null;
        }
        if (!in.isTopSortedStrictly())
            throw new IllegalArgumentException("lattice is not top-sorted (every arc must go to a higher state id)");
        long deadline = Double.isInfinite(opts.maxSeconds()) ? Long.MAX_VALUE
                : System.nanoTime() + (long) Math.min(opts.maxSeconds() * 1e9, 1e18);
        long noPathCap = (long) ComposeOptions.NO_PATH_ARC_FACTOR * opts.maxArcs();
        computeLatticeStateInfo();
        addFirstState();
        while (outputBestCost == Double.POSITIVE_INFINITY || numArcsOut < opts.maxArcs()) {
            recomputePruningInfo();
            int limit = currentArcLimit();
            int n = 0;
            while (numArcsOut < limit && !queue.isEmpty()) {
                processQueueElement(queue.pop());
                if ((++n & 255) == 0 && System.nanoTime() > deadline) break;
            }
            if (queue.isEmpty()) break;
            boolean late = System.nanoTime() > deadline;
            if (outputBestCost == Double.POSITIVE_INFINITY && (late || numArcsOut >= noPathCap)) {
                // no complete path within the limits: give up rather than grow without bound
                limitHit = late ? "the time limit of " + opts.maxSeconds() + " s" : noPathCap + " arcs";
                stats = new Stats(in.numStates, in.numArcs(), 0, 0, numComposed, numArcsOut, Double.NaN);
                return null;
            }
            if (late) {
                limitHit = "the time limit of " + opts.maxSeconds() + " s";
                break;
            }
        }
        double effectiveBeam = queue.isEmpty() ? Double.POSITIVE_INFINITY : queue.topCost() + latBestCost - outputBestCost;
        return connectAndTopSort(effectiveBeam);
    }

    private int currentArcLimit() {
        if (numArcsOut == 0) return opts.initialNumArcs();
        long ans = (long) (numArcsOut * opts.growthRatio());
        if (ans == numArcsOut) ans = numArcsOut + 1L;
        if (outputBestCost != Double.POSITIVE_INFINITY && ans > opts.maxArcs()) ans = opts.maxArcs();
        return (int) Math.min(ans, Integer.MAX_VALUE);
    }

    private void computeLatticeStateInfo() {
        int n = in.numStates;
        latBackward = new double[n];
        sortedOffset = new int[n + 1];
        int total = 0;
        for (int s = 0; s < n; s++) total += in.arcOffset[s + 1] - in.arcOffset[s] + (in.isFinal(s) ? 1 : 0);
        sortedDelta = new float[total];
        sortedArc = new int[total];
        double[] costs = new double[16];
        int[] idx = new int[16];
        // fill from the last state backwards, but store per-state ranges in forward order
        int pos = total;
        for (int s = n - 1; s >= 0; s--) {
            int m = 0;
            int cap = in.arcOffset[s + 1] - in.arcOffset[s] + 1;
            if (costs.length < cap) { costs = new double[cap]; idx = new int[cap]; }
            if (in.isFinal(s)) { costs[m] = cost(in.finalGraph[s], in.finalAcoustic[s]); idx[m++] = -1; }
            for (int a = in.arcOffset[s]; a < in.arcOffset[s + 1]; a++) {
                double b = latBackward[in.arcNext[a]] + cost(in.arcGraph[a], in.arcAcoustic[a]);
                if (b == Double.POSITIVE_INFINITY || Double.isNaN(b)) continue;   // arc into a dead end
                costs[m] = b;
                idx[m++] = a;
            }
            sortPairs(costs, idx, m);
            double best = m == 0 ? Double.POSITIVE_INFINITY : costs[0];
            latBackward[s] = best;
            pos -= m;
            sortedOffset[s] = pos;
            for (int i = 0; i < m; i++) {
                sortedDelta[pos + i] = (float) (costs[i] - best);
                sortedArc[pos + i] = idx[i];
            }
        }
        // ranges were filled contiguously from the back: state s ends where state s+1 begins;
        // the unused prefix [0, pos) left by skipped dead-end arcs is harmless
        sortedOffset[n] = total;
        latBestCost = latBackward[0];
        if (latBestCost == Double.POSITIVE_INFINITY)
            throw new IllegalArgumentException("no final state is reachable from the start state of the lattice");
        latFirstComposed = new int[n];
        latLastComposed = new int[n];
        Arrays.fill(latFirstComposed, -1);
        Arrays.fill(latLastComposed, -1);
    }

    /** Sorts (cost, index) pairs by cost, then index (insertion sort: lattice states have few arcs). */
    static void sortPairs(double[] c, int[] i, int m) {
        if (m > 48) {
            Integer[] order = new Integer[m];
            for (int k = 0; k < m; k++) order[k] = k;
            Arrays.sort(order, (x, y) -> c[x] != c[y] ? Double.compare(c[x], c[y]) : Integer.compare(i[x], i[y]));
            double[] c2 = new double[m];
            int[] i2 = new int[m];
            for (int k = 0; k < m; k++) { c2[k] = c[order[k]]; i2[k] = i[order[k]]; }
            System.arraycopy(c2, 0, c, 0, m);
            System.arraycopy(i2, 0, i, 0, m);
            return;
        }
        for (int a = 1; a < m; a++) {
            double cv = c[a];
            int iv = i[a];
            int b = a - 1;
            while (b >= 0 && (c[b] > cv || (c[b] == cv && i[b] > iv))) {
                c[b + 1] = c[b];
                i[b + 1] = i[b];
                b--;
            }
            c[b + 1] = cv;
            i[b + 1] = iv;
        }
    }

    private int newComposedState(int latState, int lmState) {
        int s = numComposed++;
        if (s == cLat.length) growStates();
        cLat[s] = latState;
        cLm[s] = lmState;
        cBackward[s] = Double.POSITIVE_INFINITY;
        cSortedIndex[s] = 0;
        cArcDelta[s] = 0f;
        cFinalGraph[s] = Float.POSITIVE_INFINITY;
        cFinalAcoustic[s] = Float.POSITIVE_INFINITY;
        cNextSameLat[s] = -1;
        cFirstArc[s] = -1;
        cLastArc[s] = -1;
        if (latLastComposed[latState] < 0) latFirstComposed[latState] = s;
        else cNextSameLat[latLastComposed[latState]] = s;
        latLastComposed[latState] = s;
        pairToState.put(((long) latState << 32) | (lmState & 0xffffffffL), s);
        return s;
    }

    private void growStates() {
        int n = cLat.length * 2;
        cLat = Arrays.copyOf(cLat, n);
        cLm = Arrays.copyOf(cLm, n);
        cDepth = Arrays.copyOf(cDepth, n);
        cForward = Arrays.copyOf(cForward, n);
        cBackward = Arrays.copyOf(cBackward, n);
        cDeltaBackward = Arrays.copyOf(cDeltaBackward, n);
        cPrev = Arrays.copyOf(cPrev, n);
        cSortedIndex = Arrays.copyOf(cSortedIndex, n);
        cArcDelta = Arrays.copyOf(cArcDelta, n);
        cFinalGraph = Arrays.copyOf(cFinalGraph, n);
        cFinalAcoustic = Arrays.copyOf(cFinalAcoustic, n);
        cNextSameLat = Arrays.copyOf(cNextSameLat, n);
        cFirstArc = Arrays.copyOf(cFirstArc, n);
        cLastArc = Arrays.copyOf(cLastArc, n);
    }

    private void addFirstState() {
        int s = newComposedState(0, lm.start());
        cDepth[s] = 0;
        cForward[s] = 0.0;
        cDeltaBackward[s] = 0f;
        cPrev[s] = -1;
        queue.push(0f, s);
    }

    private void recomputePruningInfo() {
        if (topOrder.length < numComposed) topOrder = new int[Math.max(numComposed, 2 * topOrder.length)];
        int k = 0;
        for (int l = 0; l < in.numStates; l++)
            for (int s = latFirstComposed[l]; s >= 0; s = cNextSameLat[s]) topOrder[k++] = s;
        computeForwardCosts(k);
        computeBackwardCosts(k);
        computeDeltaBackwardCosts(k);
    }

    private void computeForwardCosts(int k) {
        cDepth[0] = 0;
        for (int s = 1; s < numComposed; s++) {
            cForward[s] = Double.POSITIVE_INFINITY;
            cPrev[s] = -1;
        }
        for (int i = 0; i < k; i++) {
            int s = topOrder[i];
            double f = cForward[s];
            for (int a = cFirstArc[s]; a >= 0; a = oNextOfSrc[a]) {
                int d = oDst[a];
                double nf = f + cost(oGraph[a], in.arcAcoustic[oInputArc[a]]);
                if (cForward[d] > nf) {
                    cForward[d] = nf;
                    cPrev[d] = s;
                    cDepth[d] = cDepth[s] + 1;
                }
            }
        }
    }

    private void computeBackwardCosts(int k) {
        for (int i = k - 1; i >= 0; i--) {
            int s = topOrder[i];
            double b = cFinalGraph[s] == Float.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY
                    : cost(cFinalGraph[s], cFinalAcoustic[s]);
            for (int a = cFirstArc[s]; a >= 0; a = oNextOfSrc[a]) {
                double nb = cost(oGraph[a], in.arcAcoustic[oInputArc[a]]) + cBackward[oDst[a]];
                if (nb < b) b = nb;
            }
            cBackward[s] = b;
        }
        outputBestCost = cBackward[0];
        currentCutoff = (float) (outputBestCost - latBestCost + opts.latticeComposeBeam());
    }

    private void computeDeltaBackwardCosts(int k) {
        for (int s = 0; s < numComposed; s++)
            cDeltaBackward[s] = (float) (cBackward[s] - latBackward[cLat[s]] + cDepth[s] * depthPenalty);
        queue.clear();
        for (int i = 0; i < k; i++) {
            int s = topOrder[i];
            if (!Float.isFinite(cDeltaBackward[s])) {
                int p = cPrev[s];
                if (p < 0) cDeltaBackward[s] = 0f;
                else cDeltaBackward[s] = cDeltaBackward[p] + depthPenalty;
            }
            float expected = (float) (cForward[s] + latBackward[cLat[s]] + cDeltaBackward[s] + cArcDelta[s] - latBestCost);
            if (expected < currentCutoff) queue.push(expected, s);
        }
    }

    private void processQueueElement(int src) {
        int lat = cLat[src];
        int sortedIndex = cSortedIndex[src];
        int begin = sortedOffset[lat], numSorted = sortedOffset[lat + 1] - begin;
        if (sortedIndex < 0) return;
        float expected;
        if (sortedIndex + 1 == numSorted) {
            cSortedIndex[src] = -1;
            cArcDelta[src] = Float.POSITIVE_INFINITY;
            expected = Float.POSITIVE_INFINITY;
        } else {
            cSortedIndex[src] = sortedIndex + 1;
            cArcDelta[src] = sortedDelta[begin + sortedIndex + 1];
            expected = (float) (cForward[src] + latBackward[lat] + cDeltaBackward[src] + cArcDelta[src] - latBestCost);
        }
        if (expected < currentCutoff) queue.push(expected, src);

        if (sortedIndex == 0 && numSorted > 1)   // first expansion of this state: let a batched LM prepare its arcs
            lm.prefetch(cLm[src], in.arcWord, in.arcOffset[lat], in.arcOffset[lat + 1]);
        int arc = sortedArc[begin + sortedIndex];
        if (arc < 0) {
            float lmFinal = lm.finalCost(cLm[src]);
            if (lmFinal != Float.POSITIVE_INFINITY) {
                cFinalGraph[src] = in.finalGraph[lat] + lmFinal;
                cFinalAcoustic[src] = in.finalAcoustic[lat];
                double fc = cost(cFinalGraph[src], cFinalAcoustic[src]);
                if (fc < cBackward[src]) cBackward[src] = fc;
                if (!outputReachedFinal) {
                    outputReachedFinal = true;
                    depthPenalty = 0f;
                    recomputePruningInfo();
                }
            }
        } else {
            processTransition(src, arc);
        }
    }

    private void processTransition(int src, int arc) {
        int word = in.arcWord[arc];
        if (word == 0) {                       // epsilon: the LM does not move
            lmArc.cost = 0f;
            lmArc.next = cLm[src];
        } else if (!lm.arc(cLm[src], word, lmArc)) {
            return;
        }
        int destLat = in.arcNext[arc];
        int destLm = lmArc.next;
        float graph = in.arcGraph[arc] + lmArc.cost;
        int dest = pairToState.get(((long) destLat << 32) | (destLm & 0xffffffffL));
        if (dest < 0) {
            dest = newComposedState(destLat, destLm);
            cDepth[dest] = cDepth[src] + 1;
            cForward[dest] = cForward[src] + cost(in.arcGraph[arc], in.arcAcoustic[arc]) + lmArc.cost;
            cDeltaBackward[dest] = cDeltaBackward[src] + cDepth[dest] * depthPenalty;
            cPrev[dest] = -1;
            float expected = (float) (cForward[dest] + latBackward[destLat] + cDeltaBackward[dest] - latBestCost);
            if (expected < currentCutoff) queue.push(expected, dest);
        }
        int a = numArcsOut++;
        if (a == oDst.length) {
            int n = 2 * a;
            oDst = Arrays.copyOf(oDst, n);
            oInputArc = Arrays.copyOf(oInputArc, n);
            oGraph = Arrays.copyOf(oGraph, n);
            oNextOfSrc = Arrays.copyOf(oNextOfSrc, n);
        }
        oDst[a] = dest;
        oInputArc[a] = arc;
        oGraph[a] = graph;
        oNextOfSrc[a] = -1;
        if (cLastArc[src] < 0) cFirstArc[src] = a;
        else oNextOfSrc[cLastArc[src]] = a;
        cLastArc[src] = a;
    }

    /** Removes states that cannot reach a final state and renumbers the rest topologically. */
    private WordLattice connectAndTopSort(double effectiveBeam) {
        recomputeOrderOnly();
        int k = numComposed;
        boolean[] coaccessible = new boolean[numComposed];
        for (int i = k - 1; i >= 0; i--) {
            int s = topOrder[i];
            boolean ok = cFinalGraph[s] != Float.POSITIVE_INFINITY;
            for (int a = cFirstArc[s]; a >= 0 && !ok; a = oNextOfSrc[a]) ok = coaccessible[oDst[a]];
            coaccessible[s] = ok;
        }
        if (!coaccessible[0]) {
            stats = new Stats(in.numStates, in.numArcs(), 0, 0, numComposed, numArcsOut, effectiveBeam);
            return null;
        }
        int[] newId = new int[numComposed];
        Arrays.fill(newId, -1);
        WordLattice.Builder b = new WordLattice.Builder();
        for (int i = 0; i < k; i++) {
            int s = topOrder[i];
            if (coaccessible[s]) newId[s] = b.addState(cLat[s]);
        }
        for (int i = 0; i < k; i++) {
            int s = topOrder[i];
            if (newId[s] < 0) continue;
            if (cFinalGraph[s] != Float.POSITIVE_INFINITY) b.setFinal(newId[s], cFinalGraph[s], cFinalAcoustic[s]);
            for (int a = cFirstArc[s]; a >= 0; a = oNextOfSrc[a]) {
                int d = oDst[a];
                if (newId[d] < 0) continue;
                int ia = oInputArc[a];
                b.addArc(newId[s], in.arcWord[ia], oGraph[a], in.arcAcoustic[ia], newId[d], ia);
            }
        }
        WordLattice out = b.build();
        stats = new Stats(in.numStates, in.numArcs(), out.numStates, out.numArcs(), numComposed, numArcsOut, effectiveBeam);
        return out;
    }

    private void recomputeOrderOnly() {
        if (topOrder.length < numComposed) topOrder = new int[numComposed];
        int k = 0;
        for (int l = 0; l < in.numStates; l++)
            for (int s = latFirstComposed[l]; s >= 0; s = cNextSameLat[s]) topOrder[k++] = s;
    }
}
