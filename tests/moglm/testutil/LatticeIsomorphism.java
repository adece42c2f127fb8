package moglm.testutil;

import java.util.ArrayDeque;
import java.util.Arrays;
import moglm.kaldi.lattice.CompactLattice;

/**
 * Compares two word lattices that are deterministic on words (at most one arc per word leaving a
 * state), as Kaldi's rescoring outputs are: walks both from their start states together, pairing
 * states reached by the same word sequence, and requires that the pairing is one-to-one, that
 * paired states have the same words on their arcs and the same finality, and that graph and
 * acoustic costs agree within {@link #tolerance}. State numbering may differ.
 */
public final class LatticeIsomorphism {
    private LatticeIsomorphism() {}

    /** Result: null {@code problem} when isomorphic; the largest cost differences seen. */
    public record Result(String problem, double maxGraphDiff, double maxAcousticDiff) {
        public boolean same() { return problem == null; }
    }

    /**
     * Float printed by Kaldi with 6 significant digits, against the value computed in float: the
     * print rounding (at most 5e-6 relative) plus a few float ulps.
     */
    public static double tolerance(double kaldi) {
        return 6e-6 * Math.abs(kaldi) + 1e-6;
    }

    public static Result compare(CompactLattice ours, CompactLattice kaldi) {
        if (ours.numStates() == 0 || kaldi.numStates() == 0)
            return new Result(ours.numStates() == kaldi.numStates() ? null : "one lattice is empty", 0, 0);
        int[] toK = new int[ours.numStates()], toO = new int[kaldi.numStates()];
        Arrays.fill(toK, -1);
        Arrays.fill(toO, -1);
        double mg = 0, ma = 0;
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        toK[ours.start()] = kaldi.start();
        toO[kaldi.start()] = ours.start();
        queue.add(new int[] {ours.start(), kaldi.start()});
        int pairs = 0;
        while (!queue.isEmpty()) {
            int[] p = queue.poll();
            int so = p[0], sk = p[1];
            pairs++;
            if (ours.isFinal(so) != kaldi.isFinal(sk)) return new Result("state " + so + "/" + sk + ": finality differs", mg, ma);
            if (ours.isFinal(so)) {
                double dg = Math.abs(ours.finalGraphCost(so) - kaldi.finalGraphCost(sk));
                double da = Math.abs(ours.finalAcousticCost(so) - kaldi.finalAcousticCost(sk));
                mg = Math.max(mg, dg);
                ma = Math.max(ma, da);
                if (dg > tolerance(kaldi.finalGraphCost(sk)) || da > tolerance(kaldi.finalAcousticCost(sk)))
                    return new Result("state " + so + "/" + sk + ": final weight " + ours.finalGraphCost(so) + "," + ours.finalAcousticCost(so)
                            + " vs " + kaldi.finalGraphCost(sk) + "," + kaldi.finalAcousticCost(sk), mg, ma);
            }
            int[] ao = sortedArcs(ours, so), ak = sortedArcs(kaldi, sk);
            if (ao == null || ak == null) return new Result("state " + so + "/" + sk + ": two arcs with one word (not deterministic)", mg, ma);
            if (ao.length != ak.length) return new Result("state " + so + "/" + sk + ": " + ao.length + " vs " + ak.length + " arcs", mg, ma);
            for (int i = 0; i < ao.length; i++) {
                int a = ao[i], b = ak[i];
                if (ours.ilabel(a) != kaldi.ilabel(b))
                    return new Result("state " + so + "/" + sk + ": words differ (" + ours.ilabel(a) + " vs " + kaldi.ilabel(b) + ")", mg, ma);
                double dg = Math.abs(ours.graphCost(a) - kaldi.graphCost(b));
                double da = Math.abs(ours.acousticCost(a) - kaldi.acousticCost(b));
                mg = Math.max(mg, dg);
                ma = Math.max(ma, da);
                if (dg > tolerance(kaldi.graphCost(b)) || da > tolerance(kaldi.acousticCost(b)))
                    return new Result("state " + so + "/" + sk + " word " + ours.ilabel(a) + ": weight " + ours.graphCost(a) + "," + ours.acousticCost(a)
                            + " vs " + kaldi.graphCost(b) + "," + kaldi.acousticCost(b), mg, ma);
                int no = ours.nextState(a), nk = kaldi.nextState(b);
                if (toK[no] < 0 && toO[nk] < 0) {
                    toK[no] = nk;
                    toO[nk] = no;
                    queue.add(new int[] {no, nk});
                } else if (toK[no] != nk || toO[nk] != no) {
                    return new Result("state " + so + "/" + sk + " word " + ours.ilabel(a) + ": leads to " + no + "/" + nk
                            + ", which are paired differently (different state structure)", mg, ma);
                }
            }
        }
        if (pairs != ours.numStates() || pairs != kaldi.numStates())
            return new Result("reachable states: " + pairs + " paired, " + ours.numStates() + " ours, " + kaldi.numStates() + " Kaldi's", mg, ma);
        return new Result(null, mg, ma);
    }

