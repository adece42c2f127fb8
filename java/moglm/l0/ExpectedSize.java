package moglm.l0;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expected parameter count of a model under independent gates ({@link GateMap#removes}): with
 * p_g = P(z_g != 0), element (r, c) of a tensor survives when every gate in rows(r) U cols(c) is
 * non-zero, so
 * <pre>
 *   E[params] = sum over tensors, r, c of  prod_{g in rows(r) U cols(c)} p_g
 * </pre>
 * exactly (no element counted twice, whatever the overlaps: a recurrent weight of unit j that is
 * both in unit j's row and in its column counts p_j once, not p_j^2). Computed per tensor in
 * O(rows + cols + overlaps): with P_r = prod over rows(r) and P_c over cols(c),
 * <pre>
 *   E_t = (sum_r P_r)(sum_c P_c) + sum over pairs (r, c) sharing gate g of  P_r\g P_c\g p_g (1 - p_g)
 * </pre>
 * (the correction turns the p_g^2 of the plain product into p_g; a pair shares at most one gate,
 * checked). The gradient dE/dp_g is exact too. For gates at 0 or 1 it is the number of parameters
 * left non-zero after zeroing everything the closed gates remove (tested against the export).
 */
public final class ExpectedSize {
    /** (tensor-local) overlap pair: row r, column c, shared gate g. */
    private record Pair(int r, int c, int g) {}

    private final GateMap map;
    private final long ungated;               // parameters of tensors no gate removes anything of
    private final List<String> names = new ArrayList<>();
    private final List<GateMap.Axes> axes = new ArrayList<>();
    private final List<Pair[]> pairs = new ArrayList<>();

    public ExpectedSize(GateMap map) {
        this.map = map;
        long free = 0;
        for (Map.Entry<String, int[]> e : map.shapes().entrySet()) {
            GateMap.Axes a = map.removes().get(e.getKey());
            if (a == null) {
                free += (long) e.getValue()[0] * e.getValue()[1];
                continue;
            }
            names.add(e.getKey());
            axes.add(a);
            pairs.add(overlaps(a, map.gates()));
        }
        this.ungated = free;
    }

    private static Pair[] overlaps(GateMap.Axes a, int gates) {
        List<List<Integer>> colsOf = new ArrayList<>();
        for (int g = 0; g < gates; g++) colsOf.add(null);
        for (int c = 0; c < a.colCount(); c++) {
            for (int g : a.col(c)) {
                if (colsOf.get(g) == null) colsOf.set(g, new ArrayList<>());
                colsOf.get(g).add(c);
            }
        }
        List<Pair> out = new ArrayList<>();
        for (int r = 0; r < a.rowCount(); r++) {
            for (int g : a.row(r)) {
                if (colsOf.get(g) == null) continue;
                for (int c : colsOf.get(g)) {
                    int shared = 0;
                    for (int x : a.row(r)) for (int y : a.col(c)) if (x == y) shared++;
                    if (shared != 1) throw new IllegalStateException("element (" + r + ", " + c + ") shares " + shared + " gates");
                    out.add(new Pair(r, c, g));
                }
            }
        }
        return out.toArray(new Pair[0]);
    }

    /** Dense parameter count (every gate open). */
    public double dense() {
        double[] ones = new double[map.gates()];
        java.util.Arrays.fill(ones, 1);
        return value(ones, null);
    }

    /**
     * E[params] at P(z != 0) = p (flat, by gate id); when {@code grad} is not null it receives
     * dE/dp (overwritten).
     */
    public double value(double[] p, double[] grad) {
        if (grad != null) java.util.Arrays.fill(grad, 0);
        double total = ungated;
        for (int t = 0; t < axes.size(); t++) {
            GateMap.Axes a = axes.get(t);
            double sumR = 0, sumC = 0;
            double[] pr = new double[a.rowCount()], pc = new double[a.colCount()];
            for (int r = 0; r < pr.length; r++) sumR += pr[r] = product(a.row(r), p, -1, -1);
            for (int c = 0; c < pc.length; c++) sumC += pc[c] = product(a.col(c), p, -1, -1);
            total += sumR * sumC;
            if (grad != null) {
                for (int r = 0; r < pr.length; r++) for (int g : a.row(r)) grad[g] += product(a.row(r), p, g, -1) * sumC;
                for (int c = 0; c < pc.length; c++) for (int g : a.col(c)) grad[g] += product(a.col(c), p, g, -1) * sumR;
            }
            for (Pair q : pairs.get(t)) {
                int[] rg = a.row(q.r), cg = a.col(q.c);
                double pg = p[q.g], rest = product(rg, p, q.g, -1) * product(cg, p, q.g, -1);
                total += rest * pg * (1 - pg);
                if (grad == null) continue;
                grad[q.g] += rest * (1 - 2 * pg);
                for (int h : rg) if (h != q.g) grad[h] += product(rg, p, q.g, h) * product(cg, p, q.g, -1) * pg * (1 - pg);
                for (int h : cg) if (h != q.g) grad[h] += product(rg, p, q.g, -1) * product(cg, p, q.g, h) * pg * (1 - pg);
            }
        }
        return total;
    }

    /** Product of p over ids, leaving out ids skip1 and skip2 (-1: none). */
    private static double product(int[] ids, double[] p, int skip1, int skip2) {
        double v = 1;
        for (int g : ids) if (g != skip1 && g != skip2) v *= p[g];
        return v;
    }

    /** Names of the tensors some gate removes parts of (for tests and reports). */
    public List<String> gatedTensors() { return names; }
}