    /**
     * Structure as {@link #compare}, but weights only up to redistribution along paths: true when
     * every complete path has the same total graph and acoustic cost in both (for deterministic,
     * trim lattices: there are state potentials p with ours = kaldi + p(src) - p(dst) on every arc
     * and ours = kaldi + p(s) on every final weight). Returns the largest path-total deviation
     * found, or +inf when the structures differ.
     */
    public static double maxPathTotalDeviation(CompactLattice ours, CompactLattice kaldi) {
        int no = ours.numStates(), nk = kaldi.numStates();
        if (no == 0 || nk == 0) return no == nk ? 0 : Double.POSITIVE_INFINITY;
        int[] toK = new int[no], toO = new int[nk];
        Arrays.fill(toK, -1);
        Arrays.fill(toO, -1);
        double[] pg = new double[no], pa = new double[no];
        double worst = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        toK[ours.start()] = kaldi.start();
        toO[kaldi.start()] = ours.start();
        queue.add(ours.start());
        int pairs = 0;
        while (!queue.isEmpty()) {
            int so = queue.poll(), sk = toK[so];
            pairs++;
            if (ours.isFinal(so) != kaldi.isFinal(sk)) return Double.POSITIVE_INFINITY;
            if (ours.isFinal(so)) {
                worst = Math.max(worst, Math.abs(ours.finalGraphCost(so) - kaldi.finalGraphCost(sk) + pg[so]));
                worst = Math.max(worst, Math.abs(ours.finalAcousticCost(so) - kaldi.finalAcousticCost(sk) + pa[so]));
            }
            int[] ao = sortedArcs(ours, so), ak = sortedArcs(kaldi, sk);
            if (ao == null || ak == null || ao.length != ak.length) return Double.POSITIVE_INFINITY;
            for (int i = 0; i < ao.length; i++) {
                int a = ao[i], b = ak[i];
                if (ours.ilabel(a) != kaldi.ilabel(b)) return Double.POSITIVE_INFINITY;
                int d = ours.nextState(a), dk = kaldi.nextState(b);
                double eg = pg[so] + ours.graphCost(a) - kaldi.graphCost(b);
                double ea = pa[so] + ours.acousticCost(a) - kaldi.acousticCost(b);
                if (toK[d] < 0 && toO[dk] < 0) {
                    toK[d] = dk;
                    toO[dk] = d;
                    pg[d] = eg;
                    pa[d] = ea;
                    queue.add(d);
                } else if (toK[d] != dk || toO[dk] != d) {
                    return Double.POSITIVE_INFINITY;
                } else {
                    worst = Math.max(worst, Math.max(Math.abs(eg - pg[d]), Math.abs(ea - pa[d])));
                }
            }
        }
        return pairs == no && pairs == nk ? worst : Double.POSITIVE_INFINITY;
    }

    private static int[] sortedArcs(CompactLattice l, int s) {
        int n = l.numArcs(s);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = l.arcBegin(s) + i;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = idx[i];
        Arrays.sort(boxed, (x, y) -> Integer.compare(l.ilabel(x), l.ilabel(y)));
        for (int i = 0; i < n; i++) {
            idx[i] = boxed[i];
            if (i > 0 && l.ilabel(idx[i]) == l.ilabel(idx[i - 1])) return null;
        }
        return idx;
    }
}
